package io.ipcsh.bench;

import io.ipcsh.cli.Json;
import io.ipcsh.bench.BenchResult.Figure;
import io.ipcsh.bench.BenchResult.Impl;
import io.ipcsh.bench.BenchResult.Rtt;
import io.ipcsh.bench.BenchResult.Throughput;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** Turns a {@link BenchResult} into tables and bar charts, JSON lines, or Markdown. */
public final class Report {
    private static final int BAR_WIDTH = 40;

    private final BenchResult r;
    private final Targets targets;

    public Report(BenchResult result) {
        this(result, null);
    }

    /** A report that also holds the run against {@code targets} (null for none). */
    Report(BenchResult result, Targets targets) {
        this.r = result;
        this.targets = targets;
    }

    // ---- JSON: one object per line ----

    /**
     * One JSON object per line: the machine and the run's conditions first, then every
     * round trip, every throughput, every figure, every key ratio.
     */
    public List<String> jsonLines() {
        List<String> lines = new ArrayList<>();
        lines.add(machineJson());
        for (Rtt t : r.rtts()) {
            lines.add(String.format(Locale.ROOT,
                    "{\"mechanism\":\"%s\",\"impl\":\"%s\",\"metric\":\"rtt\",\"median_ns\":%d,\"p99_ns\":%d,\"p999_ns\":%d,\"rounds\":%d}",
                    t.mechanism(), t.impl().label(), t.medianNs(), t.p99Ns(), t.p999Ns(), t.rounds()));
        }
        for (Throughput t : r.throughputs()) {
            lines.add(String.format(Locale.ROOT,
                    "{\"mechanism\":\"%s\",\"impl\":\"%s\",\"metric\":\"throughput\",\"size\":%d,\"msgs_per_s\":%.1f,\"mb_per_s\":%.2f,\"count\":%d,"
                            + "\"trials\":%d,\"seconds_per_trial\":%.3f,\"min_msgs_per_s\":%.1f,\"max_msgs_per_s\":%.1f,\"spread\":%.3f,\"trial_ns\":%s}",
                    t.mechanism(), t.impl().label(), t.size(), t.msgsPerS(), t.mbPerS(), t.count(),
                    t.trialNanos().length, t.nanos() / 1e9, t.minMsgsPerS(), t.maxMsgsPerS(), t.spread(),
                    trialNanosJson(t)));
        }
        for (Figure f : r.figures()) {
            lines.add(String.format(Locale.ROOT, "{\"metric\":\"%s\",\"impl\":\"%s\",\"%s\":%.3f,\"detail\":\"%s\"}",
                    f.metric(), json(f.impl()), field(f), f.value(), json(f.detail())));
        }
        for (Ratio t : ratios()) {
            lines.add(String.format(Locale.ROOT, "{\"metric\":\"ratio\",\"measure\":\"%s\",\"reached\":\"%s\"}",
                    json(t.measure), json(t.reached)));
        }
        for (Targets.Verdict v : verdicts()) {
            lines.add(Json.object().put("metric", "target").put("measure", v.target().measure()).put("op", v.target().op())
                    .put("value", v.target().value()).put("what", v.target().what()).put("reached", v.reached())
                    .put("met", v.rows() == 0 ? null : v.missed() == 0).put("rows", v.rows()).put("missed", v.missed()).toString());
        }
        for (String n : r.notes()) {
            lines.add("{\"metric\":\"note\",\"text\":\"" + json(n) + "\"}");
        }
        return lines;
    }

    /**
     * What the text header and BENCHMARKS.md's machine table say, for a reader of the JSON
     * alone: the ratios of a run on a loaded or stolen-from host read differently. Unknown
     * pinning or steal is null.
     */
    private String machineJson() {
        Machine m = r.machine();
        return Json.object().put("metric", "machine").put("cpu", m.cpuModel()).put("cpus", m.cpus())
                .put("kernel", m.kernel()).put("jdk", m.jdk()).put("gcc", m.gcc())
                .put("cflags", String.join(" ", CBench.CFLAGS))
                .put("cpu_a", r.cpuA() >= 0 ? r.cpuA() : null).put("cpu_b", r.cpuB() >= 0 ? r.cpuB() : null)
                .put("load_before", r.loadBefore()).put("load_after", r.loadAfter())
                .put("steal", r.stolen() >= 0 ? Math.round(r.stolen() * 10_000) / 10_000.0 : null)
                .put("seconds", Math.round(r.elapsedNanos() / 1e7) / 100.0)
                .toString();
    }

    private static String field(Figure f) {
        return switch (f.metric()) {
            case "sem_pair", "fifo_pair" -> "ns_per_pair";
            case "idle_cpu" -> "percent_of_core";
            case "script" -> "commands_per_s";
            case "startup" -> "wall_ms";
            case "anchor" -> "msgs_per_s";
            default -> "value";
        };
    }

    /** {@code s} escaped for the inside of a JSON string (the format strings hold the quotes). */
    static String json(String s) {
        String quoted = Json.quote(s);
        return quoted.substring(1, quoted.length() - 1);
    }

    // ---- key ratios, from this run ----

    /**
     * One key ratio or figure of this run, such as Java's {@code shm-spin} round trip over
     * C's. The bench reports what it measured; what it should reach belongs to the reader,
     * who can hold a run against targets of their own ({@link Targets}: bin/benchmarks-md
     * gives issue 13's for BENCHMARKS.md).
     */
    record Ratio(String measure, String reached) {
    }

    List<Ratio> ratios() {
        List<Ratio> list = new ArrayList<>();
        list.add(javaOverCRatio("Java `shm-spin` round trip", Mechanism.SHM_SPIN));
        list.add(javaOverCRatio("Java `shm-sem` round trip", Mechanism.SHM_SEM));
        List<String> vsSlow = new ArrayList<>();
        for (String slow : List.of("pipe", "unix")) {
            readings("rtt." + slow + "/shm-spin").forEach(x -> vsSlow.add(x.row() + " " + slow + " " + x.shown()));
        }
        list.add(new Ratio("`shm-spin` compared with `pipe` and `unix`", joined(vsSlow)));
        list.add(new Ratio("`shm-adaptive` round trip compared with `shm-spin`", joined(texts(readings("rtt.shm-adaptive/shm-spin")))));
        // Issue 13's rows: every mechanism's Java round trip and throughput against C's.
        list.add(new Ratio("Java ÷ C round-trip time, every mechanism", joined(texts(readings("rtt.java/c")))));
        list.add(new Ratio("Java ÷ C throughput (msgs/s), every mechanism and size", joined(readings("throughput.java/c").stream()
                .map(x -> x.row() + " " + ratio(x.value())).toList())));
        list.add(new Ratio("`sem_post` + `sem_trywait` pair through `Semaphore`, compared with C", pair("sem_pair")));
        list.add(new Ratio("8-byte `write` + `read` on one FIFO through `ByteStream`, compared with C", pair("fifo_pair")));
        List<String> parts = new ArrayList<>();
        for (int size : Bench.ANCHOR_SIZES) {
            Optional<Figure> agrona = r.figure("anchor", "agrona java " + Bench.sizeLabel(size));
            Optional<Figure> ours = r.figure("anchor", "ipcsh java " + Bench.sizeLabel(size));
            Optional<Figure> c = r.figure("anchor", "ipcsh c " + Bench.sizeLabel(size));
            if (agrona.isPresent() && ours.isPresent()) {
                parts.add(String.format(Locale.ROOT, "%s: ipcsh java %s, Agrona %s%s msgs/s (ipcsh÷Agrona %.2f)", Bench.sizeLabel(size),
                        rate(ours.get().value()), rate(agrona.get().value()),
                        c.map(f -> ", ipcsh c " + rate(f.value())).orElse(""), ours.get().value() / agrona.get().value()));
            }
        }
        list.add(new Ratio("ipcsh's Java ring compared with Agrona's `OneToOneRingBuffer`",
                parts.isEmpty() ? "not measured" : String.join("; ", parts)));
        list.add(new Ratio("Idle adaptive waiter", joined(texts(readings("idle_cpu")))));
        list.add(new Ratio("Script of small commands", joined(texts(readings("script")))));
        Optional<Figure> ipcsh = r.figure("startup", "ipcsh");
        Optional<Figure> java = r.figure("startup", "java -version");
        if (ipcsh.isPresent() && java.isPresent()) {
            double x = ipcsh.get().value() / java.get().value();
            list.add(new Ratio("One-shot `ipcsh -c 'key private'` compared with `java -version`",
                    String.format(Locale.ROOT, "%.0f ms vs %.0f ms: %s", ipcsh.get().value(), java.get().value(), times(x))));
        } else {
            list.add(new Ratio("One-shot `ipcsh -c 'key private'` compared with `java -version`", "not measured"));
        }
        return list;
    }

    private static String joined(List<String> parts) {
        return parts.isEmpty() ? "not measured" : String.join(", ", parts);
    }

    private static List<String> texts(List<Reading> readings) {
        return readings.stream().map(Reading::text).toList();
    }

    // ---- measures, for Targets ----

    /** How {@link #MEASURES} writes the {@code rtt.A/B} family: not a measure itself. */
    private static final String RTT_OVER_FORM = "rtt.MECHANISM/MECHANISM";

    /**
     * What a {@link Targets} file can hold a run against. Java ÷ C: {@code throughput.java/c}
     * (msgs/s, the paired median of every mechanism and size), {@code rtt.java/c} (median round
     * trip, every mechanism), {@code sem_pair.java/c} and {@code fifo_pair.java/c} (time per
     * pair). {@code rtt.A/B}: mechanism A's median round trip over B's, in each language, such
     * as {@code rtt.pipe/shm-spin}. {@code anchor.ipcsh/agrona}: ipcsh's Java ring's msgs/s
     * over Agrona's, each size. {@code idle_cpu} (% of a core), {@code script} (commands/s),
     * {@code startup.ipcsh/java} (one-shot over {@code java -version}).
     */
    static final List<String> MEASURES = List.of("throughput.java/c", "rtt.java/c", RTT_OVER_FORM,
            "sem_pair.java/c", "fifo_pair.java/c", "anchor.ipcsh/agrona", "idle_cpu", "script", "startup.ipcsh/java");

    private static final java.util.regex.Pattern RTT_OVER = java.util.regex.Pattern.compile("rtt\\.([a-z-]+)/([a-z-]+)");

    /** One row of a measure: which it is ("pipe 8 B", "java", or "" for one alone), its value, and that as the tables show it. */
    record Reading(String row, double value, String shown) {
        String text() {
            return row.isEmpty() ? shown : row + " " + shown;
        }
    }

    /** Refuses, with the list of them, a measure that isn't one of {@link #MEASURES}. */
    static void checkMeasure(String measure) {
        if (!MEASURES.contains(measure) || measure.equals(RTT_OVER_FORM)) {
            rttOver(measure);
        }
    }

    /** The two mechanisms of {@code rtt.A/B}. */
    private static Mechanism[] rttOver(String measure) {
        java.util.regex.Matcher m = RTT_OVER.matcher(measure);
        if (!m.matches()) {
            throw new IllegalArgumentException("unknown measure: " + measure + " (use one of " + String.join(", ", MEASURES) + ")");
        }
        return new Mechanism[] {Mechanism.of(m.group(1)), Mechanism.of(m.group(2))};
    }

    /** The rows of {@code measure} (one of {@link #MEASURES}) in this run; none where it wasn't measured. */
    List<Reading> readings(String measure) {
        List<Reading> rows = new ArrayList<>();
        switch (measure) {
            case "throughput.java/c" -> {
                for (Throughput j : r.throughputs()) {
                    if (j.impl() == Impl.JAVA) {
                        r.throughput(j.mechanism(), Impl.C, j.size()).map(c -> pairedRatio(j, c)).ifPresent(p ->
                                rows.add(new Reading(j.mechanism() + " " + Bench.sizeLabel(j.size()), p.median(), interval(p))));
                    }
                }
            }
            case "rtt.java/c" -> {
                for (Mechanism m : Mechanism.values()) {
                    javaOverC(m).ifPresent(x -> rows.add(new Reading(m.label(), x, ratio(x))));
                }
            }
            case "sem_pair.java/c", "fifo_pair.java/c" -> {
                String metric = measure.substring(0, measure.indexOf('.'));
                over(r.figure(metric, "java"), r.figure(metric, "c")).ifPresent(x -> rows.add(new Reading("", x, times(x))));
            }
            case "anchor.ipcsh/agrona" -> {
                for (int size : Bench.ANCHOR_SIZES) {
                    over(r.figure("anchor", "ipcsh java " + Bench.sizeLabel(size)), r.figure("anchor", "agrona java " + Bench.sizeLabel(size)))
                            .ifPresent(x -> rows.add(new Reading(Bench.sizeLabel(size), x, times(x))));
                }
            }
            case "idle_cpu" -> r.figure("idle_cpu", "java").ifPresent(f ->
                    rows.add(new Reading("", f.value(), String.format(Locale.ROOT, "%.2f%% of a core", f.value()))));
            case "script" -> r.figure("script", "java").ifPresent(f ->
                    rows.add(new Reading("", f.value(), String.format(Locale.ROOT, "%,.0f commands/s", f.value()))));
            case "startup.ipcsh/java" -> over(r.figure("startup", "ipcsh"), r.figure("startup", "java -version"))
                    .ifPresent(x -> rows.add(new Reading("", x, times(x))));
            default -> {
                Mechanism[] ab = rttOver(measure);
                for (Impl impl : Impl.values()) {
                    speedup(ab[0], ab[1], impl).ifPresent(x -> rows.add(new Reading(impl.label(), x, times(x))));
                }
            }
        }
        return rows;
    }

    private static OptionalDouble over(Optional<Figure> a, Optional<Figure> b) {
        return a.isPresent() && b.isPresent() ? OptionalDouble.of(a.get().value() / b.get().value()) : OptionalDouble.empty();
    }

    private List<Targets.Verdict> verdicts() {
        return targets == null ? List.of() : targets.judge(this);
    }

    /** The verdicts as a table; {@code plain} drops Markdown's backquotes, for a terminal. */
    private Table targetTable(boolean plain) {
        Table t = new Table("measure", "target", "this run", "met?");
        for (Targets.Verdict v : verdicts()) {
            t.row(plain ? v.target().what().replace("`", "") : v.target().what(), v.target().text(), v.reached(), v.met());
        }
        return t;
    }

    /** Sentences with the run's key figures and ratios, for the top of BENCHMARKS.md. */
    List<String> summary() {
        List<String> lines = new ArrayList<>();
        for (Mechanism m : Mechanism.values()) {
            Optional<Rtt> c = r.rtt(m, Impl.C);
            Optional<Rtt> j = r.rtt(m, Impl.JAVA);
            if (c.isEmpty() || j.isEmpty()) {
                continue;
            }
            StringBuilder l = new StringBuilder(String.format(Locale.ROOT, "`%s` round trip: median %s in C, %s in Java (java÷c %s)",
                    m, micros(c.get().medianNs()), micros(j.get().medianNs()), ratio(javaOverC(m).getAsDouble())));
            OptionalDouble pc = speedup(Mechanism.PIPE, m, Impl.C);
            OptionalDouble pj = speedup(Mechanism.PIPE, m, Impl.JAVA);
            if (m != Mechanism.PIPE && pc.isPresent() && pj.isPresent()) {
                l.append(String.format(Locale.ROOT, "; %s pipe's speed in C, %s in Java", times(pc.getAsDouble()), times(pj.getAsDouble())));
            }
            lines.add(l.append('.').toString());
        }
        for (Impl impl : Impl.values()) {
            OptionalDouble x = speedup(Mechanism.SHM_ADAPTIVE, Mechanism.SHM_SPIN, impl);
            OptionalDouble y = speedup(Mechanism.SHM_SEM, Mechanism.SHM_ADAPTIVE, impl);
            if (x.isPresent() && y.isPresent()) {
                lines.add(String.format(Locale.ROOT, "%s: the adaptive wait's round trip is %s `shm-spin`'s and %s faster than blocking `shm-sem`.",
                        impl == Impl.C ? "C" : "Java", times(x.getAsDouble()), times(y.getAsDouble())));
            }
        }
        for (int size : sizes()) {
            Optional<Throughput> best = r.throughputs().stream().filter(t -> t.size() == size)
                    .max(java.util.Comparator.comparingDouble(Throughput::msgsPerS));
            best.ifPresent(b -> lines.add(String.format(Locale.ROOT, "%s messages: the most throughput came from `%s` in %s, %s msgs/s (%s MB/s).",
                    Bench.sizeLabel(size), b.mechanism(), b.impl() == Impl.C ? "C" : "Java", rate(b.msgsPerS()), megabytes(b.mbPerS()))));
        }
        return lines;
    }

    private Ratio javaOverCRatio(String measure, Mechanism m) {
        OptionalDouble x = javaOverC(m);
        return new Ratio(measure, x.isEmpty() ? "not measured" : times(x.getAsDouble()) + " C");
    }

    /** Java's median round trip over C's. */
    OptionalDouble javaOverC(Mechanism m) {
        Optional<Rtt> j = r.rtt(m, Impl.JAVA);
        Optional<Rtt> c = r.rtt(m, Impl.C);
        return j.isPresent() && c.isPresent() ? OptionalDouble.of((double) j.get().medianNs() / c.get().medianNs())
                : OptionalDouble.empty();
    }

    /** How many times faster {@code fast}'s median round trip is than {@code slow}'s, same language. */
    OptionalDouble speedup(Mechanism slow, Mechanism fast, Impl impl) {
        Optional<Rtt> s = r.rtt(slow, impl);
        Optional<Rtt> f = r.rtt(fast, impl);
        return s.isPresent() && f.isPresent() ? OptionalDouble.of((double) s.get().medianNs() / f.get().medianNs())
                : OptionalDouble.empty();
    }

    // ---- text ----

    /** The human form: a header, the tables, the charts, the figures, the key ratios, the notes. */
    public String text() {
        StringBuilder s = new StringBuilder();
        s.append(header()).append("\n\n");
        if (!r.rtts().isEmpty()) {
            s.append(rttTitle()).append('\n');
            s.append(rttTable().render()).append('\n');
            s.append("Round-trip median, log scale\n");
            s.append(rttChart()).append('\n');
        }
        if (!r.throughputs().isEmpty()) {
            s.append("One-way throughput (MB = 10^6 bytes; rate÷pipe and java÷c compare msgs/s; ").append(pairedNote()).append(")\n");
            s.append(tputTable().render()).append('\n');
            for (int size : sizes()) {
                s.append("Throughput, ").append(Bench.sizeLabel(size)).append(" messages, MB/s, log scale\n");
                s.append(tputChart(size)).append('\n');
            }
        }
        if (!r.figures().isEmpty()) {
            s.append("Beside the tables\n").append(figureTable().render()).append('\n');
        }
        s.append("Key ratios (from this run)\n").append(ratioTable().render());
        if (targets != null) {
            s.append("\nTargets (--targets; a measure of several rows is met when every row is)\n").append(targetTable(true).render());
        }
        for (String n : r.notes()) {
            s.append("note: ").append(n).append('\n');
        }
        return s.toString();
    }

    private String header() {
        Machine m = r.machine();
        return String.format(Locale.ROOT, "ipcsh bench: %s, %d CPUs, %s; %s; %s%nload average %.2f before, %.2f after;%s took %.0f s",
                m.cpuModel(), m.cpus(), r.cpuA() >= 0 ? "processes pinned to CPUs " + r.cpuA() + " and " + r.cpuB() : "not pinned",
                m.jdk(), m.gcc(), r.loadBefore(), r.loadAfter(), r.stolen() >= 0 ? " " + stealText() + ";" : "", r.elapsedNanos() / 1e9);
    }

    /** The steal share as a reader takes it in, for the header and the machine table. */
    private String stealText() {
        return String.format(Locale.ROOT, "%.1f%% of the CPUs' time stolen by the host", 100 * r.stolen());
    }

    private String rttTitle() {
        int rounds = r.rtts().get(0).rounds();
        return String.format(Locale.ROOT, "Round trip of an 8-byte message, %,d round trips each (pipe÷this: times faster than pipe; java÷c: Java's time over C's)", rounds);
    }

    private Table rttTable() {
        Table t = new Table("mechanism", "impl", "median", "p99", "p99.9", "pipe÷this", "java÷c");
        for (Rtt x : r.rtts()) {
            OptionalDouble vsPipe = speedup(Mechanism.PIPE, x.mechanism(), x.impl());
            OptionalDouble jc = x.impl() == Impl.JAVA ? javaOverC(x.mechanism()) : OptionalDouble.empty();
            t.row(x.mechanism().label(), x.impl().label(), micros(x.medianNs()), micros(x.p99Ns()), micros(x.p999Ns()),
                    vsPipe.isPresent() ? times(vsPipe.getAsDouble()) : "", jc.isPresent() ? ratio(jc.getAsDouble()) : "");
        }
        return t;
    }

    private String rttChart() {
        List<String[]> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Rtt x : r.rtts()) {
            labels.add(new String[] {x.mechanism().label(), x.impl().label(), micros(x.medianNs())});
            values.add((double) x.medianNs());
        }
        return chart(labels, values);
    }

    private List<Integer> sizes() {
        return r.throughputs().stream().map(Throughput::size).distinct().toList();
    }

    private Table tputTable() {
        Table t = new Table("size", "mechanism", "impl", "msgs/s", "MB/s", "messages", "spread", "rate÷pipe", "java÷c");
        for (Throughput x : r.throughputs()) {
            OptionalDouble vsPipe = rateRatio(x, y -> r.throughput(Mechanism.PIPE, x.impl(), x.size()));
            Optional<Throughput> c = x.impl() == Impl.JAVA ? r.throughput(x.mechanism(), Impl.C, x.size()) : Optional.empty();
            Optional<PairedRatio> jc = c.map(o -> pairedRatio(x, o));
            t.row(Bench.sizeLabel(x.size()), x.mechanism().label(), x.impl().label(), rate(x.msgsPerS()),
                    megabytes(x.mbPerS()), String.format(Locale.ROOT, "%,d×%d", x.count(), x.trialNanos().length),
                    String.format(Locale.ROOT, "±%.1f%%", 50 * x.spread()),
                    vsPipe.isPresent() ? times(vsPipe.getAsDouble()) : "", jc.map(Report::interval).orElse(""));
        }
        return t;
    }

    private String pairedNote() {
        return String.format(Locale.ROOT, "java÷c is the median of Java's rate over C's in trials run back to back,"
                + " in brackets the interval that holds that median with %.0f%% confidence",
                100 * PairedRatio.confidence(r.throughputs().getFirst().trialNanos().length));
    }

    private static String interval(PairedRatio p) {
        return p.low() == p.high() ? ratio(p.median()) : ratio(p.median()) + " (" + ratio(p.low()) + "–" + ratio(p.high()) + ")";
    }

    /**
     * A row's trial times in the order they ran, each next to the other language's trial of
     * the same turn: what {@link #pairedRatio} pairs, for a reader of the JSON to pair again.
     */
    private static String trialNanosJson(Throughput t) {
        return java.util.Arrays.stream(t.trialNanos()).mapToObj(Long::toString)
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    /**
     * Java's rate over C's for one row: the median, over the trials, of the ratio of each
     * Java trial to the C trial run right after it. The two ran in the same second of a
     * shared machine, so a slow stretch of the host falls on both halves of a pair, where
     * the ratio of the two medians can take its Java and C trials from different
     * stretches. Rows whose trials don't pair up (not the same number) fall back to the
     * ratio of the medians, with no interval.
     */
    static PairedRatio pairedRatio(Throughput javaRow, Throughput c) {
        long[] j = javaRow.trialNanos();
        long[] k = c.trialNanos();
        if (j.length != k.length) {
            double r = javaRow.msgsPerS() / c.msgsPerS();
            return new PairedRatio(r, r, r);
        }
        double[] ratios = new double[j.length];
        for (int i = 0; i < j.length; i++) {
            ratios[i] = ((double) javaRow.count() / j[i]) / ((double) c.count() / k[i]);
        }
        java.util.Arrays.sort(ratios);
        int n = ratios.length;
        int rank = PairedRatio.lowRank(n);
        return new PairedRatio(n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2,
                ratios[rank - 1], ratios[n - rank]);
    }

    /**
     * A paired Java ÷ C ratio and the interval that holds the true median pair ratio with at
     * least 95% confidence, assuming only that the pairs are independent: the order
     * statistics {@code [r(k), r(n+1-k)]} of the sorted pair ratios, the binomial
     * (sign-test) interval of a median. With nine pairs that is the 2nd to the 8th (96%).
     * Under six pairs no such k exists, and it is the whole range of the pairs, with less
     * confidence ({@link #confidence}). A row whose interval lies across a target is not a
     * measured miss, nor a measured pass.
     */
    record PairedRatio(double median, double low, double high) {
        /** The largest k with P(Binomial(n, 1/2) < k) at most 2.5%, or 1 if there is none. */
        static int lowRank(int n) {
            int k = 1;
            while (k + 1 <= (n + 1) / 2 && below(n, k + 1) <= 0.025) {
                k++;
            }
            return k;
        }

        /** How often the interval of {@code n} pairs holds the true median: 1 - 2 P(B < k). */
        static double confidence(int n) {
            return 1 - 2 * below(n, lowRank(n));
        }

        /** P(Binomial(n, 1/2) < k). */
        private static double below(int n, int k) {
            double sum = 0;
            double term = Math.pow(0.5, n); // P(B = 0)
            for (int i = 0; i < k; i++) {
                sum += term;
                term = term * (n - i) / (i + 1);
            }
            return sum;
        }
    }

    private static OptionalDouble rateRatio(Throughput x, java.util.function.Function<Throughput, Optional<Throughput>> other) {
        return other.apply(x).map(o -> OptionalDouble.of(x.msgsPerS() / o.msgsPerS())).orElse(OptionalDouble.empty());
    }

    private String tputChart(int size) {
        List<String[]> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Throughput x : r.throughputs()) {
            if (x.size() == size) {
                labels.add(new String[] {x.mechanism().label(), x.impl().label(),
                        megabytes(x.mbPerS()) + " MB/s"});
                values.add(x.mbPerS());
            }
        }
        return chart(labels, values);
    }

    /** Horizontal bars on a log scale, so that 0.1 µs and 100 µs both show. */
    static String chart(List<String[]> labels, List<Double> values) {
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(1);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double span = Math.log(max) - Math.log(Math.max(min, 1e-9));
        int w0 = labels.stream().mapToInt(l -> l[0].length()).max().orElse(0);
        int w1 = labels.stream().mapToInt(l -> l[1].length()).max().orElse(0);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            double v = values.get(i);
            int n = span <= 0 ? BAR_WIDTH : 1 + (int) Math.round((Math.log(Math.max(v, 1e-9)) - Math.log(min)) / span * (BAR_WIDTH - 1));
            s.append(pad(labels.get(i)[0], w0)).append("  ").append(pad(labels.get(i)[1], w1)).append("  ")
                    .append("█".repeat(n)).append(" ".repeat(BAR_WIDTH - n)).append("  ").append(labels.get(i)[2]).append('\n');
        }
        return s.toString();
    }

    /**
     * Java's and C's time per call pair and Java's extra per call, "31.5 ns vs 26.9 ns: 1.17×
     * (2.3 ns more a call)", then C's with a second thread, and with that thread not sharing
     * the loop's descriptor table, where they were measured.
     */
    private String pair(String metric) {
        Optional<Figure> j = r.figure(metric, "java");
        Optional<Figure> c = r.figure(metric, "c");
        if (j.isEmpty() || c.isEmpty()) {
            return "not measured";
        }
        double java = j.get().value();
        double cNs = c.get().value();
        String text = String.format(Locale.ROOT, "%.1f ns vs %.1f ns: %s (%.1f ns %s a call)", java, cNs, times(java / cNs),
                Math.abs(java - cNs) / 2, java >= cNs ? "more" : "less");
        return text + r.figure(metric, Bench.C_TWO_THREADS).map(t -> String.format(Locale.ROOT,
                "; C with a second thread asleep beside it %.1f ns (Java ÷ that %.2f)", t.value(), java / t.value())).orElse("")
                + r.figure(metric, Bench.C_OWN_FILES).map(t -> String.format(Locale.ROOT,
                "; the same with the loop's own descriptor table %.1f ns", t.value())).orElse("");
    }

    private Table figureTable() {
        Table t = new Table("measure", "impl", "value", "how");
        for (Figure f : r.figures()) {
            String v = switch (f.metric()) {
                case "sem_pair", "fifo_pair" -> String.format(Locale.ROOT, "%.1f ns", f.value());
                case "idle_cpu" -> String.format(Locale.ROOT, "%.2f %% of a core", f.value());
                case "script" -> String.format(Locale.ROOT, "%,.0f commands/s", f.value());
                case "startup" -> String.format(Locale.ROOT, "%.0f ms", f.value());
                default -> String.format(Locale.ROOT, "%.3f %s", f.value(), f.unit());
            };
            t.row(f.metric(), f.impl(), v, f.detail());
        }
        for (String metric : List.of("sem_pair", "fifo_pair")) {
            Optional<Figure> jp = r.figure(metric, "java");
            Optional<Figure> cp = r.figure(metric, "c");
            if (jp.isPresent() && cp.isPresent()) {
                t.row(metric, "java÷c", ratio(jp.get().value() / cp.get().value()), "Java's time per pair over C's");
            }
        }
        return t;
    }

    private Table ratioTable() {
        Table t = new Table("measure", "this run");
        for (Ratio x : ratios()) {
            t.row(x.measure.replace("`", ""), x.reached);
        }
        return t;
    }

    // ---- Markdown: BENCHMARKS.md ----

    /** The whole of BENCHMARKS.md, for {@code command} (how it was run). */
    public String markdown(String command) {
        Machine m = r.machine();
        StringBuilder s = new StringBuilder();
        s.append("# Benchmarks\n\n");
        s.append("Generated by `").append(command).append("` from one run; do not edit the figures by hand, run it again.\n\n");
        s.append("## Machine\n\n");
        s.append("| | |\n|---|---|\n");
        s.append("| CPU | ").append(m.cpuModel()).append(", ").append(m.cpus()).append(" CPUs |\n");
        s.append("| OS | ").append(m.kernel()).append(" |\n");
        s.append("| JDK | ").append(m.jdk()).append(" |\n");
        s.append("| C compiler | ").append(m.gcc()).append(", `").append(String.join(" ", CBench.CFLAGS)).append("` |\n");
        s.append("| pinning | ").append(r.cpuA() >= 0 ? "parent on CPU " + r.cpuA() + ", child on CPU " + r.cpuB() + " (sched_setaffinity)" : "none").append(" |\n");
        s.append(String.format(Locale.ROOT, "| load average (1 min) | %.2f before, %.2f after |%n", r.loadBefore(), r.loadAfter()));
        if (r.stolen() >= 0) {
            s.append("| steal | ").append(stealText()).append(" during the run |\n");
        }
        s.append(String.format(Locale.ROOT, "| run time | %.0f s |%n%n", r.elapsedNanos() / 1e9));
        List<String> summary = summary();
        if (!summary.isEmpty()) {
            s.append("## In this run\n\n");
            summary.forEach(line -> s.append("- ").append(line).append('\n'));
            s.append('\n');
        }
        s.append("## Key ratios\n\n| measure | this run |\n|---|---|\n");
        for (Ratio x : ratios()) {
            s.append("| ").append(x.measure).append(" | ").append(x.reached).append(" |\n");
        }
        s.append('\n');
        if (targets != null) {
            s.append("## Targets\n\nThis run held against the targets it was given (`--targets`). A measure of several rows"
                    + " (mechanisms, sizes, languages) is met when every row is; a missed one lists the rows that missed, each"
                    + " with its figure (a throughput row with its interval, as in the table below).\n\n");
            s.append(targetTable(false).markdown()).append('\n');
        }
        if (!r.notes().isEmpty()) {
            for (String n : r.notes()) {
                s.append("- Note: ").append(n).append('\n');
            }
            s.append('\n');
        }
        if (!r.rtts().isEmpty()) {
            s.append("## Round trips\n\n").append(rttTitle()).append(".\n\n");
            s.append(rttTable().markdown()).append('\n');
            s.append("```text\n").append(rttChart()).append("```\n\n");
        }
        if (!r.throughputs().isEmpty()) {
            s.append("## One-way throughput\n\nMB = 10^6 bytes. rate÷pipe and java÷c compare messages per second; above 1 is faster. "
                    + pairedNote() + ", not the ratio of the two medians shown.\n\n");
            s.append(tputTable().markdown()).append('\n');
            for (int size : sizes()) {
                s.append("```text\n").append("MB/s, ").append(Bench.sizeLabel(size)).append(" messages, log scale\n")
                        .append(tputChart(size)).append("```\n\n");
            }
        }
        if (!r.figures().isEmpty()) {
            s.append("## Beside the tables\n\n").append(figureTable().markdown()).append('\n');
        }
        s.append(Explanation.markdown());
        return s.toString();
    }

    // ---- formatting ----

    static String micros(long ns) {
        double us = ns / 1000.0;
        return us < 10 ? String.format(Locale.ROOT, "%.2f µs", us)
                : us < 1000 ? String.format(Locale.ROOT, "%.1f µs", us) : String.format(Locale.ROOT, "%,.0f µs", us);
    }

    static String megabytes(double mb) {
        return mb >= 100 ? String.format(Locale.ROOT, "%,.0f", mb)
                : mb >= 10 ? String.format(Locale.ROOT, "%.1f", mb) : String.format(Locale.ROOT, "%.2f", mb);
    }

    static String times(double x) {
        return x >= 10 ? String.format(Locale.ROOT, "%,.0f×", x) : String.format(Locale.ROOT, "%.2f×", x);
    }

    static String ratio(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }

    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1f k", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
