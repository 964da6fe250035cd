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
            throw new IpcException.InvalidArgumentException(
                    "IPC_PRIVATE names no existing segment (use --id SHMID)");
        }
        int shmid = Shm.shmget(key.value(), 0, 0);
        if (shmid == -1) {
            int errno = Errno.last();
            throw IpcException.of("shmget", errno, errno == 13
                    ? "permission denied on the segment with key " + key.hex()
                    : "no segment with key " + key.hex(), errno == 13 ? null : "see list");
        }
        return shmid;
    }

    /** {@code shmctl(shmid, IPC_RMID)}: freed at the last detach. */
    public static void destroy(int shmid) {
        if (Shm.shmctl(shmid, Ipc.IPC_RMID, MemorySegment.NULL) == -1) {
            int errno = Errno.last();
            throw IpcException.of("shmctl", errno, errno == 1
                    ? "only the owner or creator may destroy shmid=" + shmid
                    : "no segment with shmid=" + shmid, errno == 1 ? "ask its owner, or root" : "it may be removed already; see list");
        }
    }

    /** Destroys the segment found by {@code key}. */
    public static void destroy(IpcKey key) {
        destroy(idOf(key));
    }

    /** {@code shmctl(IPC_STAT)} then {@code shmctl(IPC_SET)} with new permission bits. */
    public static void chmod(int shmid, int mode) {
        if (mode < 0 || mode > 0777) {
            throw new IpcException.InvalidArgumentException("mode out of range: mode=0" + Integer.toOctalString(mode)
                    + " (use 0 to 0777, such as 0600)");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ds = shmid_ds.allocate(arena);
            if (Shm.shmctl(shmid, Ipc.IPC_STAT, ds) == -1) {
                int errno = Errno.last();
                // EACCES: no read permission, so certainly not its owner, who alone may IPC_SET.
                throw errno == 13
                        ? IpcException.of("shmctl", errno, "cannot change the mode of shmid=" + shmid,
                                "only its owner or creator may")
                        : IpcException.of("shmctl", errno, "no segment with shmid=" + shmid, "see list");
            }
            // IPC_SET takes uid, gid and mode from the struct: keep the first two as they are.
            MemorySegment perm = shmid_ds.shm_perm(ds);
            ipc_perm.mode(perm, (ipc_perm.mode(perm) & ~0777) | mode);
            if (Shm.shmctl(shmid, Ipc.IPC_SET, ds) == -1) {
                throw IpcException.of("shmctl", Errno.last(), "cannot change the mode of shmid=" + shmid,
                        "only its owner or creator may");
            }
        }
    }
}
