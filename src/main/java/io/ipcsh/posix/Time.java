package io.ipcsh.posix;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code <time.h>}: the clock the absolute deadlines of sem_timedwait and mq_timed* use. */
public final class Time {
    /** The clock {@code sem_timedwait}, {@code mq_timedsend/receive} and {@code pthread_mutex_timedlock} deadlines use. */
    public static final int CLOCK_REALTIME = 0;
    public static final int CLOCK_MONOTONIC = 1;

    private Time() {
    }

    // int clock_gettime(clockid_t clockid, struct timespec *tp);  https://man7.org/linux/man-pages/man2/clock_gettime.2.html
    private static final MethodHandle CLOCK_GETTIME = Downcall.capturing("clock_gettime", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    /** Not traced: it is bookkeeping for the timed waits, not IPC. */
    public static int clock_gettime(int clockid, MemorySegment tp) {
        try {
            return (int) CLOCK_GETTIME.invokeExact(Downcall.capture(), clockid, tp);
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }
}
