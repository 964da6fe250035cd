package io.ipcsh.ipc;

import io.ipcsh.ipc.IpcException.Advice;
import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Shm;
import io.ipcsh.posix.Unistd;

/**
 * The error table of System V shared memory, after sysv_ipc's {@code sem_set_error}: each
 * (call, errno) becomes the {@link IpcException} subclass {@link IpcException#of} picks,
 * with a plain message naming the key or shmid and, for the common cases, an
 * {@link Advice}. Messages speak of this API; a shell words the advice its own way.
 */
final class ShmErrors {
    private ShmErrors() {
    }

    /** {@code shmget(key, size, flags)} failed with {@code errno}. */
    static IpcException shmget(IpcKey key, long size, Segment.Creation creation, int errno) {
        String k = "key " + key.hex();
        Errno e = Errno.of(errno);
        if (e == null) {
            return IpcException.of("shmget", errno, "shmget failed for " + k + " size=" + size, null);
        }
        return switch (e) {
            case ENOENT -> IpcException.advising("shmget", errno, "no segment with " + k, Advice.CREATE_FIRST);
            case EEXIST -> IpcException.advising("shmget", errno, "a segment with " + k + " already exists", Advice.OPEN_OR_DESTROY);
            case EACCES -> IpcException.advising("shmget", errno, "permission denied on the segment with " + k + " " + ownerOf(key),
                    Advice.ASK_OWNER_OR_READ_ONLY);
            case EINVAL -> sizeProblem(key, size, creation, errno);
            case ENOMEM -> IpcException.of("shmget", errno, "not enough memory for a segment of size=" + size,
                    "ask for less; see free -m and /proc/sys/vm/overcommit_memory");
            case ENOSPC -> IpcException.of("shmget", errno, "cannot create a segment of size=" + size
                    + ": a system limit is reached", "see /proc/sys/kernel/shmall and shmmni, or destroy unused segments");
            case EPERM -> IpcException.of("shmget", errno, "not permitted to create segment with " + k, null);
            default -> IpcException.of("shmget", errno, "shmget failed for " + k + " size=" + size, null);
        };
    }

    /** EINVAL from shmget: the size is wrong for the existing segment, or for a new one. */
    private static IpcException sizeProblem(IpcKey key, long size, Segment.Creation creation, int errno) {
        if (!key.isPrivate()) {
            int existing = Shm.shmget(key.value(), 0, 0);
            if (existing >= 0) {
                long have = SegmentStat.of(existing).size();
                return IpcException.advising("shmget", errno, "the segment with key " + key.hex() + " has size=" + have
                        + ", smaller than the size=" + size + " asked for", Advice.TAKE_EXISTING_SIZE);
            }
        }
        if (creation == Segment.Creation.OPEN) {
            return IpcException.advising("shmget", errno, "no segment with key " + key.hex(), Advice.LIST);
        }
        return IpcException.of("shmget", errno, "size=" + size + " is out of range for a new segment",
                "use 1 byte up to kernel.shmmax=" + Limits.shmmaxText());
    }

    /** {@code shmget(key, 0, 0)} to find an existing segment failed. */
    static IpcException lookup(IpcKey key, int errno) {
        return Errno.EACCES.is(errno)
                ? IpcException.of("shmget", errno, "permission denied on the segment with key " + key.hex(), null)
                : IpcException.advising("shmget", errno, "no segment with key " + key.hex(), Advice.LIST);
    }

    /** {@code shmat(shmid, NULL, readOnly ? SHM_RDONLY : 0)} failed. */
    static IpcException shmat(int shmid, boolean readOnly, int errno) {
        Errno e = Errno.of(errno);
        if (e == null) {
            return IpcException.of("shmat", errno, "cannot attach shmid=" + shmid, null);
        }
        return switch (e) {
            case EACCES -> readOnly
                    ? IpcException.of("shmat", errno, "permission denied attaching shmid=" + shmid + " " + owner(shmid), null)
                    : IpcException.advising("shmat", errno, "permission denied attaching shmid=" + shmid + " " + owner(shmid),
                            Advice.READ_ONLY_OR_ASK_OWNER);
            case EIDRM -> IpcException.of("shmat", errno, "segment shmid=" + shmid + " was removed", null);
            case EINVAL -> IpcException.advising("shmat", errno, "no segment with shmid=" + shmid
                    + ": it was removed, or never existed", Advice.LIST);
            case ENOMEM -> IpcException.of("shmat", errno, "not enough address space or memory to attach shmid=" + shmid,
                    "detach segments this process no longer needs");
            default -> IpcException.of("shmat", errno, "cannot attach shmid=" + shmid, null);
        };
    }

    /** {@code shmdt} failed: the address was not an attach (EINVAL). */
    static IpcException shmdt(int shmid, int errno) {
        return IpcException.of("shmdt", errno, "detach failed for shmid=" + shmid, null);
    }

    /** {@code shmctl(shmid, IPC_STAT)} failed. */
    static IpcException stat(int shmid, int errno) {
        return Errno.EACCES.is(errno)
                ? IpcException.advising("shmctl", errno, "no read permission on segment shmid=" + shmid, Advice.LIST_WITHOUT_READ)
                : IpcException.advising("shmctl", errno, "no segment with shmid=" + shmid, Advice.MAYBE_REMOVED);
    }

    /** {@code shmctl(shmid, IPC_RMID)} failed. */
    static IpcException destroy(int shmid, int errno) {
        return Errno.EPERM.is(errno)
                ? IpcException.of("shmctl", errno, "only the owner or creator may destroy shmid=" + shmid, "ask its owner, or root")
                : IpcException.advising("shmctl", errno, "no segment with shmid=" + shmid, Advice.MAYBE_REMOVED_ALREADY);
    }

    /** {@code shmctl(IPC_STAT)} before an IPC_SET failed. */
    static IpcException chmodStat(int shmid, int errno) {
        // EACCES: no read permission, so certainly not its owner, who alone may IPC_SET.
        return Errno.EACCES.is(errno)
                ? IpcException.of("shmctl", errno, "cannot change the mode of shmid=" + shmid, "only its owner or creator may")
                : IpcException.advising("shmctl", errno, "no segment with shmid=" + shmid, Advice.LIST);
    }

    /** {@code shmctl(IPC_SET)} failed. */
    static IpcException chmod(int shmid, int errno) {
        return IpcException.of("shmctl", errno, "cannot change the mode of shmid=" + shmid, "only its owner or creator may");
    }

    /** IPC_PRIVATE was given where an existing segment must be named. */
    static IpcException privateKey() {
        return IpcException.invalid("IPC_PRIVATE names no existing segment", Advice.BY_ID);
    }

    /** Names mode and owner for a permission error; SHM_STAT_ANY works without read access. */
    private static String ownerOf(IpcKey key) {
        for (SegmentStat s : SegmentStat.list()) {
            if (s.key().equals(key)) {
                return describeOwner(s);
            }
        }
        return "";
    }

    private static String owner(int shmid) {
        for (SegmentStat s : SegmentStat.list()) {
            if (s.shmid() == shmid) {
                return describeOwner(s);
            }
        }
        return "";
    }

    private static String describeOwner(SegmentStat s) {
        return "(mode " + s.modeOctal() + ", owner uid " + s.uid() + ", you are uid " + Unistd.geteuid() + ")";
    }
}
