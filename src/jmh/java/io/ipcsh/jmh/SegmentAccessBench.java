package io.ipcsh.jmh;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * {@code Segment.getInt}/{@code putInt} (attach check, bounds check with a readable
 * message, read-only check) against the same access on the raw {@link MemorySegment}
 * it wraps (FFM's own bounds and liveness checks only).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SegmentAccessBench {
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private Segment segment;
    private MemorySegment raw;
    private long offset = 64;
    private int value = 42;

    @Setup(Level.Trial)
    public void setUp() {
        segment = Segment.create(IpcKey.PRIVATE, 4096);
        segment.destroy();
        raw = segment.memory().segment();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        segment.detach();
    }

    @Benchmark
    public int segmentGetInt() {
        return segment.getInt(offset);
    }

    @Benchmark
    public int rawGetInt() {
        return raw.get(INT, offset);
    }

    @Benchmark
    public void segmentPutInt() {
        segment.putInt(offset, value);
    }

    @Benchmark
    public void rawPutInt() {
        raw.set(INT, offset, value);
    }

    @Benchmark
    public long segmentGetLongVolatile() {
        return segment.getLongVolatile(offset);
    }

    @Benchmark
    public long rawGetLongVolatile() {
        return (long) ValueLayout.JAVA_LONG.varHandle().getVolatile(raw, offset);
    }
}
