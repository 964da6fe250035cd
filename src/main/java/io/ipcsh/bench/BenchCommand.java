package io.ipcsh.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bench}: shared memory against pipes and sockets, Java against C, in one run.
 * Writes through picocli's writers, which the shell points at its terminal; usable on
 * its own through {@link BenchMain}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measures round trips and one-way throughput between two processes pinned to two CPUs:",
                "shm-spin, shm-sem, shm-adaptive, pipe, unix and tcp, in Java and in C (gcc, compiled on first use)."},
        footer = {"", "Examples:", "  bench --quick", "  bench --json > bench.jsonl",
                "  bench --markdown > BENCHMARKS.md", "  bench --mechanisms shm-spin,pipe --sizes 64 --rounds 20000"})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "Shorter runs (10,000 round trips each): done within about 30 s.")
    boolean quick;

    @Option(names = "--json", description = "One JSON object per line instead of tables.")
    boolean json;

    @Option(names = "--markdown", description = "BENCHMARKS.md: machine, targets, tables, charts and what they mean.")
    boolean markdown;

    @Option(names = "--mechanisms", split = ",", paramLabel = "NAME",
            description = "Which to run (default: all): shm-spin, shm-sem, shm-adaptive, pipe, unix, tcp.")
    List<String> mechanisms;

    @Option(names = "--sizes", split = ",", paramLabel = "SIZE",
            description = "Throughput message sizes (default 8,64,4k,1m); k and m suffixes; 0 for none.")
    List<String> sizes;

    @Option(names = "--rounds", paramLabel = "N",
            description = "Round trips per measurement (default 100000; 10000 with --quick).")
    int rounds;

    @Option(names = "--no-figures", negatable = false,
            description = "Skip the figures beside the tables (sem pair, idle waiter, script, start-up).")
    boolean noFigures;

    @Option(names = "--cache", paramLabel = "DIR", description = "Where the compiled C goes (default ~/.cache/ipcsh/bench).")
    Path cache;

    @Option(names = "--command-line", hidden = true, description = "How the run was started, for --markdown.")
    String commandLine;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Bench.Options options;
        try {
            options = new Bench.Options(quick, mechanisms(), sizes(), rounds, !noFigures,
                    cache != null ? cache : CBench.defaultCache());
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            err.flush();
            return 2;
        }
        Progress progress = new Progress(err, System.console() != null);
        BenchResult result;
        try {
            result = Bench.run(options, progress);
        } catch (IOException | RuntimeException e) {
            progress.clear();
            err.println("bench: " + e.getMessage());
            err.flush();
            return 1;
        }
        progress.clear();
        Report report = new Report(result);
        if (json) {
            report.jsonLines().forEach(out::println);
        } else if (markdown) {
            out.print(report.markdown(commandLine != null ? commandLine : "ipcsh " + String.join(" ", originalArgs())));
        } else {
            out.print(report.text());
        }
        out.flush();
        return 0;
    }

    private List<String> originalArgs() {
        List<String> args = new ArrayList<>(List.of("bench"));
        args.addAll(spec.commandLine().getParseResult().originalArgs());
        return args;
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
            if (v != 0) {
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("message size out of range: size=" + s);
                }
                list.add((int) v);
            }
        }
        return list;
    }

    static long parseSize(String s) {
        String t = s.toLowerCase(java.util.Locale.ROOT);
        long mult = 1;
        if (t.endsWith("k")) {
            mult = 1024;
        } else if (t.endsWith("m")) {
            mult = 1 << 20;
        }
        try {
            return Long.parseLong(mult == 1 ? t : t.substring(0, t.length() - 1)) * mult;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a size: " + s + " (such as 64, 4k or 1m)");
        }
    }

    /** One line on stderr, rewritten in place on a terminal. */
    private static final class Progress implements java.util.function.Consumer<String> {
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

    /** For a shell that registers it: the command line with its own writers. */
    public static CommandLine commandLine() {
        return new CommandLine(new BenchCommand());
    }
}
