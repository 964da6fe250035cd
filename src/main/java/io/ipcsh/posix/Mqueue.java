package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code <mqueue.h>}: POSIX message queues. {@code mqd_t} is an int (a descriptor) on
 * Linux. These live in libc from glibc 2.34 (in librt before); the default lookup finds
 * them on this project's glibc 2.36. Returns what C returns (-1, errno in {@link Errno#last()}).
 */
public final class Mqueue {
    private Mqueue() {
    }

    // mqd_t mq_open(const char *name, int oflag, ...);  (mode_t mode, struct mq_attr *attr with O_CREAT)
    // https://man7.org/linux/man-pages/man3/mq_open.3.html
    private static final MethodHandle MQ_OPEN = Downcall.variadic("mq_open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), 2);
    private static final MethodHandle MQ_OPEN_CREATE = Downcall.variadic("mq_open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS), 2);

    /** Opens an existing queue. */
    public static int mq_open(String name, int oflag) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) MQ_OPEN.invokeExact(Downcall.capture(), arena.allocateFrom(name), oflag);
            if (Trace.enabled()) {
                Trace.call("mq_open", r, Errno.last(), Trace.quote(name), Trace.openFlags(oflag));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    /** {@code mq_open} with O_CREAT's two extra arguments; {@code attr} is a {@link mq_attr} or NULL for the defaults. */
    public static int mq_open(String name, int oflag, int mode, MemorySegment attr) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) MQ_OPEN_CREATE.invokeExact(Downcall.capture(), arena.allocateFrom(name), oflag, mode, attr);
            if (Trace.enabled()) {
                Trace.call("mq_open", r, Errno.last(), Trace.quote(name), Trace.openFlags(oflag), Trace.octal(mode),
                        attr.address() == 0 ? "NULL"
                                : "{mq_maxmsg=" + mq_attr.mq_maxmsg(attr) + ", mq_msgsize=" + mq_attr.mq_msgsize(attr) + "}");
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int mq_close(mqd_t mqdes);  https://man7.org/linux/man-pages/man3/mq_close.3.html
    private static final MethodHandle MQ_CLOSE = Downcall.capturing("mq_close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    public static int mq_close(int mqdes) {
        try {
            int r = (int) MQ_CLOSE.invokeExact(Downcall.capture(), mqdes);
            if (Trace.enabled()) {
                Trace.call("mq_close", r, Errno.last(), mqdes);
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int mq_unlink(const char *name);  https://man7.org/linux/man-pages/man3/mq_unlink.3.html
    private static final MethodHandle MQ_UNLINK = Downcall.capturing("mq_unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    public static int mq_unlink(String name) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) MQ_UNLINK.invokeExact(Downcall.capture(), arena.allocateFrom(name));
            if (Trace.enabled()) {
                Trace.call("mq_unlink", r, Errno.last(), Trace.quote(name));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int mq_timedsend(mqd_t mqdes, const char *msg_ptr, size_t msg_len, unsigned int msg_prio,
    //                  const struct timespec *abs_timeout);  https://man7.org/linux/man-pages/man3/mq_send.3.html
    private static final MethodHandle MQ_TIMEDSEND = Downcall.capturing("mq_timedsend",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS));

    /** {@code absTimeout} is a CLOCK_REALTIME deadline ({@link timespec}), or NULL to block. */
    public static int mq_timedsend(int mqdes, MemorySegment msg, long msgLen, int msgPrio, MemorySegment absTimeout) {
        try {
            int r = (int) MQ_TIMEDSEND.invokeExact(Downcall.capture(), mqdes, msg, msgLen, msgPrio, absTimeout);
            if (Trace.enabled()) {
                Trace.call("mq_timedsend", r, Errno.last(), mqdes, Trace.bytes(msg, 0, msgLen), msgLen,
                        Integer.toUnsignedString(msgPrio), Trace.timespec(absTimeout));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // ssize_t mq_timedreceive(mqd_t mqdes, char *msg_ptr, size_t msg_len, unsigned int *msg_prio,
    //                         const struct timespec *abs_timeout);  https://man7.org/linux/man-pages/man3/mq_receive.3.html
    private static final MethodHandle MQ_TIMEDRECEIVE = Downcall.capturing("mq_timedreceive",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS));

    /** {@code msgLen} must be at least the queue's mq_msgsize (else EMSGSIZE); returns the message length or -1. */
    public static long mq_timedreceive(int mqdes, MemorySegment msg, long msgLen, MemorySegment msgPrio,
                                       MemorySegment absTimeout) {
        try {
            long r = (long) MQ_TIMEDRECEIVE.invokeExact(Downcall.capture(), mqdes, msg, msgLen, msgPrio, absTimeout);
            if (Trace.enabled()) {
                Trace.call("mq_timedreceive", r, Errno.last(), mqdes, r >= 0 ? Trace.bytes(msg, 0, r) : Trace.pointer(msg),
                        msgLen, r >= 0 && msgPrio.address() != 0 ? "[" + Integer.toUnsignedString(msgPrio.get(JAVA_INT, 0)) + "]"
                                : Trace.pointer(msgPrio), Trace.timespec(absTimeout));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int mq_setattr(mqd_t mqdes, const struct mq_attr *newattr, struct mq_attr *oldattr);
    // https://man7.org/linux/man-pages/man3/mq_setattr.3.html  (only mq_flags, O_NONBLOCK, is taken)
    private static final MethodHandle MQ_SETATTR = Downcall.capturing("mq_setattr",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    /** {@code newattr} is a {@link mq_attr}; {@code oldattr} one or NULL. */
    public static int mq_setattr(int mqdes, MemorySegment newattr, MemorySegment oldattr) {
        try {
            int r = (int) MQ_SETATTR.invokeExact(Downcall.capture(), mqdes, newattr, oldattr);
            if (Trace.enabled()) {
                Trace.call("mq_setattr", r, Errno.last(), mqdes,
                        "{mq_flags=" + ((mq_attr.mq_flags(newattr) & Fcntl.O_NONBLOCK) != 0 ? "O_NONBLOCK" : "0") + "}",
                        Trace.pointer(oldattr));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int mq_getattr(mqd_t mqdes, struct mq_attr *attr);  https://man7.org/linux/man-pages/man3/mq_getattr.3.html
    private static final MethodHandle MQ_GETATTR = Downcall.capturing("mq_getattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    /** {@code attr} is a {@link mq_attr}. */
    public static int mq_getattr(int mqdes, MemorySegment attr) {
        try {
            int r = (int) MQ_GETATTR.invokeExact(Downcall.capture(), mqdes, attr);
            if (Trace.enabled()) {
                Trace.call("mq_getattr", r, Errno.last(), mqdes, r == 0
                        ? "{mq_flags=" + mq_attr.mq_flags(attr) + ", mq_maxmsg=" + mq_attr.mq_maxmsg(attr) + ", mq_msgsize="
                                + mq_attr.mq_msgsize(attr) + ", mq_curmsgs=" + mq_attr.mq_curmsgs(attr) + "}"
                        : Trace.pointer(attr));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }
}
