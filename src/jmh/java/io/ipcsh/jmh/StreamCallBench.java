package io.ipcsh.jmh;

import io.ipcsh.ipc.ByteStream;
import io.ipcsh.ipc.Fifo;
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

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * One thread's 8-byte write and read back through one FIFO, no other process: the fixed
 * cost of a call on each side of the bench's {@code pipe} row, without the wake-ups.
 * Through the JDK's {@link FileChannel} (the bench's Java side before), through ipcsh's
 * {@link ByteStream} with a confined buffer (now), and with a shared arena's buffer (which
 * FFM acquires atomically around each call).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class StreamCallBench {
    private static final int SIZE = 8;

    private Path dir;
    private FileChannel channel;
    private ByteBuffer direct;
    private ByteStream in;
    private ByteStream out;
    private Arena confined;
    private Arena shared;
    private MemorySegment confinedBuf;
    private MemorySegment sharedBuf;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("ipcsh-jmh");
        Fifo nio = Fifo.create(dir.resolve("nio"), 0600);
        channel = FileChannel.open(nio.path(), StandardOpenOption.READ, StandardOpenOption.WRITE);
        direct = ByteBuffer.allocateDirect(SIZE);
        Fifo ffm = Fifo.create(dir.resolve("ffm"), 0600);
        in = ffm.tryOpenReader();
        out = ffm.tryOpenWriter();
        confined = Arena.ofConfined();
        shared = Arena.ofShared();
        confinedBuf = confined.allocate(SIZE);
        sharedBuf = shared.allocate(SIZE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        channel.close();
        in.close();
        out.close();
        confined.close();
        shared.close();
        Files.delete(dir.resolve("nio"));
        Files.delete(dir.resolve("ffm"));
        Files.delete(dir);
    }

    /** {@code FileChannel.write} + {@code read} of a direct buffer. */
    @Benchmark
    public int nio() throws IOException {
        direct.clear();
        channel.write(direct);
        direct.clear();
        return channel.read(direct);
    }

    /** {@code ByteStream.write} + {@code read}, buffer of a confined arena. */
    @Benchmark
    public long byteStream() {
        out.write(confinedBuf);
        return in.read(confinedBuf);
    }

    /** The same with a shared arena's buffer. */
    @Benchmark
    public long byteStreamShared() {
        out.write(sharedBuf);
        return in.read(sharedBuf);
    }
}
