package io.ipcsh.posix;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code <unistd.h>}: who we are, and the descriptor calls POSIX shared memory needs. */
public final class Unistd {
    private Unistd() {
    }

    // pid_t getpid(void);  https://man7.org/linux/man-pages/man2/getpid.2.html
    private static final MethodHandle GETPID = Downcall.plain("getpid", FunctionDescriptor.of(JAVA_INT));
    // uid_t geteuid(void);  https://man7.org/linux/man-pages/man2/geteuid.2.html
    private static final MethodHandle GETEUID = Downcall.plain("geteuid", FunctionDescriptor.of(JAVA_INT));
    // pid_t gettid(void);  https://man7.org/linux/man-pages/man2/gettid.2.html  (glibc 2.30+)
    private static final MethodHandle GETTID = Downcall.plain("gettid", FunctionDescriptor.of(JAVA_INT));

    /** Can't fail. Not traced. */
    public static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    /** Can't fail. Not traced. */
    public static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    /** The calling thread's kernel id, what a robust mutex records as its owner. Can't fail. Not traced. */
    public static int gettid() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int ftruncate(int fd, off_t length);  https://man7.org/linux/man-pages/man2/ftruncate.2.html
    private static final MethodHandle FTRUNCATE = Downcall.capturing("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG));

    public static int ftruncate(int fd, long length) {
        try {
            int r = (int) FTRUNCATE.invokeExact(Downcall.capture(), fd, length);
            if (Trace.enabled()) {
                Trace.call("ftruncate", r, Errno.last(), fd, length);
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int close(int fd);  https://man7.org/linux/man-pages/man2/close.2.html
    private static final MethodHandle CLOSE = Downcall.capturing("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));

    public static int close(int fd) {
        try {
            int r = (int) CLOSE.invokeExact(Downcall.capture(), fd);
            if (Trace.enabled()) {
                Trace.call("close", r, Errno.last(), fd);
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }
}
