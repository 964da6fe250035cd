package io.ipcsh.posix;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code <string.h>}: the C library's text for an errno, and its bulk copy. */
public final class Strings {
    private Strings() {
    }

    // char *strerror(int errnum);  https://man7.org/linux/man-pages/man3/strerror.3.html
    private static final MethodHandle STRERROR = Downcall.plain("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    /** The C library's text for {@code errnum}. Not traced. */
    public static String strerror(int errnum) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errnum);
            // strerror returns a zero-length pointer; the text is NUL-terminated and short.
            return text.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // void *memmove(void *dest, const void *src, size_t n);  https://man7.org/linux/man-pages/man3/memmove.3.html
    // glibc's memcpy and memmove are one routine on x86_64 (memmove-vec-unaligned-erms):
    // the overlap check is free, so memmove it is.
    private static final MethodHandle MEMMOVE = Downcall.heapCritical("memmove",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));

    /**
     * Copies {@code n} bytes from {@code src} to {@code dest}, which may overlap, and may
     * be heap segments (Java arrays). Checks nothing: both must hold {@code n} bytes and
     * {@code dest} must be writable memory. The GC waits for the call, so keep {@code n} to
     * a few MiB. Not traced (no system call).
     */
    public static void memmove(MemorySegment dest, MemorySegment src, long n) {
        try {
            MemorySegment ignored = (MemorySegment) MEMMOVE.invokeExact(dest, src, n);
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }
}
