package io.ipcsh.posix;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code <string.h>}: the C library's text for an errno. */
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
}
