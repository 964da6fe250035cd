package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Ipc;
import io.ipcsh.posix.Shm;
import io.ipcsh.posix.ipc_perm;
import io.ipcsh.posix.shmid_ds;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Operations on segments by key or id, without attaching: find, destroy, chmod, and
 * {@link SegmentStat#list() list}.
 */
public final class Segments {
    private Segments() {
    }

    /** {@code shmget(key, 0, 0)}: the id of the existing segment for {@code key}. */
    public static int idOf(IpcKey key) {
        if (key.isPrivate()) {
            throw ShmErrors.privateKey();
        }
        int shmid = Shm.shmget(key.value(), 0, 0);
        if (shmid == -1) {
            throw ShmErrors.lookup(key, Errno.last());
        }
        return shmid;
    }

    /** {@code shmctl(shmid, IPC_RMID)}: freed at the last detach. */
    public static void destroy(int shmid) {
        if (Shm.shmctl(shmid, Ipc.IPC_RMID, MemorySegment.NULL) == -1) {
            throw ShmErrors.destroy(shmid, Errno.last());
        }
    }

    /** Destroys the segment found by {@code key}. */
    public static void destroy(IpcKey key) {
        destroy(idOf(key));
    }

    /** {@code shmctl(IPC_STAT)} then {@code shmctl(IPC_SET)} with new permission bits. */
    public static void chmod(int shmid, int mode) {
        Modes.check(mode);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ds = shmid_ds.allocate(arena);
            if (Shm.shmctl(shmid, Ipc.IPC_STAT, ds) == -1) {
                throw ShmErrors.chmodStat(shmid, Errno.last());
            }
            // IPC_SET takes uid, gid and mode from the struct: keep the first two as they are.
            MemorySegment perm = shmid_ds.shm_perm(ds);
            ipc_perm.mode(perm, (ipc_perm.mode(perm) & ~0777) | mode);
            if (Shm.shmctl(shmid, Ipc.IPC_SET, ds) == -1) {
                throw ShmErrors.chmod(shmid, Errno.last());
            }
        }
    }
}
