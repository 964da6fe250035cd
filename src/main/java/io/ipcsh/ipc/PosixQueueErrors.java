package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;

/**
 * The one error table of POSIX message queues: what each errno of mq_open, mq_timedsend,
 * mq_timedreceive, mq_getattr, mq_close and mq_unlink means for the named queue.
 */
final class PosixQueueErrors {
    private PosixQueueErrors() {
    }

    /** mq_open of {@code name} failed; {@code maxmsg}/{@code msgsize} are what O_CREAT asked for (0: defaults). */
    static IpcException mqOpen(String name, boolean creating, long maxmsg, long msgsize, int errno) {
        Errno e = Errno.of(errno);
        if (e == null) {
            return IpcException.of("mq_open", errno, "mq_open failed for " + name, null);
        }
        return switch (e) {
            case ENOENT -> IpcException.of("mq_open", errno, "no POSIX message queue " + name, "create it first");
            case EEXIST -> IpcException.of("mq_open", errno, "a POSIX message queue " + name + " already exists",
                    "open it as it is, or destroy it first");
            case EACCES -> IpcException.of("mq_open", errno, "permission denied on the POSIX message queue " + name,
                    "ask its owner for access");
            case EINVAL -> creating
                    ? IpcException.of("mq_open", errno, "the kernel refused maxmsg=" + maxmsg + " msgsize=" + msgsize
                            + " for a new queue " + name, "use 1 up to fs.mqueue.msg_max=" + Limits.mqMsgMax()
                            + " messages of 1 up to fs.mqueue.msgsize_max=" + Limits.mqMsgsizeMax() + " bytes")
                    : IpcException.of("mq_open", errno, "bad POSIX message queue name " + name, null);
            case EMFILE -> IpcException.of("mq_open", errno, "too many open descriptors or queues in this process for " + name,
                    "close some, or raise RLIMIT_MSGQUEUE (ulimit -q)");
            case ENFILE -> IpcException.of("mq_open", errno, "the host has too many open files to open " + name, null);
            case ENOSPC -> IpcException.of("mq_open", errno, "cannot create " + name + ": the host has fs.mqueue.queues_max queues",
                    "destroy unused queues, or raise /proc/sys/fs/mqueue/queues_max");
            case ENOMEM -> IpcException.of("mq_open", errno, "not enough memory for the queue " + name, null);
            case ENAMETOOLONG -> IpcException.of("mq_open", errno, "POSIX name too long: " + name, null);
            default -> IpcException.of("mq_open", errno, "mq_open failed for " + name, null);
        };
    }

    /** A call on the open queue {@code name} failed. */
    static IpcException onQueue(String syscall, String name, long length, long msgsize, int errno) {
        Errno e = Errno.of(errno);
        if (e == null) {
            return IpcException.of(syscall, errno, syscall + " failed on " + name, null);
        }
        return switch (e) {
            case EMSGSIZE -> IpcException.of(syscall, errno, syscall.equals("mq_timedsend")
                    ? "message too long for " + name + ": size=" + length + " (its msgsize=" + msgsize + ")"
                    : "the receive buffer of " + length + " bytes is smaller than the msgsize=" + msgsize + " of " + name, null);
            case EBADF -> new IpcException.DetachedException(name + " is closed in this process (open it again)", syscall, errno);
            case EACCES, EPERM -> IpcException.of(syscall, errno, "permission denied on " + name, "ask its owner for access");
            case ENOENT -> IpcException.of(syscall, errno, "no POSIX message queue " + name, "it may have been removed");
            default -> IpcException.of(syscall, errno, syscall + " failed on " + name, null);
        };
    }
}
