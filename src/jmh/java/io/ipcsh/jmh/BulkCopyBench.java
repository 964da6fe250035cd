package io.ipcsh.jmh;

import io.ipcsh.ipc.IpcKey;
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

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One message copied into or out of shared memory, the bench's throughput step: FFM's
 * {@link MemorySegment#copy} against glibc's {@code memcpy} through a critical downcall
 * (heap arrays passed as they are) and {@code Memory.putBytes/getBytes}, the library's
 * bulk copy. The shared side moves through a 4 MiB ring, slot by slot, as the bench's ring
 * does, but one thread does it all: no other core holds the lines, which is where libc's
 * {@code rep movsb} wins (see {@code Memory.copy}); here the three should be about equal
 * at 1 MiB, and FFM's copy ahead at 4 KiB.
 * {@code way}: heap-shm (a sender), shm-heap (a receiver), native-shm (a malloc'd buffer,
 * as ipcbench.c).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BulkCopyBench {
    private static final long RING = 4L << 20;
    private static final MethodHandle MEMCPY = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("memcpy").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, JAVA_LONG), Linker.Option.critical(true));

    @Param({"4096", "1048576"})
    public int size;

    @Param({"heap-shm", "shm-heap", "native-shm"})
    public String way;

    private Segment segment;
    private Arena arena;
    private MemorySegment src;
    private MemorySegment dst;
    private byte[] srcArray;
    private byte[] dstArray;
    private long slots;
    private long i;
    private boolean srcRing;

    @Setup(Level.Trial)
    public void setUp() {
        segment = Segment.create(IpcKey.PRIVATE, RING);
        segment.destroy();
        arena = Arena.ofConfined();
        MemorySegment shm = segment.memory().segment();
        srcArray = new byte[size];
        dstArray = new byte[size];
        MemorySegment heapSrc = MemorySegment.ofArray(srcArray);
        MemorySegment heapDst = MemorySegment.ofArray(dstArray);
        slots = Math.min(RING / size, 4096);
        switch (way) {
            case "heap-shm" -> { src = heapSrc; dst = shm; }
            case "shm-heap" -> { src = shm; dst = heapDst; srcRing = true; }
            case "native-shm" -> { src = arena.allocate(size, 16); dst = shm; }
            default -> throw new IllegalArgumentException(way);
        }
        shm.fill((byte) 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        segment.detach();
        arena.close();
    }

    private long next() {
        long at = (i++ % slots) * size;
        return at;
    }

    @Benchmark
    public void segmentCopy() {
        long at = next();
        if (srcRing) {
            MemorySegment.copy(src, at, dst, 0, size);
        } else {
            MemorySegment.copy(src, 0, dst, at, size);
        }
    }

    @Benchmark
    public void memcpyCritical() throws Throwable {
        long at = next();
        if (srcRing) {
            MemorySegment ignored = (MemorySegment) MEMCPY.invokeExact(dst, src.asSlice(at, size), (long) size);
        } else {
            MemorySegment ignored = (MemorySegment) MEMCPY.invokeExact(dst.asSlice(at, size), src, (long) size);
        }
    }

    @Benchmark
    public void memoryCopy() {
        long at = next();
        switch (way) {
            case "heap-shm" -> segment.memory().putBytes(at, srcArray, 0, size);
            case "shm-heap" -> segment.memory().getBytes(at, dstArray, 0, size);
            default -> segmentCopy();
        }
    }
}
