package io.ipcsh.jmh;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import io.ipcsh.ipc.Semaphore;
import io.ipcsh.posix.Semaphores;
import io.ipcsh.posix.sem_t;
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
import java.util.concurrent.TimeUnit;

/**
 * One thread's {@code sem_post} + {@code sem_trywait} on an uncontended process-shared
 * semaphore, two ways: the {@link Semaphore} API (its checks, and glibc's fast path made in
 * Java: one compare-and-swap of the {@code sem_t}'s data word each, no downcall), and the
 * {@link Semaphores} bindings (two FFM downcalls into libc, errno captured on failure).
 * {@code ipcsh bench} prints the same pair in a plain C loop ("sem_pair c") to compare against.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SemaphorePairBench {
    private Segment segment;
    private Semaphore semaphore;
    private MemorySegment sem;

    @Setup(Level.Trial)
    public void setUp() {
        segment = Segment.create(IpcKey.PRIVATE, 4096);
        segment.destroy(); // freed when this JVM detaches or exits
        semaphore = segment.semaphore(0).init(0);
        sem = segment.memory().segment().asSlice(0, Semaphore.SIZE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        segment.detach();
    }

    /** {@code Semaphore.post()} + {@code tryAcquire()}: what a user of the API pays. */
    @Benchmark
    public boolean api() {
        semaphore.post();
        return semaphore.tryAcquire();
    }

    /** {@code post()} + {@code awaitAdaptive()} when the count is already there: the adaptive wait's fixed cost. */
    @Benchmark
    public void adaptive() {
        semaphore.post();
        semaphore.awaitAdaptive();
    }

    /**
     * The floor under {@link #api()} in Java: the same two compare-and-swaps of the data word
     * through {@code sem_t}'s VarHandle, without the API's checks (no waiter, no overflow).
     */
    @Benchmark
    public long bareCas() {
        long d = sem_t.data(sem);
        sem_t.compareAndExchangeData(sem, d, d + 1);
        return sem_t.compareAndExchangeData(sem, d + 1, d);
    }

    /** The bare bindings, libc's own fast path behind two downcalls: {@code Semaphores.sem_post} + {@code Semaphores.sem_trywait}. */
    @Benchmark
    public int binding() {
        return Semaphores.sem_post(sem) + Semaphores.sem_trywait(sem);
    }
}
