package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Sched;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** CPU affinity of the calling thread, for measurements that need two processes on two CPUs. */
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(Sched.CPU_SET_SIZE, 8);
            mask.set(ValueLayout.JAVA_LONG, (cpu / 64) * 8L, 1L << (cpu % 64));
            if (Sched.sched_setaffinity(0, Sched.CPU_SET_SIZE, mask) == -1) {
                throw IpcException.of("sched_setaffinity", Errno.last(), "cannot pin this thread to cpu " + cpu, null);
            }
        }
    }
}
