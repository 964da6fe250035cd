package io.ipcsh.bench;

import io.ipcsh.posix.LibC;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Pins the calling thread to one CPU with {@code sched_setaffinity(0, ...)}. */
final class Affinity {
    /** A cpu_set_t as glibc sizes it: 1024 bits. */
    private static final long CPU_SET_BYTES = 128;

    private Affinity() {
    }

    /**
     * Pins the calling thread (pid 0 means the calling thread on Linux) to {@code cpu}.
     * A negative cpu leaves it alone.
     *
     * @return true if pinned
     */
    static boolean pin(int cpu) {
        if (cpu < 0) {
            return false;
        }
        if (cpu >= CPU_SET_BYTES * 8) {
            throw new IllegalArgumentException("cpu out of range: cpu=" + cpu);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(CPU_SET_BYTES, 8);
            long word = cpu / 64;
            mask.set(ValueLayout.JAVA_LONG, word * 8, 1L << (cpu % 64));
            return LibC.sched_setaffinity(0, CPU_SET_BYTES, mask) == 0;
        }
    }
}
