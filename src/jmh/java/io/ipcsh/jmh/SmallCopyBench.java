package io.ipcsh.jmh;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Memory;
import io.ipcsh.ipc.Segment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * The {@code shm-spin} writer's step for one small message, on one thread: copy the
 * message into the next slot, then publish {@code head}. In the two-process bench C
 * moves an 8 B message every 2 ns or so, everything included; this shows what each
 * part costs in Java before another core is involved: {@link Memory#copy(byte[], int,
 * MemorySegment, long, int) Memory.copy} of 8 or 64 bytes (one {@code long}, one vector),
 * which the ring uses, and FFM's {@link MemorySegment#copy}; the release store through
 * {@link Memory#putLongRelease} (ipcsh's checks, then FFM's) and through the bare
 * {@link VarHandle} (FFM's checks only); and 8-byte accesses in place of the copy.
 * {@link #nextOnly} is the slot stepping and the harness, the floor under the others.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class SmallCopyBench {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final VarHandle ATOMIC_LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final long RING = 1 << 20;
    private static final long DATA = 128;

    @Param({"8", "64"})
    public int size;

    private Segment segment;
    private Memory memory;
    private MemorySegment shm;
    private byte[] message;
    private MemorySegment heap;
    private long at = DATA;
    private long head;

    @Setup(Level.Trial)
    public void setUp() {
        segment = Segment.create(IpcKey.PRIVATE, RING);
        segment.destroy();
        memory = segment.memory();
        shm = memory.segment();
        message = new byte[size];
        heap = MemorySegment.ofArray(message);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        segment.detach();
    }

    private long next() {
        long a = at + size;
        if (a > RING - size) {
            a = DATA;
        }
        at = a;
        return a;
    }

    @Benchmark
    public long nextOnly() {
        return next();
    }

    @Benchmark
    public void copyOnly() {
        Memory.copy(message, 0, shm, next(), size);
    }

    @Benchmark
    public void ffmCopyOnly() {
        MemorySegment.copy(heap, 0, shm, next(), size);
    }

    @Benchmark
    public void publishOnly() {
        memory.putLongRelease(0, ++head);
    }

    @Benchmark
    public void barePublishOnly() {
        ATOMIC_LONG.setRelease(shm, 0L, ++head);
    }

    /** The bench's step ({@code SpinRing.send}). */
    @Benchmark
    public void copyAndPublish() {
        Memory.copy(message, 0, shm, next(), size);
        memory.putLongRelease(0, ++head);
    }

    @Benchmark
    public void copyAndBarePublish() {
        Memory.copy(message, 0, shm, next(), size);
        ATOMIC_LONG.setRelease(shm, 0L, ++head);
    }

    @Benchmark
    public void putBytesAndPublish() {
        memory.putBytes(next(), message, 0, size);
        memory.putLongRelease(0, ++head);
    }

    @Benchmark
    public void longsAndPublish() {
        long a = next();
        for (int k = 0; k < size; k += 8) {
            shm.set(LONG, a + k, heap.get(LONG, k));
        }
        memory.putLongRelease(0, ++head);
    }
}
