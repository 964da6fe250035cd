package io.ipcsh.ipc;

import io.ipcsh.ipc.IpcException.Advice;
import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Sem;
import io.ipcsh.posix.Unistd;

import java.util.List;

/**
 * The error table of System V semaphore sets, after sysv_ipc's {@code sem_set_error}:
 * ENOENT not found, EEXIST already exists, EACCES/EPERM permission, EIDRM removed, EINVAL
 * no such set (or a bad size), ERANGE over SEMVMX, E2BIG over SEMOPM, EFBIG a member out
 * of range, EAGAIN would block (the callers answer false), EINTR interrupted (the callers
 * retry). Each message names the key or semid.
 */
final class SemErrors {
    private SemErrors() {
    }

    /** {@code semget(key, nsems, flags)} failed. */
    static IpcException semget(IpcKey key, int nsems, Segment.Creation creation, int errno) {
        String k = "key " + key.hex();
        Errno e = Errno.of(errno);
        if (e == null) {
            return IpcException.of("semget", errno, "semget failed for " + k + " nsems=" + nsems, null);
        }
        return switch (e) {
            case ENOENT -> IpcException.advising("semget", errno, "no semaphore set with " + k, Advice.SET_CREATE_FIRST);
            case EEXIST -> IpcException.advising("semget", errno, "a semaphore set with " + k + " already exists",
                    Advice.SET_OPEN_OR_DESTROY);
            case EACCES -> IpcException.of("semget", errno, "permission denied on the semaphore set with " + k + " " + ownerOf(key),
                    "ask its owner");
            case EINVAL -> sizeProblem(key, nsems, creation, errno);
            case ENOSPC -> IpcException.of("semget", errno, "cannot create a semaphore set of nsems=" + nsems
                    + ": a system limit is reached", "see /proc/sys/kernel/sem (SEMMNI sets, SEMMNS members), or destroy unused sets");
            case ENOMEM -> IpcException.of("semget", errno, "not enough memory for a semaphore set of nsems=" + nsems, null);
            default -> IpcException.of("semget", errno, "semget failed for " + k + " nsems=" + nsems, null);
        };
    }

    /** EINVAL from semget: nsems is more than the existing set has, or out of 1..SEMMSL for a new one. */
    private static IpcException sizeProblem(IpcKey key, int nsems, Segment.Creation creation, int errno) {
        if (!key.isPrivate()) {
            int existing = Sem.semget(key.value(), 0, 0);
            if (existing >= 0) {
                int have = SemaphoreSetStat.of(existing).nsems();
                return IpcException.of("semget", errno, "the semaphore set with key " + key.hex() + " has nsems=" + have
                        + ", fewer than the nsems=" + nsems + " asked for", "ask for " + have + " or fewer, or omit the count");
            }
        }
        if (creation == Segment.Creation.OPEN) {
            return IpcException.advising("semget", errno, "no semaphore set with key " + key.hex(), Advice.SET_LIST);
        }
        return IpcException.of("semget", errno, "nsems=" + nsems + " is out of range for a new semaphore set",
                "use 1 up to SEMMSL=" + Limits.semmsl());
    }

    static IpcException privateKey() {
        return IpcException.invalid("IPC_PRIVATE names no existing semaphore set", Advice.SET_BY_ID);
    }

    /** {@code semctl(semid, 0, IPC_STAT)} failed. */
    static IpcException stat(int semid, int errno) {
        return Errno.EACCES.is(errno)
                ? IpcException.of("semctl", errno, "no read permission on semaphore set semid=" + semid + " " + owner(semid),
                        "ask its owner")
                : gone("semctl", semid, errno);
    }

    /** A semctl command ({@code GETVAL}, {@code SETALL}...) on an open set failed. */
    static IpcException semctl(String command, SemaphoreSet set, int errno) {
        return semctl(command, set.semid(), errno);
    }

    static IpcException semctl(String command, int semid, int errno) {
        Errno e = Errno.of(errno);
        if (e == Errno.EACCES || e == Errno.EPERM) {
            return IpcException.of("semctl", errno, "permission denied for " + command + " on semaphore set semid=" + semid
                    + " " + owner(semid), "ask its owner");
        }
        if (e == Errno.ERANGE) {
            return IpcException.of("semctl", errno, command + " on semid=" + semid + ": a value is over SEMVMX="
                    + SemaphoreSet.VALUE_MAX, null);
        }
        return gone("semctl", semid, errno);
    }

    /** {@code semop}/{@code semtimedop} failed with something other than EAGAIN or EINTR. */
    static IpcException semop(String call, SemaphoreSet set, List<SemaphoreSet.Op> ops, int errno) {
        int semid = set.semid();
        Errno e = Errno.of(errno);
        if (e == null) {
            return IpcException.of(call, errno, call + " failed on semid=" + semid, null);
        }
        return switch (e) {
            case E2BIG -> IpcException.of(call, errno, "too many operations in one semop: " + ops.size() + " (SEMOPM="
                    + Limits.semopm() + ")", "split them into several semops, which are then not atomic together");
            case ERANGE -> IpcException.of(call, errno, "semop " + describe(ops) + " would take a member of semid=" + semid
                    + " over SEMVMX=" + SemaphoreSet.VALUE_MAX, null);
            case EFBIG -> IpcException.of(call, errno, "member out of range in semop " + describe(ops) + ": semid=" + semid
                    + " has nsems=" + set.count(), null);
            case EACCES -> IpcException.of(call, errno, "permission denied on semaphore set semid=" + semid + " " + owner(semid),
                    "ask its owner");
            case ENOMEM -> IpcException.of(call, errno, "not enough memory for the SEM_UNDO record of semid=" + semid, null);
            default -> gone(call, semid, errno);
        };
    }

    /** {@code semctl(semid, 0, IPC_RMID)} failed. */
    static IpcException destroy(int semid, int errno) {
        return Errno.EPERM.is(errno)
                ? IpcException.of("semctl", errno, "only the owner or creator may destroy semaphore set semid=" + semid,
                        "ask its owner, or root")
                : gone("semctl", semid, errno);
    }

    /** EIDRM: removed under a waiter; EINVAL: no set has this id (any more). */
    private static IpcException gone(String call, int semid, int errno) {
        if (Errno.EIDRM.is(errno)) {
            return IpcException.of(call, errno, "semaphore set semid=" + semid + " was removed", null);
        }
        if (Errno.EINVAL.is(errno)) {
            return IpcException.advising(call, errno, "no semaphore set with semid=" + semid + ": it was removed, or never existed",
                    Advice.SET_LIST);
        }
        return IpcException.of(call, errno, call + " failed on semaphore set semid=" + semid, null);
    }

    private static String describe(List<SemaphoreSet.Op> ops) {
        StringBuilder s = new StringBuilder();
        for (SemaphoreSet.Op op : ops) {
            s.append(s.isEmpty() ? "" : " ").append(op);
        }
        return s.toString();
    }

    /** Mode and owner for a permission error; SEM_STAT_ANY works without read access. */
    private static String ownerOf(IpcKey key) {
        for (SemaphoreSetStat s : SemaphoreSetStat.list()) {
            if (s.key().equals(key)) {
                return describeOwner(s);
            }
        }
        return "";
    }

    private static String owner(int semid) {
        for (SemaphoreSetStat s : SemaphoreSetStat.list()) {
            if (s.semid() == semid) {
                return describeOwner(s);
            }
        }
        return "";
    }

    private static String describeOwner(SemaphoreSetStat s) {
        return "(mode " + s.modeOctal() + ", owner uid " + s.uid() + ", you are uid " + Unistd.geteuid() + ")";
    }
}
