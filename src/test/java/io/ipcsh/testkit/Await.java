package io.ipcsh.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for a condition, never for a time: a test says what it waits for ("the waiter is
 * blocked in the kernel", "the peer has attached"), and the timeout is only the point at
 * which it gives up and fails, saying what it waited for. The machine may be loaded, so
 * timeouts are generous ({@link #PATIENCE}); a condition that holds returns at once.
 *
 * <pre>{@code
 * Await.until(() -> sem.waiters() == 1, "the waiter blocked in sem_wait");
 * SysvShm s = Await.value(() -> SysvShm.byId(id).orElseThrow(), st -> st.nattch() == 2, PATIENCE, "the peer attached");
 * }</pre>
 */
public final class Await {
    /** How long a test waits for something that should happen soon, on a loaded 2-core machine. */
    public static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private Await() {
    }

    /** Waits at most {@link #PATIENCE} for {@code condition}; fails naming {@code what}. */
    public static void until(BooleanSupplier condition, String what) {
        until(condition, PATIENCE, () -> what);
    }

    /** Waits at most {@code timeout} for {@code condition}; fails naming {@code what}. */
    public static void until(BooleanSupplier condition, Duration timeout, String what) {
        until(condition, timeout, () -> what);
    }

    /**
     * Waits at most {@code timeout} for {@code condition}; on timeout fails with
     * {@code what}, computed then (so it can show the state that was seen last).
     */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<String> what) {
        value(() -> condition.getAsBoolean(), ok -> ok, timeout, what);
    }

    /** Polls {@code supplier} until {@code accept} takes its value, and returns that value. */
    public static <T> T value(Supplier<T> supplier, Predicate<? super T> accept, Duration timeout, String what) {
        return value(supplier, accept, timeout, () -> what);
    }

    /** As {@link #value(Supplier, Predicate, Duration, String)}, with the failure text computed on timeout. */
    public static <T> T value(Supplier<T> supplier, Predicate<? super T> accept, Duration timeout, Supplier<String> what) {
        long end = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            T v = supplier.get();
            if (accept.test(v)) {
                return v;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("gave up after " + timeout + " waiting for " + what.get() + " (last seen: " + v + ")");
            }
            pause(pause, what);
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        }
    }

    /**
     * A bounded negative check: {@code condition} (for example "the waiter has not
     * returned") must hold every time it is looked at during {@code during}. It can only
     * show that nothing happened within that window, so callers first wait for a positive
     * sign that the thing is really in place (blocked in the kernel, say).
     */
    public static void holds(BooleanSupplier condition, Duration during, String what) {
        long end = System.nanoTime() + during.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        do {
            if (!condition.getAsBoolean()) {
                throw new AssertionError("no longer true: " + what);
            }
            pause(pause, () -> what);
            pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
        } while (System.nanoTime() - end < 0);
        if (!condition.getAsBoolean()) {
            throw new AssertionError("no longer true: " + what);
        }
    }

    private static void pause(long nanos, Supplier<String> what) {
        LockSupport.parkNanos(nanos);
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what.get());
        }
    }
}
