package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code <unistd.h>}: who we are, the descriptor calls POSIX shared memory needs, and
 * {@code read}/{@code write}/{@code unlink} for FIFOs and sockets ({@code ipc.ByteStream}).
 */
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

    // long syscall(long number, ...);  https://man7.org/linux/man-pages/man2/syscall.2.html
    // The first try of read and write. glibc's read and write are cancellation points: in
    // a process with more than one thread (a JVM always has a dozen) each call turns
    // asynchronous cancellation on and off again around the system call, two atomic
    // updates that a single-threaded C program skips: 20-40 ns of a 160-220 ns write to
    // /dev/null here (explanation.md). Java threads are never pthread_cancel()ed, so this
    // asks the kernel directly: the same system call (strace shows read and write), the
    // same result and errno. SYS_read is 0 and SYS_write 1 on x86_64 (asm/unistd_64.h); elsewhere the
    // numbers differ, and read and write go through glibc's wrappers.
    private static final boolean X86_64 = "amd64".equals(System.getProperty("os.arch"));
    private static final long SYS_READ = 0;
    private static final long SYS_WRITE = 1;

    /** {@code (long fd, MemorySegment buf, long count) -> long}: system call {@code number}, else glibc's {@code name}. */
    private static MethodHandle withoutCancellation(long number, String name) {
        if (X86_64) {
            // read and write share one stub: the linker keeps one per descriptor.
            MethodHandle syscall = Downcall.plainVariadic("syscall",
                    FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG), 1);
            return MethodHandles.insertArguments(syscall, 0, number);
        }
        MethodHandle h = Downcall.plain(name, FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
        return MethodHandles.explicitCastArguments(h, MethodType.methodType(long.class, long.class, MemorySegment.class, long.class));
    }

    // ssize_t read(int fd, void *buf, size_t count);  https://man7.org/linux/man-pages/man2/read.2.html
    // May block, so never critical. A success goes without errno capture (finding the
    // thread's capture segment costs as much as the rest of the Java side of the call); a
    // failure (EINTR, EAGAIN, EBADF: nothing was read) is made again with errno captured.
    private static final MethodHandle READ = Downcall.capturing("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle READ_FAST = withoutCancellation(SYS_READ, "read");

    /** {@code buf} must be native and at least {@code count} bytes long. */
    public static long read(int fd, MemorySegment buf, long count) {
        if (!Trace.enabled()) {
            try {
                long r = (long) READ_FAST.invokeExact((long) fd, buf, count);
                if (r >= 0) {
                    return r;
                }
            } catch (Throwable t) {
                throw Downcall.fatal(t);
            }
        }
        try {
            long r = (long) READ.invokeExact(Downcall.capture(), fd, buf, count);
            if (Trace.enabled()) {
                Trace.call("read", r, Errno.last(), fd, r > 0 ? Trace.bytes(buf, 0, r) : Trace.pointer(buf), count);
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // ssize_t write(int fd, const void *buf, size_t count);  https://man7.org/linux/man-pages/man2/write.2.html
    // As read: may block, success without capture, a failure (EINTR, EAGAIN, EPIPE, EBADF:
    // nothing was written) made again with errno captured.
    private static final MethodHandle WRITE = Downcall.capturing("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE_FAST = withoutCancellation(SYS_WRITE, "write");

    /** {@code buf} must be native and at least {@code count} bytes long. */
    public static long write(int fd, MemorySegment buf, long count) {
        if (!Trace.enabled()) {
            try {
                long r = (long) WRITE_FAST.invokeExact((long) fd, buf, count);
                if (r >= 0) {
                    return r;
                }
            } catch (Throwable t) {
                throw Downcall.fatal(t);
            }
        }
        try {
            long r = (long) WRITE.invokeExact(Downcall.capture(), fd, buf, count);
            if (Trace.enabled()) {
                Trace.call("write", r, Errno.last(), fd, Trace.bytes(buf, 0, count), count);
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int unlink(const char *pathname);  https://man7.org/linux/man-pages/man2/unlink.2.html
    private static final MethodHandle UNLINK = Downcall.capturing("unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    public static int unlink(String path) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) UNLINK.invokeExact(Downcall.capture(), arena.allocateFrom(path));
            if (Trace.enabled()) {
                Trace.call("unlink", r, Errno.last(), Trace.quote(path));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }
}
