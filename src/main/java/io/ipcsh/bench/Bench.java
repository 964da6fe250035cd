package io.ipcsh.bench;

import io.ipcsh.bench.BenchResult.Figure;
import io.ipcsh.bench.BenchResult.Impl;
import io.ipcsh.bench.BenchResult.Rtt;
import io.ipcsh.bench.BenchResult.Throughput;
import io.ipcsh.bench.CBench.FifoThreads;
import io.ipcsh.ipc.Cpu;
import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.Segment;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs the measurements: round trips and one-way throughput for each {@link Mechanism},
 * in Java (this JVM and a {@link BenchChild} JVM) and in C ({@code ipcbench}, forked), the two
 * processes pinned to two CPUs where the machine has them; then the figures beside:
 * a {@code sem_post}+{@code sem_trywait} pair, the CPU an idle adaptive waiter uses,
 * commands per second from a script and one-shot start-up. Java and C take turns per
 * measurement, so that load from elsewhere hits both alike.
 */
public final class Bench {
    /** Message sizes for throughput. */
    public static final List<Integer> SIZES = List.of(8, 64, 4096, 1 << 20);

    /**
     * What to run.
     *
     * @param quick    fewer rounds and shorter runs: done within about 2 minutes
     * @param mechanisms which mechanisms, in this order
     * @param sizes    throughput message sizes (empty: no throughput)
     * @param rounds   round trips per measurement; 0 for the default (100,000, quick 4,000)
     * @param figures  also the figures beside the tables (idle CPU, sem pair, script, start-up)
     * @param cache    where the compiled C goes
     * @param tputMillis how long each throughput trial aims at; 0 for the default (500 ms, quick 200 ms)
     */
    public record Options(boolean quick, List<Mechanism> mechanisms, List<Integer> sizes, int rounds,
                          boolean figures, Path cache, int tputMillis) {
        public Options {
            mechanisms = List.copyOf(mechanisms);
            sizes = List.copyOf(sizes);
            if (rounds < 0) {
                throw new IllegalArgumentException("rounds must not be negative: rounds=" + rounds);
            }
            if (tputMillis < 0) {
                throw new IllegalArgumentException("tputMillis must not be negative: tputMillis=" + tputMillis);
            }
            for (int size : sizes) {
                if (size < 1 || size > BenchDescriptor.RING_BYTES) {
                    throw new IllegalArgumentException("message size out of range: size=" + size
                            + " (use 1 to " + BenchDescriptor.RING_BYTES + ")");
                }
            }
        }

        /** Everything, full length. */
        public static Options full() {
            return new Options(false, List.of(Mechanism.values()), SIZES, 0, true, CBench.defaultCache(), 0);
        }

        int rttRounds() {
            return rounds > 0 ? rounds : quick ? 4_000 : 100_000;
        }

        int rttWarmup() {
            return quick ? Math.min(rttRounds(), 1_000) : Math.max(rttRounds() / 10, Math.min(rttRounds(), 5_000));
        }

        /**
         * Seconds of round trips each side runs, Java and C taking turns, before a
         * mechanism's measured slices: enough for the JIT to have compiled both JVMs' loops
         * (a quick run's 1,000 warm-up rounds of shm-spin take 0.3 ms, before C2 has seen
         * the loop).
         */
        double rttWarmupSeconds() {
            return quick ? 0.3 : 1.0;
        }

        /** Seconds each throughput trial aims at, after the warm-up: long enough to be stable. */
        double tputSeconds() {
            return tputMillis > 0 ? tputMillis / 1000.0 : quick ? 0.2 : 0.5;
        }

        /** Seconds of warm-up runs (pilots included) before a throughput row's trials. */
        double tputWarmupSeconds() {
            return tputMillis > 0 ? 2 * tputMillis / 1000.0 : quick ? 0.4 : 1.0;
        }

        /**
         * Equal runs per throughput row, for its median and spread. A full run's nine: with
         * five, a row's Java ÷ C median is the third of five pairs, and two disturbed ones
         * (this machine's steal comes in bursts of seconds) move it: shm-sem 64 B read 1.24
         * in one full run and 0.86 in the next.
         */
        int tputTrials() {
            return quick ? 3 : 9;
        }
    }

    /** Message sizes of the anchor row. */
    static final List<Integer> ANCHOR_SIZES = List.of(8, 64);
    /** Slices of each round-trip measurement, Java and C taking turns. */
    static final int RTT_CHUNKS = 4;

    private final Options options;
    private final Consumer<String> progress;
    private final BenchResult result;
    private CBench c;
    private BenchChildProcess peer;
    /** The CPUs this thread had before it was pinned to CPU 0; null when it was not pinned. */
    private java.util.BitSet unpinned;

    private Bench(Options options, Consumer<String> progress, BenchResult result) {
        this.options = options;
        this.progress = progress;
        this.result = result;
    }

    /**
     * Runs it on a thread of its own (pinning changes only that thread) and waits.
     * Interrupting the calling thread stops it.
     *
     * @param progress gets a short line before each step, such as {@code [3/40] rtt pipe java}
     */
    public static BenchResult run(Options options, Consumer<String> progress) throws IOException {
        String gcc = gccVersion();
        BenchResult result = new BenchResult(Machine.describe(gcc));
        Bench bench = new Bench(options, progress, result);
        Throwable[] failure = new Throwable[1];
        Thread worker = Thread.ofPlatform().name("ipcsh-bench").start(() -> {
            try {
                bench.runAll();
            } catch (Throwable t) {
                failure[0] = t;
            }
        });
        try {
            worker.join();
        } catch (InterruptedException e) {
            worker.interrupt();
            bench.abortPeer();
            joinQuietly(worker);
            Thread.currentThread().interrupt();
            throw new IOException("bench cancelled");
        }
        if (failure[0] instanceof IOException e) {
            throw e;
        }
        if (failure[0] instanceof RuntimeException e) {
            throw e;
        }
        if (failure[0] != null) {
            throw new IOException(failure[0].toString(), failure[0]);
        }
        return result;
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            // going anyway
        }
    }

    private record Step(String label, Action action) {
    }

    private interface Action {
        void run() throws IOException;
    }

    private void runAll() throws IOException {
        long start = System.nanoTime();
        Machine.Ticks ticks = Machine.Ticks.now();
        result.loadBefore(Machine.load());
        int cpus = Runtime.getRuntime().availableProcessors();
        if (cpus < 2) {
            result.note("only one CPU: the two processes share it (not pinned)");
        } else {
            try {
                unpinned = Cpu.allowed();
                // The whole JVM, as the C side's processes of one thread are pinned whole.
                Cpu.pinProcess(0);
                result.pinned(0, 1);
            } catch (IpcException e) {
                result.note("sched_setaffinity refused CPU 0 (" + e.errnoName() + "): the processes are not pinned");
            }
        }
        List<Step> steps = plan();
        try {
            for (int i = 0; i < steps.size(); i++) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("bench cancelled");
                }
                progress.accept("[" + (i + 1) + "/" + steps.size() + "] " + steps.get(i).label());
                steps.get(i).action().run();
            }
        } finally {
            if (peer != null) {
                peer.close();
            }
        }
        result.finished(Machine.load(), Machine.Ticks.stolenShare(ticks, Machine.Ticks.now()), System.nanoTime() - start);
    }

    private List<Step> plan() {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("compiling ipcbench.c with gcc", () -> c = CBench.compile(options.cache())));
        steps.add(new Step("starting the peer JVM", () -> peer = new BenchChildProcess()));
        int rounds = options.rttRounds();
        int warmup = options.rttWarmup();
        for (Mechanism m : options.mechanisms()) {
            // Java and C take turns in RTT_CHUNKS slices, and each side's percentiles come
            // from all its slices: a VM's vCPUs move between cores (and SMT siblings) over
            // seconds, which must not land on one language only.
            long[][] java = new long[RTT_CHUNKS][];
            long[][] c = new long[RTT_CHUNKS][];
            int chunk = Math.max(1, rounds / RTT_CHUNKS);
            steps.add(new Step("rtt " + m + " java and c warm-up, taking turns", () -> warmRtt(m)));
            for (int k = 0; k < RTT_CHUNKS; k++) {
                int slice = k;
                int sliceWarmup = k == 0 ? warmup : Math.min(warmup, 1_000);
                int n = k == RTT_CHUNKS - 1 ? Math.max(1, rounds - chunk * (RTT_CHUNKS - 1)) : chunk;
                String of = " (" + (k + 1) + "/" + RTT_CHUNKS + ")";
                steps.add(new Step("rtt " + m + " java" + of, () -> java[slice] = javaRtt(m, n, sliceWarmup)));
                steps.add(new Step("rtt " + m + " c" + of, () -> {
                    c[slice] = this.c.rttSamples(m, n, Math.min(sliceWarmup, 1_000), result.cpuA(), result.cpuB());
                    if (slice == RTT_CHUNKS - 1) {
                        result.add(rtt(m, Impl.JAVA, java));
                        result.add(rtt(m, Impl.C, c));
                    }
                }));
            }
        }
        for (int size : options.sizes()) {
            for (Mechanism m : options.mechanisms()) {
                long[] count = new long[2];
                steps.add(new Step("throughput " + m + " " + sizeLabel(size) + " java warm-up",
                        () -> count[0] = warmedUp(m, Impl.JAVA, size)));
                steps.add(new Step("throughput " + m + " " + sizeLabel(size) + " c warm-up",
                        () -> count[1] = warmedUp(m, Impl.C, size)));
                steps.add(new Step("throughput " + m + " " + sizeLabel(size) + " java and c, taking turns",
                        () -> trials(m, size, count[0], count[1])));
            }
        }
        if (options.figures()) {
            for (int size : ANCHOR_SIZES) {
                steps.add(new Step("anchor: Agrona OneToOneRingBuffer " + sizeLabel(size) + " beside shm-spin java and c",
                        () -> anchor(size)));
            }
            steps.add(new Step("sem_post+sem_trywait pair, java and c", this::semPair));
            steps.add(new Step("8-byte write+read on one FIFO, java and c", this::fifoPair));
            steps.add(new Step("idle adaptive waiter", this::idleWaiter));
            // A child inherits this thread's CPU 0 only: the JVMs of the shell rows would run
            // their JIT and GC threads on one CPU, about twice a user's wall time.
            steps.add(new Step("the shell's runs on every CPU, as a user's", this::unpin));
            steps.add(new Step("script of small commands", this::script));
            steps.add(new Step("one-shot start-up", this::startup));
        }
        return steps;
    }

    private static Rtt rtt(Mechanism m, Impl impl, long[][] slices) {
        long[] all = java.util.Arrays.stream(slices).flatMapToLong(java.util.Arrays::stream).toArray();
        java.util.Arrays.sort(all);
        return new Rtt(m, impl, Stats.percentileSorted(all, 0.5), Stats.percentileSorted(all, 0.99),
                Stats.percentileSorted(all, 0.999), all.length);
    }

    static String sizeLabel(int size) {
        if (size >= 1 << 20 && size % (1 << 20) == 0) {
            return (size >> 20) + " MiB";
        }
        if (size >= 1024 && size % 1024 == 0) {
            return (size >> 10) + " KiB";
        }
        return size + " B";
    }

    // ---- Java: this JVM is the parent, the peer JVM the child ----

    private String cpuB() {
        return Integer.toString(result.cpuB());
    }

    private Duration doneTimeout(long operations) {
        // Generous: a loaded machine may be 100 times slower than an idle one.
        return Duration.ofSeconds(60 + operations / 1_000);
    }

    private long[] javaRtt(Mechanism m, int rounds, int warmup) throws IOException {
        String command = "rtt " + m + " " + (rounds + warmup) + " " + cpuB() + " ";
        return measure(m, 0, command, end -> end.rtt(rounds, warmup), rounds + warmup);
    }

    /**
     * Unmeasured round trips of {@code m} until each side has run for
     * {@link Options#rttWarmupSeconds()}, Java and C taking turns: runs grow from 1,000
     * rounds while one takes under a tenth of that time.
     */
    private void warmRtt(Mechanism m) throws IOException {
        double goal = options.rttWarmupSeconds() * 1e9;
        long javaSpent = 0;
        long cSpent = 0;
        int n = 1_000;
        while (javaSpent < goal || cSpent < goal) {
            long t0 = System.nanoTime();
            javaRtt(m, n, 0);
            long t1 = System.nanoTime();
            c.rtt(m, n, 0, result.cpuA(), result.cpuB());
            long t2 = System.nanoTime();
            javaSpent += t1 - t0;
            cSpent += t2 - t1;
            if (Math.max(t1 - t0, t2 - t1) < goal / 10 && n < 1_000_000) {
                n *= 4;
            }
        }
    }

    private long javaTput(Mechanism m, int size, long count) throws IOException {
        String command = "tput " + m + " " + size + " " + count + " " + cpuB() + " ";
        return measure(m, BenchDescriptor.slots(size), command, end -> end.tput(size, count), count);
    }

    /**
     * One Java measurement over {@code m}'s transport: open the parent's end, tell the peer
     * where it is, wait for its "ready", measure, wait for its "done". A peer that fails
     * aborts the end, so that this side stops waiting.
     */
    private <T> T measure(Mechanism m, long slots, String command, EndBody<T> body, long operations) throws IOException {
        try (Transport.Parent end = m.transport().open(m, slots)) {
            peer.onAbort(end::abort);
            try {
                peer.send(command + end.address());
                end.started();
                peer.expect("ready", Duration.ofSeconds(60));
                end.ready();
                T value;
                try {
                    value = body.run(end);
                } catch (IllegalStateException e) {
                    peer.expect("done", Duration.ofSeconds(5));
                    throw new IOException(e.getMessage(), e);
                }
                peer.expect("done", doneTimeout(operations));
                return value;
            } finally {
                peer.onAbort(() -> { });
            }
        }
    }

    private interface EndBody<T> {
        T run(Transport.Parent end) throws IOException;
    }

    private interface SegmentBody<T> {
        T run(Segment seg) throws IOException;
    }

    /** A fresh private segment for one measurement, destroyed and detached whatever happens. */
    private <T> T withSegment(long slots, SegmentBody<T> body) throws IOException {
        Segment seg = ShmRoles.create(slots);
        io.ipcsh.ipc.Memory memory = seg.memory();
        peer.onAbort(() -> ShmRoles.abort(memory));
        try {
            return body.run(seg);
        } finally {
            peer.onAbort(() -> { });
            ShmTransport.destroyQuietly(seg);
            seg.detach();
        }
    }

    private void abortPeer() {
        BenchChildProcess p = peer;
        if (p != null) {
            p.close();
        }
    }

    // ---- throughput: warm up, then equal trials long enough to be stable ----

    /**
     * Warms up one side of a throughput row and returns the count its trials run. Growing
     * pilot runs find a count that takes a while; warm-up runs follow, each sized from the
     * rate the one before reached, until {@link Options#tputWarmupSeconds()} have passed (a
     * Java row's first runs are the JIT compiling the loops, in both JVMs, and a count
     * sized from them would time the warm-up). The count is sized from the last warm rate
     * to take {@link Options#tputSeconds()}. C takes the same steps.
     */
    private long warmedUp(Mechanism m, Impl impl, int size) throws IOException {
        return warmedUp(size, count -> tput(m, impl, size, count));
    }

    /** One timed run of {@code count} messages: its nanoseconds. */
    private interface Run {
        long nanos(long count) throws IOException;
    }

    private long warmedUp(int size, Run run) throws IOException {
        long n = size >= 1 << 20 ? 10 : size >= 4096 ? 500 : 2_000;
        long max = max(size);
        double target = options.tputSeconds() * 1e9;
        double warmup = options.tputWarmupSeconds() * 1e9;
        long spent = run.nanos(n);
        long nanos = spent;
        while (nanos < target / 8 && n < max) {
            n = Math.min(max, n * 8);
            nanos = run.nanos(n);
            spent += nanos;
        }
        while (spent < warmup) {
            n = sized(n, nanos, target / 2, max);
            nanos = run.nanos(n);
            spent += nanos;
        }
        return sized(n, nanos, target, max);
    }

    private static long max(int size) {
        return size >= 1 << 20 ? 200_000 : 500_000_000;
    }

    /**
     * {@link Options#tputTrials()} equal trials per side, Java and C taking turns trial by
     * trial, so that load from elsewhere (this machine is shared) falls on both alike.
     */
    private void trials(Mechanism m, int size, long javaCount, long cCount) throws IOException {
        long[] java = new long[options.tputTrials()];
        long[] c = new long[options.tputTrials()];
        for (int i = 0; i < java.length; i++) {
            java[i] = tput(m, Impl.JAVA, size, javaCount);
            c[i] = tput(m, Impl.C, size, cCount);
        }
        result.add(new Throughput(m, Impl.JAVA, size, javaCount, java));
        result.add(new Throughput(m, Impl.C, size, cCount, c));
    }

    /** The count that takes {@code goal} ns at the rate {@code n} messages in {@code nanos} showed. */
    private static long sized(long n, long nanos, double goal, long max) {
        return Math.max(1, Math.min(max, (long) Math.ceil(n * goal / Math.max(1, nanos))));
    }

    private long tput(Mechanism m, Impl impl, int size, long count) throws IOException {
        return impl == Impl.JAVA ? javaTput(m, size, count) : c.tput(m, size, count, result.cpuA(), result.cpuB());
    }

    // ---- the anchor: Agrona's ring over the same segment, beside ipcsh's ring in Java and C ----

    /**
     * Agrona's {@code OneToOneRingBuffer}, ipcsh's {@code shm-spin} ring in Java and the same
     * ring in C, each warmed up, then their trials taking turns, so that the three figures
     * come from the same minutes of this (shared) machine.
     */
    private void anchor(int size) throws IOException {
        String[] names = {"agrona java", "ipcsh java", "ipcsh c"};
        Run[] runs = {count -> agronaTput(size, count), count -> tput(Mechanism.SHM_SPIN, Impl.JAVA, size, count),
                count -> tput(Mechanism.SHM_SPIN, Impl.C, size, count)};
        long[] counts = new long[runs.length];
        try {
            for (int k = 0; k < runs.length; k++) {
                counts[k] = warmedUp(size, runs[k]);
            }
            long[][] trials = new long[runs.length][options.tputTrials()];
            for (int i = 0; i < options.tputTrials(); i++) {
                for (int k = 0; k < runs.length; k++) {
                    trials[k][i] = runs[k].nanos(counts[k]);
                }
            }
            for (int k = 0; k < runs.length; k++) {
                Throughput t = new Throughput(Mechanism.SHM_SPIN, Impl.JAVA, size, counts[k], trials[k]);
                result.add(new Figure("anchor", names[k] + " " + sizeLabel(size), t.msgsPerS(), "msgs/s",
                        String.format(java.util.Locale.ROOT, "%s, %s messages: median of %d trials of %,d messages, %,.0f to %,.0f msgs/s",
                                k == 0 ? "Agrona 2.6.0 OneToOneRingBuffer over the bench segment" : k == 1
                                        ? "shm-spin ring through Memory" : "shm-spin ring in ipcbench.c",
                                sizeLabel(size), trials[k].length, counts[k], t.minMsgsPerS(), t.maxMsgsPerS())));
            }
        } catch (LinkageError e) {
            // Agrona missing, or this JVM started without --add-exports java.base/jdk.internal.misc=ALL-UNNAMED
            result.note("anchor row: not measured, Agrona can't run here (" + e.getMessage() + ")");
        }
    }

    /** One Agrona run between this JVM and the peer JVM, over a fresh bench segment. */
    private long agronaTput(int size, long count) throws IOException {
        Segment seg = ShmRoles.create(0);
        io.ipcsh.ipc.Memory memory = seg.memory();
        peer.onAbort(() -> ShmRoles.abort(memory));
        try {
            AgronaAnchor.clear(memory);
            peer.send("agrona " + size + " " + count + " " + cpuB() + " " + seg.shmid());
            peer.expect("ready", Duration.ofSeconds(60));
            ShmTransport.destroyQuietly(seg);
            long nanos;
            try {
                nanos = AgronaAnchor.send(memory, size, count);
            } catch (IllegalStateException e) {
                peer.expect("done", Duration.ofSeconds(5));
                throw new IOException(e.getMessage(), e);
            }
            peer.expect("done", doneTimeout(count));
            return nanos;
        } finally {
            peer.onAbort(() -> { });
            ShmTransport.destroyQuietly(seg);
            seg.detach();
        }
    }

    // ---- the figures beside the tables ----

    private void semPair() throws IOException {
        callPairs("sem_pair", "sempair", options.quick() ? 1_000_000 : 5_000_000,
                "Semaphore.post() + tryAcquire(), one thread of a fresh JVM",
                new CPairs("c", "sem_post + sem_trywait in a C loop", c::semPair));
    }

    /**
     * What the pipe rows pay in each language twice a message, without the other process;
     * and in C again with a thread sleeping beside the loop, which the kernel charges for,
     * and once more with that thread not sharing the loop's descriptor table, which is
     * what the charge is for.
     */
    private void fifoPair() throws IOException {
        // Two system calls a pair, not two atomic instructions: a tenth as many.
        callPairs("fifo_pair", "fifopair", options.quick() ? 100_000 : 500_000,
                "ByteStream.writeFully + readFully of 8 bytes on one FIFO, one thread of a fresh JVM",
                new CPairs("c", "write + read of 8 bytes on one FIFO in a C loop", n -> c.fifoPair(n, FifoThreads.ONE)),
                new CPairs(C_TWO_THREADS, "the same C loop with a second thread asleep in the process (a JVM has a dozen)",
                        n -> c.fifoPair(n, FifoThreads.SECOND)),
                new CPairs(C_OWN_FILES, "the same two threads, the loop's with a descriptor table of its own (unshare(CLONE_FILES))",
                        n -> c.fifoPair(n, FifoThreads.SECOND_OWN_FILES)));
    }

    /** The FIFO pair figure's C loop with a second thread asleep beside it. */
    static final String C_TWO_THREADS = "c, 2 threads";
    /** The same, the loop's thread with a descriptor table the sleeper doesn't share. */
    static final String C_OWN_FILES = "c, 2 threads, own fd table";

    /** A C loop of call pairs: the figure's impl, what it is, and how to run it. */
    private record CPairs(String impl, String how, PairLoop loop) {
    }

    /** One run of {@code count} call pairs: nanoseconds per pair. */
    private interface PairLoop {
        double nanosPerPair(long count) throws IOException;
    }

    /**
     * Two calls that can't block, made in a loop by a fresh peer JVM ({@code command}) and
     * by ipcbench: the cost of one call pair in each language, as the median of turns.
     * Java's pairs run in JVMs of their own, started for them, as the C loop is a process of
     * its own: in this JVM, after the semaphore rows had run here, the sem pair read
     * 1.12-1.57x C from run to run. Each turn starts another: a JVM's compiled loop keeps
     * its speed for that JVM's life, and it differs from one JVM to the next with the same
     * compilations (six in a row, warmed up, settled at 7.0, 7.0, 7.5, 8.8, 9.8 and 10.0 ns
     * a sem pair), so one JVM is a draw of one.
     */
    private void callPairs(String metric, String command, long count, String javaHow, CPairs... cLoops) throws IOException {
        int turns = options.quick() ? 3 : 5;
        double[][] ns = new double[1 + cLoops.length][turns];
        // Java and C take turns, so that load from elsewhere falls on both alike.
        for (int turn = 0; turn < turns; turn++) {
            try (BenchChildProcess fresh = new BenchChildProcess()) {
                warmUp(fresh, command, count);
                ns[0][turn] = pairs(fresh, command, count);
            }
            for (int k = 0; k < cLoops.length; k++) {
                ns[1 + k][turn] = cLoops[k].loop().nanosPerPair(count);
            }
        }
        String turnsOf = ": median of " + turns + " turns of " + count + " pairs, Java and C taking turns";
        for (double[] side : ns) {
            Arrays.sort(side);
        }
        result.add(new Figure(metric, "java", ns[0][turns / 2], "ns", javaHow + turnsOf + ", each Java turn in a JVM of its own"));
        for (int k = 0; k < cLoops.length; k++) {
            result.add(new Figure(metric, cLoops[k].impl(), ns[1 + k][turns / 2], "ns", cLoops[k].how() + turnsOf));
        }
    }

    /**
     * Runs of {@code count} pairs in {@code jvm} for {@link #PAIR_WARMUP_NANOS} at least, and
     * then until two in a row agree within a tenth (for ten times that at most). The fresh
     * JVM shares CPU 0 with its JIT, which takes a quarter of a second to reach the loop's
     * last tier: its sem pairs (1,000,000 a run) read 172, 40, 15, 14, 13.5 and then 6.7 ns
     * a pair, so runs that agree early can be an interim tier's; one warm-up run of
     * 5,000,000 left a full run's median at 11.2 ns against C's 6.1.
     */
    private static void warmUp(BenchChildProcess jvm, String command, long count) throws IOException {
        long start = System.nanoTime();
        double last = pairs(jvm, command, count);
        while (true) {
            double next = pairs(jvm, command, count);
            long spent = System.nanoTime() - start;
            boolean settled = Math.abs(next - last) <= 0.1 * Math.min(next, last);
            if (settled && spent >= PAIR_WARMUP_NANOS || spent >= 10 * PAIR_WARMUP_NANOS) {
                return;
            }
            last = next;
        }
    }

    /** The least time a call-pair figure's fresh JVM runs its loop before anything counts. */
    private static final long PAIR_WARMUP_NANOS = 1_000_000_000L;

    /** Nanoseconds per pair over {@code count} pairs in {@code jvm}; no call in them can block. */
    private static double pairs(BenchChildProcess jvm, String command, long count) throws IOException {
        jvm.send(command + " " + count);
        double ns = jvm.expectValue("ns", Duration.ofSeconds(60));
        jvm.expect("done", Duration.ofSeconds(60));
        return ns;
    }

    /** CPU time of the peer JVM while it waits adaptively on a semaphore nobody posts. */
    private void idleWaiter() throws IOException {
        double seconds = options.quick() ? 1.0 : 5.0;
        withSegment(0, seg -> {
            peer.send("idle " + seg.shmid());
            peer.expect("ready", Duration.ofSeconds(60));
            sleep(300); // past the spin, into the blocking wait
            long before = cpuNanos(peer.pid());
            long t0 = System.nanoTime();
            sleep((long) (seconds * 1000));
            long cpu = cpuNanos(peer.pid()) - before;
            long wall = System.nanoTime() - t0;
            seg.semaphore(BenchDescriptor.SEM_A).post();
            peer.expect("done", Duration.ofSeconds(60));
            result.add(new Figure("idle_cpu", "java", 100.0 * cpu / wall, "% of a core",
                    String.format("the peer JVM's whole CPU time (all its threads) over %.1f s of awaitAdaptive()", seconds)));
            return null;
        });
    }

    /**
     * CPU time of every thread of {@code pid}, in ns: the sum of the first field of
     * /proc/PID/task/TID/schedstat (exact to the nanosecond, where /proc/PID/stat counts
     * 10 ms ticks); the JDK's tick-based figure where schedstat is missing.
     */
    static long cpuNanos(long pid) throws IOException {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (java.nio.file.Files.isDirectory(tasks)) {
            long sum = 0;
            try (var dirs = java.nio.file.Files.list(tasks)) {
                for (Path t : dirs.toList()) {
                    try {
                        sum += Long.parseLong(java.nio.file.Files.readString(t.resolve("schedstat")).split(" ")[0]);
                    } catch (IOException | RuntimeException e) {
                        // a thread that ended meanwhile
                    }
                }
            }
            if (sum > 0) {
                return sum;
            }
        }
        return ProcessHandle.of(pid).flatMap(h -> h.info().totalCpuDuration()).map(Duration::toNanos)
                .orElseThrow(() -> new IOException("no CPU time for pid " + pid));
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("bench cancelled");
        }
    }

    /** Gives this JVM's threads back the CPUs the bench's thread had before {@link #runAll()} pinned them. */
    private void unpin() {
        if (unpinned != null) {
            Cpu.pinProcess(unpinned);
        }
    }

    private void script() throws IOException {
        ShellRuns shell = ShellRuns.find();
        if (shell == null) {
            result.note("script of small commands: not measured, the shell (io.ipcsh.shell.Main) is not on the class path");
            return;
        }
        int commands = 20_000;
        int runs = options.quick() ? 3 : 5;
        try {
            double perSecond = shell.commandsPerSecond(commands, runs);
            result.add(new Figure("script", "java", perSecond, "commands/s",
                    (commands + 3) + " commands / (median wall time of `ipcsh FILE` - median of `"
                            + shell.oneShotCommand().replace("bin/", "") + "`), " + runs
                            + " runs each, taking turns: write and read of an i32 on a private segment"));
        } catch (IOException e) {
            result.note("script of small commands: not measured, " + e.getMessage());
        }
    }

    private void startup() throws IOException {
        ShellRuns shell = ShellRuns.find();
        if (shell == null) {
            result.note("one-shot start-up: not measured, the shell (io.ipcsh.shell.Main) is not on the class path");
            return;
        }
        int runs = 10;
        try {
            double[] ms = shell.oneShotAndJavaVersionMillis(runs);
            result.add(new Figure("startup", "ipcsh", ms[0], "ms", "median wall time of " + runs + " runs of "
                    + shell.oneShotCommand() + ", taking turns with java -version"));
            result.add(new Figure("startup", "java -version", ms[1], "ms",
                    "median wall time of " + runs + " runs of java -version, same JDK"));
        } catch (IOException e) {
            result.note("one-shot start-up: not measured, " + e.getMessage());
        }
    }

    private static String gccVersion() {
        try {
            Process p = new ProcessBuilder("gcc", "--version").redirectErrorStream(true).start();
            String first = new String(p.getInputStream().readAllBytes()).lines().findFirst().orElse("gcc");
            p.waitFor(10, TimeUnit.SECONDS);
            return first;
        } catch (IOException e) {
            return "gcc not found";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "gcc";
        }
    }
}
