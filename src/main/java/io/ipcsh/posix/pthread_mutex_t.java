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

    /** In {@code __lock} of a robust mutex: someone sleeps on it. */
    public static final int FUTEX_WAITERS = 0x80000000;
    /** In {@code __lock} of a robust mutex: its owner died holding it (set by the kernel or glibc). */
    public static final int FUTEX_OWNER_DIED = 0x40000000;
    /** In {@code __lock} of a robust mutex: the owner's tid. */
    public static final int FUTEX_TID_MASK = 0x3fffffff;
    /** {@code __owner} after a lock returned EOWNERDEAD, until pthread_mutex_consistent. */
    public static final int PTHREAD_MUTEX_INCONSISTENT = Integer.MAX_VALUE;
    /** {@code __owner} once unlocked without pthread_mutex_consistent: every lock fails with ENOTRECOVERABLE. */
    public static final int PTHREAD_MUTEX_NOTRECOVERABLE = Integer.MAX_VALUE - 1;
    /** {@code __kind}: the type bits (normal 0, recursive 1, errorcheck 2, adaptive 3). */
    public static final int PTHREAD_MUTEX_KIND_MASK_NP = 3;
    /** {@code __kind}: robust. */
    public static final int PTHREAD_MUTEX_ROBUST_NORMAL_NP = 16;
    /** {@code __kind}: process-shared. */
    public static final int PTHREAD_MUTEX_PSHARED_BIT = 128;

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
