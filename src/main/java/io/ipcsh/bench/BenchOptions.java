package io.ipcsh.bench;

import io.ipcsh.cli.ExitStatus;
import io.ipcsh.cli.Numbers;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The options of {@code bench} as a picocli mixin, and what running it does: the
 * standalone {@link BenchMain} and the shell's {@code bench} command share them.
 */
public final class BenchOptions {
    /** The command's one-line description, for both commands. */
    public static final String DESCRIPTION = "Shared memory against pipes and sockets, Java against C, in one run:"
            + " round trips and one-way throughput between two processes pinned to two CPUs.";
    /** The examples footer, for both commands. */
    public static final String FOOTER = "%nMechanisms: shm-spin, shm-sem, shm-adaptive, pipe, unix, tcp; C compiled with gcc"
            + " on first use into ~/.cache/ipcsh/bench.%nExamples:%n  bench --quick%n  bench --json > bench.jsonl%n"
            + "  bench --markdown > BENCHMARKS.md%n  bench --targets bench-targets.txt%n  bench --mechanisms shm-spin,pipe --sizes 64 --rounds 20000";

    @Option(names = "--quick", description = "Shorter runs (4,000 round trips each): done within about 2 minutes.")
    boolean quick;

    @Option(names = "--json", description = "One JSON object per line instead of tables.")
    boolean json;

    @Option(names = "--markdown", description = "BENCHMARKS.md: machine, key ratios, tables, charts and what they mean.")
    boolean markdown;

    @Option(names = "--mechanisms", split = ",", paramLabel = "NAME",
            description = "Which to run (default: all): shm-spin, shm-sem, shm-adaptive, pipe, unix, tcp.")
    List<String> mechanisms;

    @Option(names = "--sizes", split = ",", paramLabel = "SIZE",
            description = "Throughput message sizes (default 8,64,4k,1m); k and m suffixes; 0 for none.")
    List<String> sizes;

    @Option(names = "--rounds", paramLabel = "N",
            description = "Round trips per measurement (default 100000; 4000 with --quick).")
    int rounds;

    @Option(names = "--no-figures", description = "Skip the figures beside the tables (sem and FIFO pairs, idle waiter, script, start-up).")
    boolean noFigures;

    @Option(names = "--cache", paramLabel = "DIR", description = "Where the compiled C goes (default ~/.cache/ipcsh/bench).")
    Path cache;

    @Option(names = "--targets", paramLabel = "FILE",
            description = "Hold the run against the targets in FILE (such as bench-targets.txt), each met or missed"
                    + " with its figures; a line each: MEASURE OP VALUE [what], as in 'rtt.java/c <= 1.10'.")
    Path targets;

    @Option(names = "--command-line", hidden = true, description = "How the run was started, for --markdown.")
    String commandLine;

    /**
     * Runs the bench and prints the result.
     *
     * @param json    JSON lines even without {@code --json} (the shell's global flag)
     * @param invoked how it was started, such as {@code ipcsh bench}, for --markdown
     * @return 0, 1 when a measurement failed, 2 for a bad option value
     */
    public int run(PrintWriter out, PrintWriter err, boolean json, String invoked) {
        Bench.Options options;
        Targets goals;
        try {
            options = new Bench.Options(quick, mechanisms(), sizes(), rounds, !noFigures,
                    cache != null ? cache : CBench.defaultCache(), 0);
            // Read before the run, so that a mistake in it costs no minutes of measuring.
            goals = targets != null ? Targets.read(targets) : null;
        } catch (IllegalArgumentException e) {
            err.println("error: bench: " + e.getMessage());
            err.flush();
            return ExitStatus.USAGE;
        }
        Progress progress = new Progress(err, System.console() != null);
        BenchResult result;
        try {
            result = Bench.run(options, progress);
        } catch (IOException | RuntimeException e) {
            progress.clear();
            // Bench.run leaves the interrupt flag set when Ctrl-C ended it: a cancel, not a failure.
            boolean cancelled = Thread.interrupted();
            err.println(cancelled ? "cancelled: bench" : "error: bench: " + e.getMessage());
            err.flush();
            return cancelled ? 130 : 1;
        }
        progress.clear();
        Report report = new Report(result, goals);
        if (json || this.json) {
            report.jsonLines().forEach(out::println);
        } else if (markdown) {
            out.print(report.markdown(commandLine != null ? commandLine : invoked));
        } else {
            out.print(report.text());
        }
        out.flush();
        return ExitStatus.OK;
    }

    private List<Mechanism> mechanisms() {
        if (mechanisms == null || mechanisms.isEmpty()) {
            return List.of(Mechanism.values());
        }
        List<Mechanism> list = new ArrayList<>();
        for (String m : mechanisms) {
            list.add(Mechanism.of(m.strip()));
        }
        return list;
    }

    private List<Integer> sizes() {
        if (sizes == null || sizes.isEmpty()) {
            return Bench.SIZES;
        }
        List<Integer> list = new ArrayList<>();
        for (String s : sizes) {
            long v = parseSize(s.strip());
            if (v < 0 || v > BenchDescriptor.RING_BYTES) {
                throw new IllegalArgumentException("message size out of range: size=" + s
                        + " (use 1 to " + BenchDescriptor.RING_BYTES + ", or 0 for no throughput)");
            }
            if (v != 0) {
                list.add((int) v);
            }
        }
        return list;
    }

    static long parseSize(String s) {
        return Numbers.size(s);
    }

    /** One line on stderr, rewritten in place on a terminal, a line per step elsewhere. */
    private static final class Progress implements Consumer<String> {
        private final PrintWriter err;
        private final boolean terminal;
        private int last;

        Progress(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        @Override
        public synchronized void accept(String line) {
            String text = "bench " + line;
            if (terminal) {
                err.print("\r" + text + " ".repeat(Math.max(0, last - text.length())));
                last = text.length();
            } else {
                err.println(text);
            }
            err.flush();
        }

        synchronized void clear() {
            if (terminal && last > 0) {
                err.print("\r" + " ".repeat(last) + "\r");
                err.flush();
                last = 0;
            }
        }
    }
}
