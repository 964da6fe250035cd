package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Semaphores;
import io.ipcsh.posix.sem_t;
import io.ipcsh.posix.timespec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;

/**
 * A process-shared POSIX semaphore ({@code sem_t}, 32 bytes, 8-aligned) at an offset in
 * a {@link Memory}: the same object a C program reaches with
 * {@code sem_t *s = (sem_t *) (addr + offset)}. It knows nothing of where that memory
 * came from (a SysV segment, a POSIX mapping, or the page {@code sem_open} maps): its
 * messages name the memory's label, and a detach or a read-only mapping is the memory's.
 *
 * <pre>{@code
 * Semaphore s = seg.semaphore(0).init(0);   // sem_init(addr, 1, 0)
 * s.post();                                 // sem_post
 * s.await(Duration.ofSeconds(2));           // sem_timedwait: true if taken
 * s.awaitAdaptive();                        // spin ~50 µs, then sem_timedwait
 * }</pre>
 *
 * <h2>Blocking, spinning, adaptive</h2>
 * A blocking wait ({@link #await()}) costs no CPU while idle, but a hand-off through it
 * costs a futex wake-up of the other process: tens of microseconds when it sleeps on
 * another core. Spinning on shared memory answers in well under a microsecond but burns
 * a core while it waits. {@link #awaitAdaptive()} does both: it polls the semaphore for a
 * short while ({@link #DEFAULT_SPIN}), and only then blocks. Under continuous traffic the
 * post arrives while it still spins, the poster finds no sleeper and makes no
 * {@code futex} call, and a round trip stays close to a busy-poll's; an idle waiter
 * spends one spin and then sleeps.
 *
 * <h2>No downcall where glibc makes no system call</h2>
 * A post to a semaphore nobody waits on, and a take of a count above 0, are one atomic
 * compare-and-swap of the {@code sem_t}'s 64-bit word in glibc (see {@link sem_t}); a call
 * into libc through FFM costs more than that. So {@link #post()}, {@link #tryAcquire()}
 * and the first try of every wait do glibc's own fast path here, on the same word with the
 * same atomic instruction, and call libc only for what needs it: a post that has a waiter
 * to wake ({@code futex}) or finds the count at {@link #VALUE_MAX} (EOVERFLOW, errno
 * captured), and a wait that has to block. C programs and other processes using libc on
 * the same semaphore see no difference. While {@link Tracing} is on, every call goes
 * through libc, so that each one shows in the trace.
 *
 * <p>Only {@link #value()} and {@link #waiters()} work through a read-only attach; the
 * others write to the {@code sem_t} and are refused there, in Java.
 *
 * <p>{@link #init} and {@link #destroy} refuse to run while {@link #waiters()} is not 0:
 * under a blocked waiter, {@code sem_init} resets the futex word it sleeps on, so it is
 * never woken and the waiter count is lost, and {@code sem_destroy} is undefined. A
 * waiter killed while it waited stays counted (glibc can't know it died); once sure no
 * one waits, {@link #forceInit} and {@link #forceDestroy} skip the check.
 */
public final class Semaphore implements Waitable {
    /** {@code sizeof(sem_t)}. */
    public static final long SIZE = Semaphores.SEM_T_SIZE;
    /** {@code alignof(sem_t)}. */
    public static final long ALIGNMENT = Semaphores.SEM_T_ALIGN;
    /** The largest value a {@code sem_t} holds (SEM_VALUE_MAX). */
    public static final int VALUE_MAX = Semaphores.SEM_VALUE_MAX;

    /**
     * A blocking wait sleeps in {@code sem_timedwait} slices this long, so that
     * {@link Thread#interrupt()} (Ctrl-C in the shell) ends it promptly: a thread inside a
     * native call can't be interrupted any other way.
     */
    private static final long SLICE_NANOS = 100_000_000L;
    /**
     * How long {@link #awaitAdaptive()} polls before it blocks: about what a futex
     * wake-up of a sleeping process on another core costs, so that a waiter never loses
     * more than about twice the best case (the classic spin-then-block argument).
     */
    public static final Duration DEFAULT_SPIN = Duration.ofNanos(50_000);
    /** Polls between two looks at the clock and the interrupt flag while spinning. */
    private static final int POLLS_PER_CHECK = 64;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int ETIMEDOUT = 110;

    private final Memory memory;
    private final long offset;
    /** The name for one {@code sem_open} returned ("/jobs"); null for a {@code sem_t} at an offset in memory. */
    private final String named;
    /**
     * The 32 bytes of the sem_t, sliced once: it shares the memory's arena, so after a
     * detach FFM still refuses it, and no call needs a new slice.
     */
    private final MemorySegment sem;

    /** Made by {@link Memory#semaphore(long)}, which checked range and alignment. */
    Semaphore(MemorySegment sem, Memory memory, long offset) {
        this(sem, memory, offset, null);
    }

    private Semaphore(MemorySegment sem, Memory memory, long offset, String named) {
        this.sem = sem;
        this.memory = memory;
        this.offset = offset;
        this.named = named;
    }

    /**
     * The semaphore {@code sem_open} returned for {@code name}: {@code sem} is its 32 bytes,
     * sized and scoped by {@code memory}'s owner ({@link NamedSemaphore}, whose
     * {@code sem_close} ends it). The same waiting code as a {@code sem_t} in memory; its
     * messages name it "/jobs" instead of an offset.
     */
    static Semaphore named(MemorySegment sem, Memory memory, PosixName name) {
        return new Semaphore(sem, memory, 0, name.value());
    }

    /** The memory it lives in. */
    public Memory memory() {
        return memory;
    }

    /** Where it is, for messages: "shmid=32769 offset=64", or "/jobs" for a named one. */
    @Override
    public String label() {
        return named != null ? named : memory.label() + " offset=" + offset;
    }

    /** "the semaphore at offset=64", or "the semaphore /jobs". */
    @Override
    public String describe() {
        return named != null ? "the semaphore " + named : "the semaphore at offset=" + offset;
    }

    /** "at offset=64 in shmid=32769", or "/jobs": where a message says it is. */
    private String place() {
        return named != null ? named : "at offset=" + offset + " in " + memory.label();
    }

    /** Its byte offset in the segment. */
    public long offset() {
        return offset;
    }

    /**
     * {@code sem_init(addr, 1, value)}: initialises it, process-shared, with {@code value}.
     * On a semaphore already in use but with no one blocked on it, this resets the count to
     * {@code value}; with waiters it is refused ({@link IpcException.BusyException}).
     */
    public Semaphore init(int value) {
        checkValue(value);
        refuseUnderWaiters("sem_init");
        check(Semaphores.sem_init(writable(), 1, value), "sem_init");
        return this;
    }

    /**
     * {@code sem_init} even though {@link #waiters()} says someone waits: for a semaphore
     * whose waiters were killed, which glibc still counts. A live waiter is stranded.
     */
    public Semaphore forceInit(int value) {
        checkValue(value);
        check(Semaphores.sem_init(writable(), 1, value), "sem_init");
        return this;
    }

    /**
     * How many threads, in any process, are blocked waiting on it now, read from glibc's
     * {@code sem_t} (see {@link sem_t}). Includes waiters killed while they waited. A
     * waiter that is between two {@link #await(Duration)} slices is briefly not counted.
     * 0 for memory that {@code sem_init(s, 1, v)} never initialised, whatever bytes it holds.
     */
    @Override
    public int waiters() {
        memory.checkAlive();
        return countWaiters(sem);
    }

    private static int countWaiters(MemorySegment sem) {
        return sem_t.privateFlag(sem) == sem_t.SHARED ? sem_t.nwaiters(sem) : 0;
    }

    /**
     * Waits until it can decrement ({@code sem_wait}). Interruptible: a
     * {@link Thread#interrupt()} ends the wait with {@link IpcException.InterruptedIpcException}.
     */
    @Override
    public void await() {
        MemorySegment sem = writable();
        if (takeBeforeBlocking(sem)) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment deadline = arena.allocate(timespec.LAYOUT);
            while (true) {
                checkInterrupt();
                Timeouts.deadlineIn(deadline, SLICE_NANOS);
                if (timedWait(sem, deadline) == 0) {
                    return;
                }
                int errno = Errno.last();
                if (errno != ETIMEDOUT && errno != EINTR) {
                    throw failure("sem_timedwait", errno);
                }
            }
        }
    }

    /**
     * Waits at most {@code timeout} ({@code sem_timedwait} with a CLOCK_REALTIME deadline).
     *
     * @return true if it was decremented, false if the time ran out
     */
    @Override
    public boolean await(Duration timeout) {
        MemorySegment sem = writable();
        if (takeBeforeBlocking(sem)) {
            return true;
        }
        // Elapsed time against the budget, never an end time: start + nanos could overflow.
        long budget = Timeouts.budget(timeout);
        long start = System.nanoTime();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment deadline = arena.allocate(timespec.LAYOUT);
            while (true) {
                checkInterrupt();
                long left = budget - (System.nanoTime() - start);
                Timeouts.deadlineIn(deadline, Math.max(0, Math.min(left, SLICE_NANOS)));
                if (timedWait(sem, deadline) == 0) {
                    return true;
                }
                int errno = Errno.last();
                if (errno == ETIMEDOUT && left <= SLICE_NANOS) {
                    return false;
                }
                if (errno != ETIMEDOUT && errno != EINTR) {
                    throw failure("sem_timedwait", errno);
                }
            }
        }
    }

    /**
     * Plain {@code sem_wait}, restarted on EINTR: the cheapest blocking wait, for
     * benchmarks and worker threads. It can't be interrupted from Java.
     */
    public void awaitUninterruptibly() {
        MemorySegment sem = writable();
        checkFutexFlag(sem);
        if (!Tracing.enabled() && takeToken(sem)) {
            return;
        }
        while (whileAttached(() -> Semaphores.sem_wait(sem)) != 0) {
            int errno = Errno.last();
            if (errno != EINTR) {
                throw failure("sem_wait", errno);
            }
        }
    }

    /**
     * Spin-then-block wait with {@link #DEFAULT_SPIN}: polls the count (with
     * {@link Thread#onSpinWait()}) and takes it with {@code sem_trywait} as soon as it is
     * positive; after the spin it waits as {@link #await()} does. Interruptible in both
     * phases.
     */
    public void awaitAdaptive() {
        awaitAdaptive(DEFAULT_SPIN);
    }

    /**
     * As {@link #awaitAdaptive()}, spinning for {@code spin} before blocking.
     * {@link Duration#ZERO} makes it a plain {@link #await()} after one {@code sem_trywait}.
     */
    public void awaitAdaptive(Duration spin) {
        if (!spinFor(checkSpin(spin))) {
            await();
        }
    }

    /**
     * As {@link #awaitAdaptive(Duration)}, giving up after {@code timeout} in all (spin
     * included).
     *
     * @return true if it was decremented, false if the time ran out
     */
    public boolean awaitAdaptive(Duration spin, Duration timeout) {
        long budget = Timeouts.budget(timeout);
        long spinNanos = Math.min(checkSpin(spin), budget);
        long start = System.nanoTime();
        if (spinFor(spinNanos)) {
            return true;
        }
        long left = budget - (System.nanoTime() - start);
        return await(Duration.ofNanos(Math.max(0, left)));
    }

    private static long checkSpin(Duration spin) {
        if (spin.isNegative()) {
            throw new IpcException.InvalidArgumentException("spin must not be negative: spin=" + Timeouts.nanos(spin) + "ns");
        }
        return Timeouts.nanos(spin);
    }

    /**
     * A blocking wait's first try, as glibc's {@code sem_timedwait} makes it before it blocks,
     * but without the downcall: true if a token was taken. An interrupt already pending, or
     * an overwritten {@code sem_t}, is refused first, as the blocking loop would.
     */
    private boolean takeBeforeBlocking(MemorySegment sem) {
        checkInterrupt();
        checkFutexFlag(sem);
        return !Tracing.enabled() && takeToken(sem);
    }

    /** sem_timedwait, with a detach that got in between two slices reported as such. */
    private int timedWait(MemorySegment sem, MemorySegment deadline) {
        return whileAttached(() -> {
            // Every slice: another process may overwrite the sem_t while we wait.
            checkFutexFlag(sem);
            return Semaphores.sem_timedwait(sem, deadline);
        });
    }

    /**
     * Refuses a {@code sem_t} whose futex flag ({@link sem_t#privateFlag}) is neither of
     * the two values {@code sem_init} stores. glibc hands that flag to the futex call of a
     * blocking wait, or of a post with waiters; the kernel rejects the garbage operation,
     * and glibc answers with "The futex facility returned an unexpected error code" and
     * abort(): the whole JVM would die because someone wrote over the semaphore. A write
     * racing with the call itself can still get through; this closes the common case.
     */
    private void checkFutexFlag(MemorySegment sem) {
        int flag = sem_t.privateFlag(sem);
        if (flag != sem_t.SHARED && flag != 0) {
            throw new IpcException.InvalidArgumentException("no valid semaphore " + place() + ": its sem_t was overwritten (futex flag " + flag + " at offset=" + (offset + sem_t.PRIVATE_OFFSET)
                    + ", where sem_init stores 128), and glibc would abort the process on it (sem init it again)");
        }
    }

    /**
     * Runs a call on the sem_t's memory. FFM refuses it with IllegalStateException once
     * its memory's owner (such as {@link Segment#detach()}) closed that memory (which it can do between two slices of a
     * wait, or between the check and the call): this process's hold on the semaphore is gone,
     * while the semaphore itself may still exist elsewhere.
     */
    private int whileAttached(java.util.function.IntSupplier call) {
        try {
            return call.getAsInt();
        } catch (IllegalStateException e) {
            if (memory.isAlive()) {
                throw e;
            }
            throw new IpcException.DetachedException(named != null
                    ? memory.describe() + " was closed (sem_close) while waiting on it"
                    : memory.describe() + " was detached while waiting on the semaphore at offset=" + offset);
        }
    }

    /** Polls for up to {@code nanos}; true once a {@code sem_trywait} succeeded. */
    private boolean spinFor(long nanos) {
        MemorySegment sem = writable();
        return whileAttached(() -> spin(sem, nanos) ? 1 : 0) == 1;
    }

    private boolean spin(MemorySegment sem, long nanos) {
        if (nanos == 0) {
            return tryAcquire(sem);
        }
        // Polling starts at once, with no sem_trywait first: in a hand-off the count is
        // usually still 0 here, and a failing downcall (errno captured) costs more than a look.
        // The clock starts after the first round of polls, which a busy hand-off rarely outlasts;
        // the spin is then at most one round of polls longer than asked.
        long start = 0;
        while (true) {
            for (int i = 0; i < POLLS_PER_CHECK; i++) {
                // The count in glibc's sem_t (see sem_t), read while spinning so that polling
                // makes no write to the cache line until there is something to take.
                if (sem_t.value(sem) != 0 && tryAcquire(sem)) {
                    return true;
                }
                Thread.onSpinWait();
            }
            checkInterrupt();
            long now = System.nanoTime();
            if (start == 0) {
                start = now;
            } else if (now - start >= nanos) {
                return false;
            }
        }
    }

    /**
     * {@code sem_trywait}: what glibc's does, one compare-and-swap that takes a token if the
     * count is above 0, made here without a downcall (through libc while tracing).
     *
     * @return true if it was decremented, false if it would block (EAGAIN)
     */
    @Override
    public boolean tryAcquire() {
        // As post(): the sem_t's own access makes FFM's liveness check.
        memory.checkWritable(offset);
        try {
            return tryAcquire(sem);
        } catch (IllegalStateException e) {
            throw memory.detachedMeanwhile(e);
        }
    }

    private boolean tryAcquire(MemorySegment sem) {
        if (!Tracing.enabled()) {
            return takeToken(sem);
        }
        if (Semaphores.sem_trywait(sem) == 0) {
            return true;
        }
        int errno = Errno.last();
        if (errno == EAGAIN) {
            return false;
        }
        throw failure("sem_trywait", errno);
    }

    /**
     * {@code sem_post}: increments it and wakes one waiter. With nobody waiting that is
     * glibc's one compare-and-swap, made here without a downcall; a waiter to wake, a count
     * at {@link #VALUE_MAX} (EOVERFLOW) or tracing take libc's {@code sem_post}.
     */
    @Override
    public Semaphore post() {
        // No liveness check of its own first: the accesses to the sem_t make FFM's, and
        // Memory words a refusal as a detach (the pair is two swaps and its checks, and this
        // one was 0.9 of JMH's 11.4 ns).
        memory.checkWritable(offset);
        try {
            checkFutexFlag(sem);
            if (!Tracing.enabled() && addToken(sem)) {
                return this;
            }
        } catch (IllegalStateException e) {
            throw memory.detachedMeanwhile(e);
        }
        check(Semaphores.sem_post(writable()), "sem_post");
        return this;
    }

    /**
     * glibc's {@code sem_trywait} ({@code __new_sem_wait_fast}) on {@link sem_t}'s data word:
     * while the count is above 0, swap in one less. It cannot fail any other way than
     * "would block": glibc's sets no errno but EAGAIN.
     */
    private static boolean takeToken(MemorySegment sem) {
        long data = sem_t.dataRelaxed(sem);
        while ((data & sem_t.VALUE_MASK) != 0) {
            long found = sem_t.compareAndExchangeData(sem, data, data - 1);
            if (found == data) {
                return true;
            }
            data = found;
        }
        return false;
    }

    /**
     * glibc's {@code sem_post} for the case where it makes no system call: swap in one more
     * while the data word counts no waiter and the count is below SEM_VALUE_MAX. A waiter
     * that registers meanwhile changes the word, so the swap fails and the next look sees
     * it: a post that should wake someone is never made here. False leaves the post to
     * libc (wake the waiter, or fail with EOVERFLOW and its errno).
     */
    private static boolean addToken(MemorySegment sem) {
        long data = sem_t.dataRelaxed(sem);
        while ((data >>> sem_t.NWAITERS_SHIFT) == 0 && data < VALUE_MAX) {
            long found = sem_t.compareAndExchangeData(sem, data, data + 1);
            if (found == data) {
                return true;
            }
            data = found;
        }
        return false;
    }

    /** {@code sem_getvalue}: the count now (0 when there are waiters, on glibc). */
    @Override
    public int value() {
        memory.checkAlive();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sval = arena.allocate(ValueLayout.JAVA_INT);
            check(Semaphores.sem_getvalue(sem, sval), "sem_getvalue");
            return sval.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /**
     * {@code sem_destroy}. Refused while {@link #waiters()} is not 0
     * ({@link IpcException.BusyException}): destroying a semaphore someone waits on is
     * undefined in C. On glibc the memory stays a usable semaphore afterwards.
     */
    public void destroy() {
        refuseUnderWaiters("sem_destroy");
        check(Semaphores.sem_destroy(writable()), "sem_destroy");
    }

    /** {@code sem_destroy} even though {@link #waiters()} says someone waits (killed waiters). */
    public void forceDestroy() {
        check(Semaphores.sem_destroy(writable()), "sem_destroy");
    }

    private static void checkValue(int value) {
        if (value < 0) {
            throw new IpcException.InvalidArgumentException(
                    "semaphore value out of range: value=" + value + " (use 0 to " + VALUE_MAX + ")");
        }
    }

    private void refuseUnderWaiters(String syscall) {
        int waiters = countWaiters(writable());
        if (waiters != 0) {
            String them = waiters == 1 ? "it" : "them";
            boolean init = syscall.equals("sem_init");
            String reason = syscall + " refused: " + waiters + (waiters == 1 ? " waiter is" : " waiters are")
                    + " blocked on the semaphore at offset=" + offset + " in " + memory.label()
                    + (init ? ", and re-initialising would strand " + them + " and lose the count"
                            : ", and destroying a semaphore under its waiters is undefined");
            throw IpcException.busy(reason, init ? IpcException.Advice.RELEASE_OR_FORCE_INIT
                    : IpcException.Advice.RELEASE_OR_FORCE_DESTROY);
        }
    }

    private MemorySegment writable() {
        memory.checkAlive();
        memory.checkWritable(offset);
        return sem;
    }

    private void checkInterrupt() {
        if (Thread.interrupted()) {
            throw new IpcException.InterruptedIpcException("wait on " + describe() + " cancelled");
        }
    }

    private void check(int result, String syscall) {
        if (result != 0) {
            throw failure(syscall, Errno.last());
        }
    }

    /** The error table of a sem_t: EINVAL is no semaphore there, EOVERFLOW a post at SEM_VALUE_MAX. */
    private IpcException failure(String syscall, int errno) {
        if (Errno.EINVAL.is(errno)) {
            return IpcException.advising(syscall, errno, "no valid semaphore " + place(),
                    IpcException.Advice.INIT_SEMAPHORE_FIRST);
        }
        if (Errno.EOVERFLOW.is(errno)) {
            return IpcException.of(syscall, errno, named != null ? "semaphore value at its maximum on " + named
                    : "semaphore value at its maximum at offset=" + offset, "wait on it to take some first");
        }
        return IpcException.of(syscall, errno, syscall + " failed on " + describe(), null);
    }

    @Override
    public String toString() {
        return "Semaphore[" + (named != null ? named : memory.label() + " offset=" + offset)
                + (memory.isAlive() ? " value=" + value() : " detached") + "]";
    }
}
