package io.ipcsh.posix;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * What glibc keeps inside a {@code pthread_mutex_t} on x86_64 ({@code struct
 * __pthread_mutex_s}, 40 bytes, 8-aligned). Only read it: {@code __owner} is the tid of
 * the thread holding it (0 when free), which is how a dead owner is named.
 */
public final class pthread_mutex_t {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("__lock"),
            JAVA_INT.withName("__count"),
            JAVA_INT.withName("__owner"),
            JAVA_INT.withName("__nusers"),
            JAVA_INT.withName("__kind"),
            JAVA_SHORT.withName("__spins"),
            JAVA_SHORT.withName("__elision"),
            ADDRESS.withName("__prev"),
            ADDRESS.withName("__next"));
    /** {@code sizeof(pthread_mutex_t)}. */
    public static final long SIZE = 40;
    /** {@code alignof(pthread_mutex_t)}. */
    public static final long ALIGN = 8;
    /** {@code sizeof(pthread_mutexattr_t)}. */
    public static final long ATTR_SIZE = 4;
    /** Where {@code __owner} is. */
    public static final long OWNER_OFFSET = LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("__owner"));

    private static final VarHandle LOCK = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("__lock"));
    private static final VarHandle OWNER = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("__owner"));
    private static final VarHandle KIND = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("__kind"));

    private pthread_mutex_t() {
    }

    /** The futex word: for a robust mutex, the owner's tid plus FUTEX_OWNER_DIED/FUTEX_WAITERS bits. */
    public static int lock(MemorySegment m) {
        return (int) LOCK.getVolatile(m, 0L);
    }

    /** The owner's tid, 0 when free; glibc leaves the dead owner's tid until someone locks it. */
    public static int owner(MemorySegment m) {
        return (int) OWNER.getVolatile(m, 0L);
    }

    /** The mutex kind bits (type, robust 16, pshared 128). */
    public static int kind(MemorySegment m) {
        return (int) KIND.getVolatile(m, 0L);
    }
}
