package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Sched;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.BitSet;

/**
 * CPU affinity of the calling thread, for measurements that need two processes on two CPUs.
 * A process started from a pinned thread inherits its mask: measure what a user meets
 * only after {@link #pin(BitSet)} has given back the CPUs {@link #allowed()} listed before.
 */
public final class Cpu {
    private Cpu() {
    }

    /**
     * Pins the calling thread to {@code cpu} with {@code sched_setaffinity(0, ...)} (pid 0
     * is the calling thread on Linux).
     *
     * @throws IllegalArgumentException when {@code cpu} is negative or beyond a cpu_set_t
     * @throws IpcException when the kernel refuses (EINVAL: no such CPU online; EPERM)
     */
    public static void pin(int cpu) {
        if (cpu < 0 || cpu >= Sched.CPU_SET_SIZE * 8) {
            throw new IllegalArgumentException("cpu out of range: cpu=" + cpu + " max=" + (Sched.CPU_SET_SIZE * 8 - 1));
        }
        BitSet one = new BitSet();
        one.set(cpu);
        setAffinity(one, "cannot pin this thread to cpu " + cpu);
    }

    /**
     * The CPUs the calling thread may run on now, from {@code sched_getaffinity(0, ...)}.
     *
     * @throws IpcException when the kernel refuses
     */
    public static BitSet allowed() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(Sched.CPU_SET_SIZE, 8);
            if (Sched.sched_getaffinity(0, Sched.CPU_SET_SIZE, mask) == -1) {
                throw IpcException.of("sched_getaffinity", Errno.last(), "cannot read this thread's CPU affinity", null);
            }
            return BitSet.valueOf(mask.toArray(ValueLayout.JAVA_LONG));
        }
    }

    /**
     * Lets the calling thread run on the CPUs set in {@code cpus} only (for example
     * every CPU {@link #allowed()} returned before a {@link #pin(int)}).
     *
     * @throws IllegalArgumentException when {@code cpus} is empty or beyond a cpu_set_t
     * @throws IpcException when the kernel refuses (EINVAL: none of them online; EPERM)
     */
    public static void pin(BitSet cpus) {
        if (cpus.isEmpty() || cpus.length() > Sched.CPU_SET_SIZE * 8) {
            throw new IllegalArgumentException("cpus empty or out of range: cpus=" + cpus + " max=" + (Sched.CPU_SET_SIZE * 8 - 1));
        }
        setAffinity(cpus, "cannot let this thread run on cpus " + cpus);
    }

    /** {@code sched_setaffinity(0, ...)} with {@code cpus} as the cpu_set_t, once they are known to fit. */
    private static void setAffinity(BitSet cpus, String failure) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(Sched.CPU_SET_SIZE, 8);
            long[] words = cpus.toLongArray();
            for (int i = 0; i < words.length; i++) {
                mask.set(ValueLayout.JAVA_LONG, i * 8L, words[i]);
            }
            if (Sched.sched_setaffinity(0, Sched.CPU_SET_SIZE, mask) == -1) {
                throw IpcException.of("sched_setaffinity", Errno.last(), failure, null);
            }
        }
    }
}
