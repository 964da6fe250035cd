package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Sched;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * CPU affinity of the calling thread, or of every thread of this process, for measurements
 * that need two processes on two CPUs. A process or thread started from a pinned thread
 * inherits its mask: measure what a user meets only after {@link #pin(BitSet)} (or
 * {@link #pinProcess(BitSet)}) has given back the CPUs {@link #allowed()} listed before.
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
        setAffinity(0, only(cpu), "cannot pin this thread to cpu " + cpu);
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
        setAffinity(0, checked(cpus), "cannot let this thread run on cpus " + cpus);
    }

    /**
     * Pins every thread of this process to {@code cpu}, as {@code taskset -a -p} does.
     *
     * @throws IllegalArgumentException when {@code cpu} is negative or beyond a cpu_set_t
     * @throws IpcException when the kernel refuses (EINVAL: no such CPU online; EPERM)
     * @see #pinProcess(BitSet)
     */
    public static void pinProcess(int cpu) {
        pinProcess(only(cpu), "cannot pin this process to cpu " + cpu);
    }

    /**
     * Lets every thread of this process run on {@code cpus} only: one
     * {@code sched_setaffinity(tid, ...)} for each thread in {@code /proc/self/task}, listed
     * again until a pass finds no new one (a thread started meanwhile from an unpinned one
     * took the old mask). A thread that ended meanwhile (ESRCH) is passed over.
     *
     * <p>A C process of one thread is pinned whole by {@link #pin(int)}; a JVM also runs
     * compiler, GC and service threads, which {@code pin} leaves free to run on any CPU and
     * so to preempt whatever spins there. Two JVMs in a semaphore hand-off over shared
     * memory, each with only its working thread pinned, ran at 0.90-0.95 of two C
     * processes' rate; pinned whole (with {@code taskset}) at 0.99-1.10.
     *
     * @throws IllegalArgumentException when {@code cpus} is empty or beyond a cpu_set_t
     * @throws IpcException when the kernel refuses (EINVAL: none of them online; EPERM)
     */
    public static void pinProcess(BitSet cpus) {
        pinProcess(checked(cpus), "cannot let this process run on cpus " + cpus);
    }

    private static void pinProcess(BitSet cpus, String failure) {
        Set<Integer> pinned = new HashSet<>();
        while (true) {
            List<Integer> fresh = threads().stream().filter(pinned::add).toList();
            if (fresh.isEmpty()) {
                return;
            }
            for (int tid : fresh) {
                setAffinity(tid, cpus, failure + " (thread " + tid + ")");
            }
        }
    }

    /** The ids of this process's threads now. */
    private static List<Integer> threads() {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            return tasks.map(t -> Integer.valueOf(t.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list this process's threads in /proc/self/task", e);
        }
    }

    /** {@code cpu} alone, once it is known to fit a cpu_set_t. */
    private static BitSet only(int cpu) {
        if (cpu < 0 || cpu >= Sched.CPU_SET_SIZE * 8) {
            throw new IllegalArgumentException("cpu out of range: cpu=" + cpu + " max=" + (Sched.CPU_SET_SIZE * 8 - 1));
        }
        BitSet one = new BitSet();
        one.set(cpu);
        return one;
    }

    /** {@code cpus}, once they are known to be some and to fit a cpu_set_t. */
    private static BitSet checked(BitSet cpus) {
        if (cpus.isEmpty() || cpus.length() > Sched.CPU_SET_SIZE * 8) {
            throw new IllegalArgumentException("cpus empty or out of range: cpus=" + cpus + " max=" + (Sched.CPU_SET_SIZE * 8 - 1));
        }
        return cpus;
    }

    /** {@code sched_setaffinity(tid, ...)} with {@code cpus} as the cpu_set_t: 0 is the calling thread; a thread that is gone is let be. */
    private static void setAffinity(int tid, BitSet cpus, String failure) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(Sched.CPU_SET_SIZE, 8);
            long[] words = cpus.toLongArray();
            for (int i = 0; i < words.length; i++) {
                mask.set(ValueLayout.JAVA_LONG, i * 8L, words[i]);
            }
            if (Sched.sched_setaffinity(tid, Sched.CPU_SET_SIZE, mask) == -1) {
                int errno = Errno.last();
                if (tid != 0 && Errno.ESRCH.is(errno)) {
                    return;
                }
                throw IpcException.of("sched_setaffinity", errno, failure, null);
            }
        }
    }
}
