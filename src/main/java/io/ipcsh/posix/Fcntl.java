package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code <fcntl.h>}: the open flags {@code shm_open}, {@code sem_open} and {@code mq_open}
 * take (x86_64), and {@code open}/{@code fcntl} for a FIFO's ends. Returns what C returns.
 */
public final class Fcntl {
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_TRUNC = 01000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_CLOEXEC = 02000000;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;

    private Fcntl() {
    }

    // int open(const char *pathname, int flags, ... /* mode_t mode */);  https://man7.org/linux/man-pages/man2/open.2.html
    // Variadic; without O_CREAT no mode is passed.
    private static final MethodHandle OPEN = Downcall.variadic("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), 2);

    /** {@code open} without O_CREAT (a FIFO's end): may block, as a FIFO's blocking open waits for the other side. */
    public static int open(String path, int flags) {
        if ((flags & O_CREAT) != 0) {
            throw new IllegalArgumentException("open with O_CREAT needs a mode: not bound");
        }
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) OPEN.invokeExact(Downcall.capture(), arena.allocateFrom(path), flags);
            if (Trace.enabled()) {
                Trace.call("open", r, Errno.last(), Trace.quote(path), Trace.openFlags(flags));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int fcntl(int fd, int cmd, ... /* arg */);  https://man7.org/linux/man-pages/man2/fcntl.2.html
    private static final MethodHandle FCNTL_GET = Downcall.variadic("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), 2);
    private static final MethodHandle FCNTL_SET = Downcall.variadic("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), 2);

    /** {@code fcntl(fd, F_GETFL)}: the file status flags, or -1. */
    public static int getfl(int fd) {
        try {
            int r = (int) FCNTL_GET.invokeExact(Downcall.capture(), fd, F_GETFL);
            if (Trace.enabled()) {
                Trace.call("fcntl", r, Errno.last(), fd, "F_GETFL");
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    /** {@code fcntl(fd, F_SETFL, flags)}: 0, or -1. */
    public static int setfl(int fd, int flags) {
        try {
            int r = (int) FCNTL_SET.invokeExact(Downcall.capture(), fd, F_SETFL, flags);
            if (Trace.enabled()) {
                Trace.call("fcntl", r, Errno.last(), fd, "F_SETFL", Trace.openFlags(flags));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }
}
