package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code <sys/stat.h>}: {@code fstat}, which tells the size of a POSIX shared memory
 * object, and {@code fchmod}/{@code chmod}, which give a new POSIX object the mode asked
 * for whatever the umask took off. (Named SysStat so it doesn't clash with the struct class {@link stat} on a
 * case-insensitive file system.)
 */
public final class SysStat {
    public static final int S_IFMT = 0170000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFIFO = 0010000;

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

    // int fchmod(int fd, mode_t mode);  https://man7.org/linux/man-pages/man2/chmod.2.html
    private static final MethodHandle FCHMOD = Downcall.capturing("fchmod", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    public static int fchmod(int fd, int mode) {
        try {
            int r = (int) FCHMOD.invokeExact(Downcall.capture(), fd, mode);
            if (Trace.enabled()) {
                Trace.call("fchmod", r, Errno.last(), fd, Trace.octal(mode));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int chmod(const char *pathname, mode_t mode);  https://man7.org/linux/man-pages/man2/chmod.2.html
    private static final MethodHandle CHMOD = Downcall.capturing("chmod", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    public static int chmod(String path, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) CHMOD.invokeExact(Downcall.capture(), arena.allocateFrom(path), mode);
            if (Trace.enabled()) {
                Trace.call("chmod", r, Errno.last(), Trace.quote(path), Trace.octal(mode));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int mkfifo(const char *pathname, mode_t mode);  https://man7.org/linux/man-pages/man3/mkfifo.3.html
    private static final MethodHandle MKFIFO = Downcall.capturing("mkfifo", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    public static int mkfifo(String path, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) MKFIFO.invokeExact(Downcall.capture(), arena.allocateFrom(path), mode);
            if (Trace.enabled()) {
                Trace.call("mkfifo", r, Errno.last(), Trace.quote(path), Trace.octal(mode));
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
