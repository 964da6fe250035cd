package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Ipc;
import io.ipcsh.posix.Msg;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Optional;

/**
 * A System V message queue: {@code msgget}, {@code msgsnd}, {@code msgrcv},
 * {@code msgctl}. Messages carry a type (1 or more) that a receiver may choose by:
 * {@code receive(0)} takes the oldest of any type, {@code receive(2)} the oldest of type
 * 2, {@code receive(-3)} the oldest of the lowest type up to 3.
 *
 * <pre>{@code
 * var q = MessageQueue.create(IpcKey.ftok(Path.of("qfile"), 65));
 * q.send(2, "first");
 * q.send(1, "second");
 * q.receive(2);          // type 2: first
 * q.tryReceive(0);       // Optional[type 1: second]
 * q.stat();              // qnum, qbytes, lspid, lrpid, times
 * q.destroy();           // IPC_RMID: a receiver blocked in the kernel gets EIDRM
 * }</pre>
 *
 * <p>msgsnd and msgrcv have no timed form, and a thread blocked inside one can't be
 * interrupted from Java. So a blocking or timed call here polls with IPC_NOWAIT, every
 * 1 ms at first and at most every {@link #MAX_POLL} later: Ctrl-C and timeouts end it,
 * and a removed queue shows as the msqid gone (EINVAL), reported as removed.
 *
 * <p>There is nothing to let go of in this process: {@link #detach()} only forgets the
 * msqid, so later calls through this object are refused.
 */
public final class MessageQueue extends AbstractMessageQueue implements IpcObject {
    /** Mode for queues this library creates unless told otherwise: owner only. */
    public static final int DEFAULT_MODE = 0600;
    /** The longest pause between two polls of a blocking send or receive. */
    public static final Duration MAX_POLL = Duration.ofMillis(20);
    private static final long FIRST_POLL_NANOS = 1_000_000L;

    private final IpcKey key;
    private final int msqid;
    private final boolean created;
    private volatile boolean open = true;

    private MessageQueue(IpcKey key, int msqid, boolean created) {
        this.key = key;
        this.msqid = msqid;
        this.created = created;
    }

    /** The existing queue for {@code key}. */
    public static MessageQueue open(IpcKey key) {
        return get(key, Segment.Creation.OPEN, 0);
    }

    /** The queue for {@code key}, made with mode 0600 if missing. */
    public static MessageQueue create(IpcKey key) {
        return get(key, Segment.Creation.CREATE, DEFAULT_MODE);
    }

    /** The queue for {@code key}, made with permission bits {@code mode} if missing. */
    public static MessageQueue create(IpcKey key, int mode) {
        return get(key, Segment.Creation.CREATE, mode);
    }

    /** A new queue for {@code key}; {@link IpcException.AlreadyExistsException} if there is one. */
    public static MessageQueue createNew(IpcKey key, int mode) {
        return get(key, Segment.Creation.CREATE_NEW, mode);
    }

    /**
     * The general form, {@code msgget(key, flags | mode)}. CREATE tries IPC_CREAT|IPC_EXCL
     * first and then opens what is there, so that {@link #created()} is known.
     *
     * @param mode permission bits for a new queue, 0 to 0777
     */
    public static MessageQueue get(IpcKey key, Segment.Creation creation, int mode) {
        Modes.check(mode);
        if (creation == Segment.Creation.OPEN && key.isPrivate()) {
            throw new IpcException.InvalidArgumentException("IPC_PRIVATE names no existing queue (open it by msqid)");
        }
        if (creation == Segment.Creation.OPEN) {
            return new MessageQueue(key, msgget(key, 0), false);
        }
        int exclusive = Msg.msgget(key.value(), Ipc.IPC_CREAT | Ipc.IPC_EXCL | mode);
        if (exclusive >= 0) {
            return new MessageQueue(key, exclusive, true);
        }
        int errno = Errno.last();
        if (creation == Segment.Creation.CREATE_NEW || !Errno.EEXIST.is(errno)) {
            throw MessageQueueErrors.msgget(key, errno);
        }
        return new MessageQueue(key, msgget(key, 0), false);
    }

    /** The queue with this id, as {@code ipcs -q} lists it; IPC_STAT checks it is there. */
    public static MessageQueue open(int msqid) {
        if (msqid < 0) {
            throw new IpcException.InvalidArgumentException("msqid must not be negative: msqid=" + msqid);
        }
        return new MessageQueue(MessageQueueStat.of(msqid).key(), msqid, false);
    }

    private static int msgget(IpcKey key, int flags) {
        int id = Msg.msgget(key.value(), flags);
        if (id == -1) {
            throw MessageQueueErrors.msgget(key, Errno.last());
        }
        return id;
    }

    /** The key it was found by; IPC_PRIVATE for a private queue. */
    public IpcKey key() {
        return key;
    }

    /** The kernel's id, as {@code ipcs -q} shows it. */
    public int msqid() {
        return msqid;
    }

    /** True when this object's msgget made the queue. */
    public boolean created() {
        return created;
    }

    @Override
    public String kind() {
        return "message queue";
    }

    /** {@code msqid 5}. */
    @Override
    public String label() {
        return "msqid " + msqid;
    }

    @Override
    public String name() {
        return key.shortName();
    }

    @Override
    public String summary() {
        return String.format("key %s msqid %-8d SysV message queue", key.hex(), msqid);
    }

    @Override
    public Optional<String> leftOnHost() {
        try {
            MessageQueueStat s = MessageQueueStat.of(msqid);
            return Optional.of("msqid " + msqid + " key " + s.key().hex() + " messages " + s.qnum()
                    + " (queue --id " + msqid + "; destroy removes it)");
        } catch (IpcException e) {
            return Optional.empty();
        }
    }

    /** {@code msgctl(IPC_STAT)} now. */
    @Override
    public MessageQueueStat stat() {
        checkOpen();
        return MessageQueueStat.of(msqid);
    }

    /** {@code msgctl(IPC_RMID)}: gone at once; receivers and senders blocked on it get EIDRM. */
    @Override
    public void destroy() {
        if (Msg.msgctl(msqid, Ipc.IPC_RMID, MemorySegment.NULL) == -1) {
            throw MessageQueueErrors.onQueue("msgctl", msqid, Errno.last());
        }
    }

    /** Forgets the msqid (a SysV queue holds nothing in this process). Twice is harmless. */
    @Override
    public void detach() {
        open = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** "type": a SysV message's number is its mtype. */
    @Override
    public String tagName() {
        return "type";
    }

    /** Type 1. */
    @Override
    public long defaultTag() {
        return 1;
    }

    /** kernel.msgmax, the longest message msgsnd takes. */
    @Override
    public long maxMessageSize() {
        long max = Limits.msgmax();
        return max < 0 ? 8192 : max;
    }

    /** {@code msgsnd} with IPC_NOWAIT, polled while the queue is full (EAGAIN) and budget is left. */
    @Override
    boolean send(long type, byte[] message, long budget) {
        checkOpen();
        if (type < 1) {
            throw new IpcException.InvalidArgumentException("message type out of range: type=" + type
                    + " (msgsnd takes 1 or more)");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Msg.MTEXT_OFFSET + message.length, 8);
            buf.set(ValueLayout.JAVA_LONG, 0, type);
            MemorySegment.copy(message, 0, buf, ValueLayout.JAVA_BYTE, Msg.MTEXT_OFFSET, message.length);
            Poll poll = new Poll(budget, "send to");
            boolean checkedFit = false;
            while (true) {
                if (Msg.msgsnd(msqid, buf, message.length, Ipc.IPC_NOWAIT) == 0) {
                    return true;
                }
                int errno = Errno.last();
                if (!Errno.EAGAIN.is(errno) && !Errno.EINTR.is(errno)) {
                    throw MessageQueueErrors.msgsnd(msqid, message.length, errno);
                }
                if (!checkedFit) {
                    checkedFit = true;
                    MessageQueueStat s = MessageQueueStat.of(msqid);
                    if (message.length > s.qbytes()) {
                        // msgsnd would wait for ever: not even an empty queue has room for it.
                        throw new IpcException.InvalidArgumentException("message too long for msqid " + msqid + ": size="
                                + message.length + " but its qbytes=" + s.qbytes() + ", so it can never fit");
                    }
                }
                if (!poll.pause()) {
                    return false;
                }
            }
        }
    }

    /** {@code msgrcv} with IPC_NOWAIT, polled while no message matches {@code type} (ENOMSG) and budget is left. */
    @Override
    Optional<Message> receive(long type, long budget) {
        checkOpen();
        long max = maxMessageSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Msg.MTEXT_OFFSET + max, 8);
            Poll poll = new Poll(budget, "receive from");
            while (true) {
                long n = Msg.msgrcv(msqid, buf, max, type, Ipc.IPC_NOWAIT);
                if (n >= 0) {
                    byte[] text = buf.asSlice(Msg.MTEXT_OFFSET, n).toArray(ValueLayout.JAVA_BYTE);
                    return Optional.of(new Message("type", buf.get(ValueLayout.JAVA_LONG, 0), text));
                }
                int errno = Errno.last();
                if (!Errno.ENOMSG.is(errno) && !Errno.EINTR.is(errno)) {
                    throw MessageQueueErrors.msgrcv(msqid, max, errno);
                }
                if (!poll.pause()) {
                    return Optional.empty();
                }
            }
        }
    }

    /** The pauses of one polling call: growing from 1 ms to {@link #MAX_POLL}, within the budget. */
    private final class Poll {
        private final long budget;
        private final long start = System.nanoTime();
        private final String what;
        private long pause = FIRST_POLL_NANOS;

        Poll(long budget, String what) {
            this.budget = budget;
            this.what = what;
        }

        /** Sleeps until the next poll; false when the budget is spent. */
        boolean pause() {
            long nap = pause;
            if (budget >= 0) {
                long left = budget - (System.nanoTime() - start);
                if (left <= 0) {
                    return false;
                }
                nap = Math.min(nap, left);
            }
            try {
                Thread.sleep(Duration.ofNanos(nap));
            } catch (InterruptedException e) {
                throw new IpcException.InterruptedIpcException(what.startsWith("send") ? "send to msqid " + msqid + " cancelled"
                        : "receive from msqid " + msqid + " cancelled");
            }
            pause = Math.min(pause * 2, MAX_POLL.toNanos());
            return true;
        }
    }

    private void checkOpen() {
        if (!open) {
            throw new IpcException.DetachedException("msqid " + msqid + " is detached from this handle (open it again)");
        }
    }

    /** Reads like {@code stat}: key, msqid, and the messages in it now. */
    @Override
    public String toString() {
        if (!open) {
            return "MessageQueue[key=" + key.hex() + " msqid=" + msqid + " detached]";
        }
        try {
            MessageQueueStat s = MessageQueueStat.of(msqid);
            return "MessageQueue[key=" + key.hex() + " msqid=" + msqid + " mode=" + s.modeOctal() + " qnum=" + s.qnum()
                    + " cbytes=" + s.cbytes() + " qbytes=" + s.qbytes() + " lspid=" + s.lspid() + " lrpid=" + s.lrpid() + "]";
        } catch (IpcException e) {
            return "MessageQueue[key=" + key.hex() + " msqid=" + msqid + " removed]";
        }
    }
}
