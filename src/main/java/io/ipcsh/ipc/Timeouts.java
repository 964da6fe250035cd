package io.ipcsh.ipc;

import io.ipcsh.posix.Time;
import io.ipcsh.posix.timespec;

import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * The two steps every timed wait here takes: a {@link Duration} becomes a budget of
 * nanoseconds, and each slice of the wait becomes the absolute CLOCK_REALTIME deadline
 * that {@code sem_timedwait}, {@code pthread_mutex_timedlock} and {@code mq_timed*} take.
 */
final class Timeouts {
    private Timeouts() {
    }

    /** {@code timeout} in nanoseconds: 0 for a negative one, Long.MAX_VALUE for one too long to count in a long. */
    static long budget(Duration timeout) {
        return Math.max(0, nanos(timeout));
    }

    /** {@code d} in nanoseconds, saturated at Long.MIN_VALUE and Long.MAX_VALUE: about 292 years is forever enough. */
    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Sets the timespec {@code ts} to {@code nanosFromNow} after now on CLOCK_REALTIME. */
    static void deadlineIn(MemorySegment ts, long nanosFromNow) {
        Time.clock_gettime(Time.CLOCK_REALTIME, ts);
        long nsec = timespec.nsec(ts) + nanosFromNow;
        timespec.set(ts, timespec.sec(ts) + nsec / 1_000_000_000L, nsec % 1_000_000_000L);
    }
}
