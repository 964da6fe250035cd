package io.ipcsh.posix;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * What glibc keeps inside a {@code sem_t} on x86_64: the one place ipcsh knows it.
 *
 * <p>{@code <semaphore.h>} makes {@code sem_t} an opaque 32-byte union; glibc casts it to
 * {@code struct new_sem} (sysdeps/nptl/internaltypes.h, 64-bit atomics, little-endian):
 *
 * <pre>
 *  0               4               8              12              16              32
 *  +---------------+---------------+--------------+---------------+---------------+
 *  | value (u32)   | nwaiters (u32)| private (int)| pad (int)     | unused        |
 *  +---------------+---------------+--------------+---------------+---------------+
 *  \------ uint64_t data --------/
 * </pre>
 *
 * <ul>
 *   <li>{@code data}: the count in the low 32 bits (SEM_VALUE_MASK) and the number of
 *       threads blocked in {@code sem_wait}/{@code sem_timedwait} in the high 32 bits
 *       (SEM_NWAITERS_SHIFT = 32). A blocking waiter adds {@code 1 << 32} before it sleeps
 *       on the futex and subtracts it when it returns, so a waiter killed while blocked
 *       leaves its count behind for good.</li>
 *   <li>{@code private}: the futex flag, 128 (FUTEX_PRIVATE_FLAG, glibc's LLL_SHARED)
 *       for {@code sem_init(s, 1, v)} and 0 for a process-private one.</li>
 * </ul>
 *
 * <p>glibc's own fast paths work on {@code data} alone, with no system call
 * (nptl/sem_post.c, sem_waitcommon.c): {@code sem_trywait} (and the first try of every
 * wait) takes a token with one compare-and-swap of {@code data} to {@code data - 1} while
 * the count is above 0; {@code sem_post} adds one with a compare-and-swap to
 * {@code data + 1}, and only if the {@code data} it replaced counted a waiter does it go on
 * to {@code futex(FUTEX_WAKE)}. {@link #compareAndExchangeData} is that one write, for
 * code that does the same steps in Java; any other write behind glibc's back would
 * corrupt the semaphore.
 *
 * <p>This is glibc's internal layout, not an API: {@code SemWordsTest} checks it against
 * what a C program's {@code sem_init}, {@code sem_post} and a thread blocked in
 * {@code sem_wait} leave in these bytes, and {@code SemaphoreWaitersTest} against real
 * waiters in another process, glibc 2.36.
 */
public final class sem_t {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("data"),
            JAVA_INT.withName("private"),
            JAVA_INT.withName("pad"),
            MemoryLayout.paddingLayout(16));
    /** SEM_NWAITERS_SHIFT: where the waiter count starts in {@code data}. */
    public static final int NWAITERS_SHIFT = 32;
    /** SEM_VALUE_MASK: the count's bits in {@code data}. */
    public static final long VALUE_MASK = 0xffff_ffffL;
    /** Where the {@code private} field (the futex flag) is, from the start of the sem_t. */
    public static final long PRIVATE_OFFSET = LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("private"));
    /** The {@code private} field of a process-shared semaphore (FUTEX_PRIVATE_FLAG). */
    public static final int SHARED = 128;

    private static final VarHandle DATA = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("data"));
    private static final VarHandle PRIVATE = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("private"));

    private sem_t() {
    }

    /** {@code data}, read atomically as glibc's atomics write it (needs the sem_t 8-aligned). */
    public static long data(MemorySegment sem) {
        return (long) DATA.getVolatile(sem, 0L);
    }

    /**
     * {@code data} as glibc's fast paths read it before their compare-and-swap
     * ({@code atomic_load_relaxed}): a plain read, with no ordering of its own, which the
     * swap that follows provides. It can't tear: an aligned 8-byte plain access is atomic
     * on a 64-bit platform (FFM's access-mode rules; the sem_t is 8-aligned). An opaque
     * read, the closer match, cost the JIT's pair 1 ns more.
     */
    public static long dataRelaxed(MemorySegment sem) {
        return (long) DATA.get(sem, 0L);
    }

    /** The count, as {@code sem_getvalue} reports it. */
    public static int value(MemorySegment sem) {
        return (int) (data(sem) & VALUE_MASK);
    }

    /** Threads blocked in a wait, including ones killed while they waited. */
    public static int nwaiters(MemorySegment sem) {
        return (int) (data(sem) >>> NWAITERS_SHIFT);
    }

    /**
     * Replaces {@code data} with {@code value} if it still holds {@code expected}, as one
     * atomic compare-and-swap (a {@code lock cmpxchg} on x86_64, which is what glibc's
     * {@code atomic_compare_exchange_weak_acquire/release} compile to there).
     *
     * @return the {@code data} found: {@code expected} if the swap was made
     */
    public static long compareAndExchangeData(MemorySegment sem, long expected, long value) {
        return (long) DATA.compareAndExchange(sem, 0L, expected, value);
    }

    /** The futex flag: {@link #SHARED} after {@code sem_init(s, 1, v)}. */
    public static int privateFlag(MemorySegment sem) {
        return (int) PRIVATE.get(sem, 0L);
    }
}
