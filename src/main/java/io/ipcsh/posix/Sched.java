package io.ipcsh.posix;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code <sched.h>}: CPU affinity. */
public final class Sched {
    /** {@code sizeof(cpu_set_t)} in glibc: 1024 bits. */
    public static final long CPU_SET_SIZE = 128;

    private Sched() {
    }

    // int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask);
    // https://man7.org/linux/man-pages/man2/sched_setaffinity.2.html
    private static final MethodHandle SCHED_SETAFFINITY = Downcall.capturing("sched_setaffinity",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));

    // int sched_getaffinity(pid_t pid, size_t cpusetsize, cpu_set_t *mask);
    // https://man7.org/linux/man-pages/man2/sched_getaffinity.2.html
    private static final MethodHandle SCHED_GETAFFINITY = Downcall.capturing("sched_getaffinity",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));

    /** Fills {@code mask}, a cpu_set_t of {@code cpusetsize} bytes, with the CPUs {@code pid} may run on. */
    public static int sched_getaffinity(int pid, long cpusetsize, MemorySegment mask) {
        try {
            int r = (int) SCHED_GETAFFINITY.invokeExact(Downcall.capture(), pid, cpusetsize, mask);
            if (Trace.enabled()) {
                Trace.call("sched_getaffinity", r, Errno.last(), pid, cpusetsize, Trace.hex(mask.address()));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    /** {@code mask} is a cpu_set_t: a bit per CPU, {@code cpusetsize} bytes long. */
    public static int sched_setaffinity(int pid, long cpusetsize, MemorySegment mask) {
        try {
            int r = (int) SCHED_SETAFFINITY.invokeExact(Downcall.capture(), pid, cpusetsize, mask);
            if (Trace.enabled()) {
                Trace.call("sched_setaffinity", r, Errno.last(), pid, cpusetsize, Trace.hex(mask.address()));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }
}
