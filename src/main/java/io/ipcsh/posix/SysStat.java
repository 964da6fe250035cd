package io.ipcsh.posix;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code <sys/stat.h>}: {@code fstat}, which tells the size of a POSIX shared memory
 * object. (Named SysStat so it doesn't clash with the struct class {@link stat} on a
 * case-insensitive file system.)
 */
public final class SysStat {
    public static final int S_IFMT = 0170000;
    public static final int S_IFREG = 0100000;

    private SysStat() {
    }

    // int fstat(int fd, struct stat *statbuf);  https://man7.org/linux/man-pages/man2/fstat.2.html
    // A real symbol since glibc 2.33 (before, a wrapper around __fxstat).
    private static final MethodHandle FSTAT = Downcall.capturing("fstat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    /** {@code statbuf} is a {@link stat}. */
    public static int fstat(int fd, MemorySegment statbuf) {
        try {
            int r = (int) FSTAT.invokeExact(Downcall.capture(), fd, statbuf);
            if (Trace.enabled()) {
                Trace.call("fstat", r, Errno.last(), fd, r == 0
                        ? "{st_mode=" + fileType(stat.st_mode(statbuf)) + Trace.octal(stat.st_mode(statbuf) & 07777)
                                + ", st_size=" + stat.st_size(statbuf) + ", ...}"
                        : Trace.pointer(statbuf));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    private static String fileType(int mode) {
        return (mode & S_IFMT) == S_IFREG ? "S_IFREG|" : Trace.octal(mode & S_IFMT) + "|";
    }
}
