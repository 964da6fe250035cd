package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Unistd;

/**
 * The one error table of SysV message queues: what each errno of msgget, msgsnd, msgrcv
 * and msgctl means for the queue it was about, in the sysv_ipc manner (ENOENT not
 * found, EEXIST exists, EACCES permission, EIDRM removed, ...).
 */
final class MessageQueueErrors {
    private MessageQueueErrors() {
    }

    /** msgget failed for {@code key}. */
    static IpcException msgget(IpcKey key, int errno) {
        String k = "key " + key.hex();
        Errno e = Errno.of(errno);
        if (e == null) {
            return IpcException.of("msgget", errno, "msgget failed for " + k, null);
        }
        return switch (e) {
            case ENOENT -> IpcException.of("msgget", errno, "no message queue with " + k, "create it first");
            case EEXIST -> IpcException.of("msgget", errno, "a message queue with " + k + " already exists",
                    "open it as it is, or destroy it first");
            case EACCES -> IpcException.of("msgget", errno, "permission denied on the message queue with " + k + ownerOf(key),
                    "ask its owner for access");
            case ENOSPC -> IpcException.of("msgget", errno, "cannot create a message queue: the host has kernel.msgmni of them",
                    "destroy unused queues, or raise /proc/sys/kernel/msgmni");
            case ENOMEM -> IpcException.of("msgget", errno, "not enough kernel memory for a new message queue", null);
            default -> IpcException.of("msgget", errno, "msgget failed for " + k, null);
        };
    }

    /** A call on an existing {@code msqid} failed (msgctl, or what msgsnd/msgrcv share). */
    static IpcException onQueue(String syscall, int msqid, int errno) {
        Errno e = Errno.of(errno);
        if (e == null) {
            return IpcException.of(syscall, errno, syscall + " failed on msqid " + msqid, null);
        }
        return switch (e) {
            case EIDRM -> IpcException.of(syscall, errno, "msqid " + msqid + " was removed", null);
            // A msqid that was valid when opened and is now unknown: removed since.
            case EINVAL -> IpcException.of(syscall, errno, "no message queue with msqid " + msqid
                    + ": it was removed, or never existed", null);
            case EACCES -> IpcException.of(syscall, errno, "permission denied on msqid " + msqid + owner(msqid),
                    "ask its owner for access");
            case EPERM -> IpcException.of(syscall, errno, "only the owner or creator of msqid " + msqid + " may do that",
                    "ask its owner, or root");
            case EFAULT -> IpcException.of(syscall, errno, syscall + " was given a bad buffer for msqid " + msqid, null);
            default -> IpcException.of(syscall, errno, syscall + " failed on msqid " + msqid, null);
        };
    }

    /** msgsnd of {@code length} bytes failed (the queue-wide cases are {@link #onQueue}'s). */
    static IpcException msgsnd(int msqid, long length, int errno) {
        if (Errno.EINVAL.is(errno) && length > Limits.msgmax()) {
            return IpcException.of("msgsnd", errno, "message too long for a SysV queue: size=" + length
                    + " (kernel.msgmax=" + Limits.msgmax() + ")", null);
        }
        if (Errno.ENOMEM.is(errno)) {
            return IpcException.of("msgsnd", errno, "not enough kernel memory to queue " + length + " bytes on msqid " + msqid, null);
        }
        return Errno.EINVAL.is(errno) ? removed("msgsnd", errno, msqid) : onQueue("msgsnd", msqid, errno);
    }

    /** msgrcv into a buffer of {@code buffer} bytes failed (E2BIG, or the queue-wide cases). */
    static IpcException msgrcv(int msqid, long buffer, int errno) {
        if (Errno.E2BIG.is(errno)) {
            return IpcException.of("msgrcv", errno, "the next message on msqid " + msqid + " is longer than " + buffer
                    + " bytes (kernel.msgmax was lowered after it was sent)", null);
        }
        return Errno.EINVAL.is(errno) ? removed("msgrcv", errno, msqid) : onQueue("msgrcv", msqid, errno);
    }

    /**
     * EINVAL from msgsnd/msgrcv on a queue this handle opened means it was removed: a
     * blocking send or receive polls (see {@link MessageQueue}), so it sees the id gone
     * where a caller blocked in the kernel sees EIDRM.
     */
    static IpcException removed(String syscall, int errno, int msqid) {
        return new IpcException.RemovedException("msqid " + msqid + " was removed [" + syscall + ": " + Errno.name(errno) + "]",
                syscall, errno);
    }

    private static String ownerOf(IpcKey key) {
        for (MessageQueueStat s : MessageQueueStat.list()) {
            if (s.key().equals(key)) {
                return describe(s);
            }
        }
        return "";
    }

    private static String owner(int msqid) {
        for (MessageQueueStat s : MessageQueueStat.list()) {
            if (s.msqid() == msqid) {
                return describe(s);
            }
        }
        return "";
    }

    private static String describe(MessageQueueStat s) {
        return " (mode " + s.modeOctal() + ", owner uid " + s.uid() + ", you are uid " + Unistd.geteuid() + ")";
    }
}
