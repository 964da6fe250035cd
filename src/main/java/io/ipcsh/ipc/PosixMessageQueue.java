package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Fcntl;
import io.ipcsh.posix.Mqueue;
import io.ipcsh.posix.SysStat;
import io.ipcsh.posix.mq_attr;
import io.ipcsh.posix.stat;
import io.ipcsh.posix.timespec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A POSIX message queue: {@code mq_open}, {@code mq_timedsend}, {@code mq_timedreceive},
 * {@code mq_getattr}, {@code mq_close}, {@code mq_unlink}. Messages carry a priority
 * (0 to {@link #PRIORITY_MAX}); a receive takes the oldest of the highest priority.
 *
 * <pre>{@code
 * var q = PosixMessageQueue.create("/jobs");   // 10 messages of 8192 bytes, mode 0600
 * q.send(1, "routine");
 * q.send(9, "urgent");
 * q.receive();                                 // priority 9: urgent
 * q.stat();                                    // maxmsg, msgsize, curmsgs, flags, mode
 * q.destroy();                                 // mq_unlink; open descriptors keep it alive
 * q.close();                                   // mq_close
 * }</pre>
 *
 * <p>A blocking call waits in {@code mq_timedsend}/{@code mq_timedreceive} slices of
 * 100 ms (CLOCK_REALTIME deadlines), so that {@link Thread#interrupt()} ends it; a
 * non-blocking one sets O_NONBLOCK for that call ({@code mq_setattr}).
 */
public final class PosixMessageQueue extends AbstractMessageQueue implements IpcObject {
    /** Mode for queues this library creates unless told otherwise: owner only. */
    public static final int DEFAULT_MODE = 0600;
    /** The highest priority Linux takes (MQ_PRIO_MAX - 1). */
    public static final int PRIORITY_MAX = 32767;
    private static final long SLICE_NANOS = 100_000_000L;

    private final String name;
    private final int mqd;
    private final long msgsize;
    private final Footprint.File file;
    private final boolean created;
    private volatile boolean open = true;

    private PosixMessageQueue(String name, int mqd, long msgsize, Footprint.File file, boolean created) {
        this.name = name;
        this.mqd = mqd;
        this.msgsize = msgsize;
        this.file = file;
        this.created = created;
    }

    /** The existing queue {@code name}, for sending and receiving (O_RDWR). */
    public static PosixMessageQueue open(String name) {
        return open(name, Segment.Creation.OPEN, 0, 0, 0);
    }

    /** The queue {@code name}, made with the kernel's default size and mode 0600 if missing. */
    public static PosixMessageQueue create(String name) {
        return open(name, Segment.Creation.CREATE, DEFAULT_MODE, 0, 0);
    }

    /** The queue {@code name}, made with {@code maxMessages} of {@code messageSize} bytes if missing (0: the default). */
    public static PosixMessageQueue create(String name, int mode, long maxMessages, long messageSize) {
        return open(name, Segment.Creation.CREATE, mode, maxMessages, messageSize);
    }

    /** A new queue {@code name}; {@link IpcException.AlreadyExistsException} if there is one. */
    public static PosixMessageQueue createNew(String name, int mode, long maxMessages, long messageSize) {
        return open(name, Segment.Creation.CREATE_NEW, mode, maxMessages, messageSize);
    }

    /**
     * The general form, {@code mq_open(name, O_RDWR | flags, mode, attr)}. CREATE tries
     * O_CREAT|O_EXCL first, then opens what is there, so that {@link #created()} is known.
     * A queue it makes gets exactly {@code mode} ({@code fchmod} after mq_open, which
     * applies the umask).
     * {@code maxMessages} and {@code messageSize} are the mq_attr of a new queue; 0 takes
     * the kernel's default (/proc/sys/fs/mqueue/msg_default, msgsize_default).
     */
    public static PosixMessageQueue open(String name, Segment.Creation creation, int mode, long maxMessages, long messageSize) {
        PosixName.of(name);
        Modes.check(mode);
        if (maxMessages < 0 || messageSize < 0) {
            throw new IpcException.InvalidArgumentException("queue sizes must not be negative: maxmsg=" + maxMessages
                    + " msgsize=" + messageSize);
        }
        if (creation == Segment.Creation.OPEN) {
            return opened(name, openExisting(name), false);
        }
        long maxmsg = maxMessages;
        long size = messageSize;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = MemorySegment.NULL;
            if (maxmsg != 0 || size != 0) {
                // mq_attr sets both or neither: fill the one not given with the kernel's default.
                maxmsg = maxmsg != 0 ? maxmsg : Limits.mqMsgDefault();
                size = size != 0 ? size : Limits.mqMsgsizeDefault();
                attr = mq_attr.of(arena, maxmsg, size);
            }
            int mqd = Mqueue.mq_open(name, Fcntl.O_RDWR | Fcntl.O_CREAT | Fcntl.O_EXCL, mode, attr);
            if (mqd >= 0) {
                // mq_open applies the umask (0022 takes 0666 to 0644); the mode asked for is the mode meant.
                if (SysStat.fchmod(mqd, mode) == -1) {
                    int errno = Errno.last();
                    Mqueue.mq_close(mqd);
                    Mqueue.mq_unlink(name);
                    throw PosixQueueErrors.onQueue("fchmod", name, 0, 0, errno);
                }
                return opened(name, mqd, true);
            }
            int errno = Errno.last();
            if (creation == Segment.Creation.CREATE_NEW || !Errno.EEXIST.is(errno)) {
                throw PosixQueueErrors.mqOpen(name, true, maxmsg, size, errno);
            }
        }
        return opened(name, openExisting(name), false);
    }

    private static int openExisting(String name) {
        int mqd = Mqueue.mq_open(name, Fcntl.O_RDWR);
        if (mqd == -1) {
            throw PosixQueueErrors.mqOpen(name, false, 0, 0, Errno.last());
        }
        return mqd;
    }

    private static PosixMessageQueue opened(String name, int mqd, boolean created) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = mq_attr.allocate(arena);
            MemorySegment st = stat.allocate(arena);
            boolean attrFailed = Mqueue.mq_getattr(mqd, attr) == -1;
            if (attrFailed || SysStat.fstat(mqd, st) == -1) {
                int errno = Errno.last();
                Mqueue.mq_close(mqd);
                throw PosixQueueErrors.onQueue(attrFailed ? "mq_getattr" : "fstat", name, 0, 0, errno);
            }
            return new PosixMessageQueue(name, mqd, mq_attr.mq_msgsize(attr), footprint(name, st), created);
        }
    }

    /** The queue's inode on the mqueue filesystem, from its {@code stat}: what a holder's descriptor leads to. */
    static Footprint.File footprint(String name, MemorySegment st) {
        return new Footprint.File(stat.st_dev(st), stat.st_ino(st), "message queue " + name);
    }

    /**
     * The footprint of the queue {@code name} on the host, for {@code who --name}: its file
     * on a mounted mqueue filesystem, or else (there is often none) a descriptor opened
     * for the moment, read-only and non-blocking, and closed again before anyone looks.
     * Empty when there is no such queue, or this user may not open it and nothing is mounted.
     */
    static Optional<Footprint.File> find(String name) {
        String bare = PosixName.of(name).bare();
        for (Path mount : PosixMessageQueues.mountPoints()) {
            Path p = mount.resolve(bare);
            if (Files.exists(p)) {
                try {
                    Footprint.File f = Footprint.file(p);
                    return Optional.of(new Footprint.File(f.device(), f.inode(), "message queue " + name));
                } catch (IpcException e) {
                    return Optional.empty(); // removed between the two looks
                }
            }
        }
        int probe = Mqueue.mq_open(name, Fcntl.O_RDONLY | Fcntl.O_NONBLOCK);
        if (probe == -1) {
            return Optional.empty();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = stat.allocate(arena);
            return SysStat.fstat(probe, st) == -1 ? Optional.empty() : Optional.of(footprint(name, st));
        } finally {
            Mqueue.mq_close(probe);
        }
    }

    /** {@code mq_unlink(name)}: removes the name; descriptors open on it keep the queue until closed. */
    public static void unlink(String name) {
        PosixName.of(name);
        if (Mqueue.mq_unlink(name) == -1) {
            int errno = Errno.last();
            throw Errno.ENOENT.is(errno)
                    ? IpcException.of("mq_unlink", errno, "no POSIX message queue " + name, "it may be removed already")
                    : PosixQueueErrors.onQueue("mq_unlink", name, 0, 0, errno);
        }
    }

    /** Its name, such as {@code /jobs}. */
    public String queueName() {
        return name;
    }

    /** The descriptor (mqd_t), as {@code /proc/PID/fd} shows it. */
    public int descriptor() {
        return mqd;
    }

    /** True when this object's mq_open made the queue. */
    public boolean created() {
        return created;
    }

    @Override
    public String kind() {
        return "message queue";
    }

    /** The name: {@code /jobs}. */
    @Override
    public String label() {
        return name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return String.format("%-20s POSIX message queue msgsize %d", name, msgsize);
    }

    /**
     * Its inode on the mqueue filesystem ({@code fstat} of the descriptor when it was
     * opened): {@code who} finds every process with a descriptor on it in {@code /proc/PID/fd}.
     */
    @Override
    public Optional<Footprint> footprint() {
        return Optional.of(file);
    }

    @Override
    public Optional<String> leftOnHost() {
        int probe = Mqueue.mq_open(name, Fcntl.O_RDONLY | Fcntl.O_NONBLOCK);
        if (probe == -1) {
            // EACCES means it is there, but someone else's now; ENOENT that it is gone.
            return Errno.EACCES.is(Errno.last()) ? Optional.of(name + " (destroy it from a queue handle)") : Optional.empty();
        }
        Mqueue.mq_close(probe);
        return Optional.of("POSIX message queue " + name + " (queue " + name + "; destroy removes it)");
    }

    /** {@code mq_getattr} and {@code fstat} of the descriptor now. */
    @Override
    public PosixQueueStat stat() {
        checkOpen();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = mq_attr.allocate(arena);
            if (Mqueue.mq_getattr(mqd, attr) == -1) {
                throw PosixQueueErrors.onQueue("mq_getattr", name, 0, msgsize, Errno.last());
            }
            MemorySegment st = stat.allocate(arena);
            if (SysStat.fstat(mqd, st) == -1) {
                throw PosixQueueErrors.onQueue("fstat", name, 0, msgsize, Errno.last());
            }
            return new PosixQueueStat(name, stat.st_mode(st) & 0777, stat.st_uid(st), stat.st_gid(st),
                    mq_attr.mq_maxmsg(attr), mq_attr.mq_msgsize(attr), mq_attr.mq_curmsgs(attr),
                    (mq_attr.mq_flags(attr) & Fcntl.O_NONBLOCK) != 0, -1,
                    Instant.ofEpochSecond(stat.st_mtime(st)), Instant.ofEpochSecond(stat.st_ctime(st)));
        }
    }

    /** {@code mq_unlink}: the name goes; this descriptor still works until closed. */
    @Override
    public void destroy() {
        unlink(name);
    }

    /** {@code mq_close}. Twice is harmless. */
    @Override
    public synchronized void detach() {
        if (!open) {
            return;
        }
        open = false;
        if (Mqueue.mq_close(mqd) == -1) {
            throw PosixQueueErrors.onQueue("mq_close", name, 0, msgsize, Errno.last());
        }
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** "priority". */
    @Override
    public String tagName() {
        return "priority";
    }

    /** Priority 0. */
    @Override
    public long defaultTag() {
        return 0;
    }

    /** The queue's mq_msgsize. */
    @Override
    public long maxMessageSize() {
        return msgsize;
    }

    /** {@code mq_timedsend} (budget 0: once, with O_NONBLOCK). */
    @Override
    boolean send(long priority, byte[] message, long budget) {
        checkOpen();
        if (priority < 0 || priority > PRIORITY_MAX) {
            throw new IpcException.InvalidArgumentException("priority out of range: priority=" + priority
                    + " (use 0 to " + PRIORITY_MAX + ")");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(1, message.length));
            MemorySegment.copy(message, 0, buf, ValueLayout.JAVA_BYTE, 0, message.length);
            return waitFor(budget, "send to", arena, deadline ->
                    Mqueue.mq_timedsend(mqd, buf, message.length, (int) priority, deadline) == 0 ? 0 : -1, message.length) >= 0;
        }
    }

    /** {@code mq_timedreceive} (budget 0: once, with O_NONBLOCK); a POSIX queue takes selector 0 only. */
    @Override
    Optional<Message> receive(long selector, long budget) {
        checkOpen();
        if (selector != 0) {
            throw new IpcException.InvalidArgumentException("a POSIX queue has no message types: " + name
                    + " hands out its highest priority first (receive takes no type)");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(Math.max(1, msgsize));
            MemorySegment prio = arena.allocate(ValueLayout.JAVA_INT);
            long n = waitFor(budget, "receive from", arena, deadline -> Mqueue.mq_timedreceive(mqd, buf, msgsize, prio, deadline),
                    msgsize);
            if (n < 0) {
                return Optional.empty();
            }
            return Optional.of(new Message("priority", Integer.toUnsignedLong(prio.get(ValueLayout.JAVA_INT, 0)),
                    buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE)));
        }
    }

    /**
     * Runs {@code call} until it succeeds (its result), the budget is spent (-1), or it
     * fails for another reason than waiting (an exception). Budget 0 makes one call with
     * O_NONBLOCK set; otherwise each call waits at most one slice.
     */
    private long waitFor(long budget, String what, Arena arena, java.util.function.ToLongFunction<MemorySegment> call, long length) {
        String syscall = what.startsWith("send") ? "mq_timedsend" : "mq_timedreceive";
        if (budget == 0) {
            synchronized (this) {
                checkOpen();
                setNonBlocking(arena, true);
                try {
                    long r = call.applyAsLong(MemorySegment.NULL);
                    if (r >= 0) {
                        return r;
                    }
                    int errno = Errno.last();
                    if (Errno.EAGAIN.is(errno)) {
                        return -1;
                    }
                    throw PosixQueueErrors.onQueue(syscall, name, length, msgsize, errno);
                } finally {
                    setNonBlocking(arena, false);
                }
            }
        }
        MemorySegment deadline = arena.allocate(timespec.LAYOUT);
        long start = System.nanoTime();
        while (true) {
            if (Thread.interrupted()) {
                throw new IpcException.InterruptedIpcException(what + " " + name + " cancelled");
            }
            long slice = SLICE_NANOS;
            if (budget > 0) {
                long left = budget - (System.nanoTime() - start);
                slice = Math.max(0, Math.min(left, SLICE_NANOS));
            }
            Timeouts.deadlineIn(deadline, slice);
            long r = call.applyAsLong(deadline);
            if (r >= 0) {
                return r;
            }
            int errno = Errno.last();
            if (Errno.ETIMEDOUT.is(errno)) {
                if (budget > 0 && budget - (System.nanoTime() - start) <= 0) {
                    return -1;
                }
                continue;
            }
            if (Errno.EINTR.is(errno) || Errno.EAGAIN.is(errno)) {
                // EAGAIN: another thread's non-blocking call had O_NONBLOCK set for a moment.
                Thread.onSpinWait();
                continue;
            }
            throw PosixQueueErrors.onQueue(syscall, name, length, msgsize, errno);
        }
    }

    private void setNonBlocking(Arena arena, boolean on) {
        MemorySegment attr = mq_attr.allocate(arena);
        mq_attr.mq_flags(attr, on ? Fcntl.O_NONBLOCK : 0);
        if (Mqueue.mq_setattr(mqd, attr, MemorySegment.NULL) == -1) {
            throw PosixQueueErrors.onQueue("mq_setattr", name, 0, msgsize, Errno.last());
        }
    }

    private void checkOpen() {
        if (!open) {
            throw new IpcException.DetachedException(name + " is closed in this process (open it again)");
        }
    }

    /** Reads like {@code stat}: name, sizes, messages in it now. */
    @Override
    public String toString() {
        if (!open) {
            return "PosixMessageQueue[" + name + " closed]";
        }
        PosixQueueStat s = stat();
        return "PosixMessageQueue[" + name + " maxmsg=" + s.maxmsg() + " msgsize=" + s.msgsize() + " curmsgs=" + s.curmsgs()
                + " mode=" + s.modeOctal() + "]";
    }
}
