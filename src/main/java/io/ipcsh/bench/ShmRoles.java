package io.ipcsh.bench;

import io.ipcsh.ipc.Memory;
import io.ipcsh.ipc.Segment;
import io.ipcsh.ipc.Semaphore;

import java.lang.foreign.MemorySegment;

import static io.ipcsh.bench.BenchDescriptor.DATA;
import static io.ipcsh.bench.BenchDescriptor.PING;
import static io.ipcsh.bench.BenchDescriptor.PONG;
import static io.ipcsh.bench.BenchDescriptor.SEM_A;
import static io.ipcsh.bench.BenchDescriptor.SEM_B;
import static io.ipcsh.bench.BenchDescriptor.SEM_DONE;
import static io.ipcsh.bench.BenchDescriptor.TAIL;

/**
 * Both sides of the shared-memory mechanisms, through the public {@code ipc} API
 * (bounds-checked {@link Segment} access, {@link Semaphore}): the costs a user of the
 * library pays. The protocol is ipcbench.c's, step for step. Each mechanism has its own
 * methods so that the JIT compiles each loop for one case.
 *
 * <p>A failed peer is noticed through {@link #abort(Memory)}: it makes every counter
 * negative and posts every semaphore, so that no loop here waits for ever.
 */
final class ShmRoles {
    /** Set by {@link #abort}; checked after each semaphore wait. */
    private static volatile boolean aborted;

    private ShmRoles() {
    }

    /** Makes the segment for a run: counters zero, semaphores for {@code slots} ring slots. */
    static Segment create(long slots) {
        Segment seg = Segment.create(io.ipcsh.ipc.IpcKey.PRIVATE, BenchDescriptor.SEGMENT_SIZE);
        try {
            seg.memory().segment().asSlice(0, DATA).fill((byte) 0);
            seg.semaphore(SEM_A).init(0);
            seg.semaphore(SEM_B).init((int) slots);
            seg.semaphore(SEM_DONE).init(0);
            aborted = false;
            return seg;
        } catch (RuntimeException e) {
            seg.destroy();
            seg.detach();
            throw e;
        }
    }

    /** Unblocks every wait of the parent's side: the peer is gone. */
    static void abort(Memory seg) {
        aborted = true;
        if (!seg.isAlive()) {
            return;
        }
        seg.putLongVolatile(PONG, Long.MIN_VALUE);
        seg.putLongVolatile(TAIL, Long.MIN_VALUE);
        for (long sem : new long[] {SEM_A, SEM_B, SEM_DONE}) {
            for (int i = 0; i < 4; i++) {
                seg.semaphore(sem).post();
            }
        }
    }

    static void checkAborted(long value) {
        if (value < 0 || aborted) {
            throw new IllegalStateException("the peer process stopped answering");
        }
    }

    // ---- round trips: the parent records one sample per round after the warm-up ----

    static long[] rttParent(Mechanism m, Memory seg, int rounds, int warmup) {
        return switch (m) {
            case SHM_SPIN -> spinParent(seg, rounds, warmup);
            case SHM_SEM -> semParent(seg, rounds, warmup, false);
            case SHM_ADAPTIVE -> semParent(seg, rounds, warmup, true);
            default -> throw new IllegalArgumentException(m.label());
        };
    }

    static void rttChild(Mechanism m, Memory seg, long total) {
        switch (m) {
            case SHM_SPIN -> spinChild(seg, total);
            case SHM_SEM -> semChild(seg, total, false);
            case SHM_ADAPTIVE -> semChild(seg, total, true);
            default -> throw new IllegalArgumentException(m.label());
        }
    }

    private static long[] spinParent(Memory seg, int rounds, int warmup) {
        long[] samples = new long[rounds];
        for (long i = 1; i <= rounds + warmup; i++) {
            long t0 = System.nanoTime();
            seg.putLongVolatile(PING, i);
            long v;
            while ((v = seg.getLongVolatile(PONG)) != i) {
                checkAborted(v);
                Thread.onSpinWait();
            }
            long t1 = System.nanoTime();
            if (i > warmup) {
                samples[(int) (i - warmup - 1)] = t1 - t0;
            }
        }
        return samples;
    }

    private static void spinChild(Memory seg, long total) {
        for (long i = 1; i <= total; i++) {
            while (seg.getLongVolatile(PING) != i) {
                Thread.onSpinWait();
            }
            seg.putLongVolatile(PONG, i);
        }
    }

    private static long[] semParent(Memory seg, int rounds, int warmup, boolean adaptive) {
        Semaphore request = seg.semaphore(SEM_A);
        Semaphore reply = seg.semaphore(SEM_B);
        long[] samples = new long[rounds];
        for (int i = 1; i <= rounds + warmup; i++) {
            long t0 = System.nanoTime();
            request.post();
            take(reply, adaptive);
            long t1 = System.nanoTime();
            checkAborted(0);
            if (i > warmup) {
                samples[i - warmup - 1] = t1 - t0;
            }
        }
        return samples;
    }

    private static void semChild(Memory seg, long total, boolean adaptive) {
        Semaphore request = seg.semaphore(SEM_A);
        Semaphore reply = seg.semaphore(SEM_B);
        for (long i = 0; i < total; i++) {
            take(request, adaptive);
            reply.post();
        }
    }

    // ---- one-way throughput: the parent sends, the child copies each message out ----
    // shm-spin's ring is SpinRing; here the bounded buffer of shm-sem and shm-adaptive.

    /** Sends {@code count} messages of {@code size} bytes; returns the nanoseconds until the last was taken. */
    static long tputParent(Mechanism m, Memory seg, int size, long count) {
        if (m == Mechanism.SHM_SPIN) {
            return SpinRing.send(seg, size, count);
        }
        byte[] message = new byte[size];
        java.util.Arrays.fill(message, (byte) 'x');
        MemorySegment mem = seg.segment();
        long slots = BenchDescriptor.slots(size);
        long t0 = System.nanoTime();
        Semaphore filled = seg.semaphore(SEM_A);
        Semaphore free = seg.semaphore(SEM_B);
        switch (m) {
            case SHM_SEM -> semSend(free, filled, message, mem, slots, size, count);
            case SHM_ADAPTIVE -> adaptiveSend(free, filled, message, mem, slots, size, count);
            default -> throw new IllegalArgumentException(m.label());
        }
        seg.semaphore(SEM_DONE).awaitUninterruptibly();
        checkAborted(0);
        return System.nanoTime() - t0;
    }

    static void tputChild(Mechanism m, Memory seg, int size, long count) {
        if (m == Mechanism.SHM_SPIN) {
            SpinRing.receive(seg, size, count);
            return;
        }
        byte[] message = new byte[size];
        MemorySegment mem = seg.segment();
        long slots = BenchDescriptor.slots(size);
        Semaphore filled = seg.semaphore(SEM_A);
        Semaphore free = seg.semaphore(SEM_B);
        switch (m) {
            case SHM_SEM -> semReceive(filled, free, mem, message, slots, size, count);
            case SHM_ADAPTIVE -> adaptiveReceive(filled, free, mem, message, slots, size, count);
            default -> throw new IllegalArgumentException(m.label());
        }
        seg.semaphore(SEM_DONE).post();
    }

    // One loop per mechanism and side, differing only in how they wait, so that the JIT
    // compiles each for its own wait: one loop for both, run by the shm-sem rows and then
    // by the shm-adaptive ones in the same JVM, carried both waits' code and profiles, and
    // its shm-adaptive rows read 0.80-0.87 of C after the shm-sem rows against 1.0 alone.
    // The copies are Memory's, as SpinRing's are.

    private static void semSend(Semaphore free, Semaphore filled, byte[] message, MemorySegment mem,
                                long slots, int size, long count) {
        for (long i = 0; i < count; i++) {
            free.awaitUninterruptibly();
            Memory.copy(message, 0, mem, DATA + (i % slots) * size, size);
            filled.post();
        }
    }

    private static void adaptiveSend(Semaphore free, Semaphore filled, byte[] message, MemorySegment mem,
                                     long slots, int size, long count) {
        for (long i = 0; i < count; i++) {
            free.awaitAdaptive();
            Memory.copy(message, 0, mem, DATA + (i % slots) * size, size);
            filled.post();
        }
    }

    private static void semReceive(Semaphore filled, Semaphore free, MemorySegment mem, byte[] message,
                                   long slots, int size, long count) {
        for (long i = 0; i < count; i++) {
            filled.awaitUninterruptibly();
            Memory.copy(mem, DATA + (i % slots) * size, message, 0, size);
            free.post();
        }
    }

    private static void adaptiveReceive(Semaphore filled, Semaphore free, MemorySegment mem, byte[] message,
                                        long slots, int size, long count) {
        for (long i = 0; i < count; i++) {
            filled.awaitAdaptive();
            Memory.copy(mem, DATA + (i % slots) * size, message, 0, size);
            free.post();
        }
    }

    /** The one difference between shm-sem and shm-adaptive: how a side waits. */
    private static void take(Semaphore s, boolean adaptive) {
        if (adaptive) {
            s.awaitAdaptive();
        } else {
            s.awaitUninterruptibly();
        }
    }
}
