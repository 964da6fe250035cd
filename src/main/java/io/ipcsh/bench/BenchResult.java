package io.ipcsh.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything one run measured, in the order measured. */
public final class BenchResult {
    /** Java or C. */
    public enum Impl {
        JAVA("java"), C("c");

        private final String label;

        Impl(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Round-trip latency of one mechanism in one language. */
    public record Rtt(Mechanism mechanism, Impl impl, long medianNs, long p99Ns, long p999Ns, int rounds) {
    }

    /**
     * One-way throughput of one mechanism in one language for one message size: equal
     * trials of {@code count} messages each, after a warm-up.
     *
     * @param trialNanos each trial's time, in the order run
     */
    public record Throughput(Mechanism mechanism, Impl impl, int size, long count, long[] trialNanos) {
        public Throughput {
            if (trialNanos.length == 0) {
                throw new IllegalArgumentException("no trials");
            }
            trialNanos = trialNanos.clone();
        }

        /** One trial of {@code nanos}. */
        public Throughput(Mechanism mechanism, Impl impl, int size, long count, long nanos) {
            this(mechanism, impl, size, count, new long[] {nanos});
        }

        @Override
        public long[] trialNanos() {
            return trialNanos.clone();
        }

        /** The median trial's time. */
        public long nanos() {
            long[] sorted = trialNanos();
            java.util.Arrays.sort(sorted);
            return sorted[(sorted.length - 1) / 2];
        }

        /** The median trial's rate. */
        public double msgsPerS() {
            return count * 1e9 / nanos();
        }

        /** The slowest trial's rate. */
        public double minMsgsPerS() {
            return count * 1e9 / java.util.Arrays.stream(trialNanos).max().orElseThrow();
        }

        /** The fastest trial's rate. */
        public double maxMsgsPerS() {
            return count * 1e9 / java.util.Arrays.stream(trialNanos).min().orElseThrow();
        }

        /** The spread over the trials, (max - min) / median rate: 0.05 is ±2.5%. */
        public double spread() {
            return (maxMsgsPerS() - minMsgsPerS()) / msgsPerS();
        }

        @Override
        public String toString() {
            return "Throughput[" + mechanism + " " + impl.label() + " " + size + " B: " + count + " messages x "
                    + trialNanos.length + " trials " + java.util.Arrays.toString(trialNanos) + " ns]";
        }

        /** Megabytes (10^6 bytes) per second. */
        public double mbPerS() {
            return msgsPerS() * size / 1e6;
        }
    }

    /** A single figure beside the tables: idle CPU, a sem pair, script speed, start-up. */
    public record Figure(String metric, String impl, double value, String unit, String detail) {
    }

    private final List<Rtt> rtts = new ArrayList<>();
    private final List<Throughput> throughputs = new ArrayList<>();
    private final List<Figure> figures = new ArrayList<>();
    /** Things the reader must know, such as "not pinned" or a measure that could not run. */
    private final List<String> notes = new ArrayList<>();
    private final Machine machine;
    private int cpuA = -1;
    private int cpuB = -1;
    private double loadBefore;
    private double loadAfter;
    private double stolen = -1;
    private long elapsedNanos;

    BenchResult(Machine machine) {
        this.machine = machine;
    }

    // ---- recording: only the bench that measures adds to it ----

    void add(Rtt rtt) {
        rtts.add(rtt);
    }

    void add(Throughput throughput) {
        throughputs.add(throughput);
    }

    void add(Figure figure) {
        figures.add(figure);
    }

    void note(String note) {
        notes.add(note);
    }

    void pinned(int cpuA, int cpuB) {
        this.cpuA = cpuA;
        this.cpuB = cpuB;
    }

    void loadBefore(double load) {
        this.loadBefore = load;
    }

    void finished(double loadAfter, double stolen, long elapsedNanos) {
        this.loadAfter = loadAfter;
        this.stolen = stolen;
        this.elapsedNanos = elapsedNanos;
    }

    // ---- reading ----

    public Machine machine() {
        return machine;
    }

    /** The CPU the measuring side is pinned to, or -1 when not pinned. */
    public int cpuA() {
        return cpuA;
    }

    /** The CPU the other side is pinned to, or -1 when not pinned. */
    public int cpuB() {
        return cpuB;
    }

    /** The 1-minute load average when the run began. */
    public double loadBefore() {
        return loadBefore;
    }

    /** The 1-minute load average when it ended. */
    public double loadAfter() {
        return loadAfter;
    }

    /** The share of the CPUs' time a hypervisor gave to other guests during the run (0 to 1), or -1 if unknown. */
    public double stolen() {
        return stolen;
    }

    public long elapsedNanos() {
        return elapsedNanos;
    }

    public List<Rtt> rtts() {
        return List.copyOf(rtts);
    }

    public List<Throughput> throughputs() {
        return List.copyOf(throughputs);
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    public Optional<Rtt> rtt(Mechanism m, Impl impl) {
        return rtts.stream().filter(r -> r.mechanism() == m && r.impl() == impl).findFirst();
    }

    public Optional<Throughput> throughput(Mechanism m, Impl impl, int size) {
        return throughputs.stream().filter(t -> t.mechanism() == m && t.impl() == impl && t.size() == size).findFirst();
    }

    public Optional<Figure> figure(String metric, String impl) {
        return figures.stream().filter(f -> f.metric().equals(metric) && f.impl().equals(impl)).findFirst();
    }
}
