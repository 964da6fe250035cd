package io.ipcsh.demo;

import io.ipcsh.cli.Numbers;
import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The seed's lesson on optimisation: its consumer.cpp, built with g++ at -O0 and at -O2,
 * watches one segment beside ipcsh's {@code watch} while this process writes new values.
 * The -O0 consumer prints them; the -O2 one prints the first and then nothing, for ever:
 * {@code *number} is a plain {@code int *}, neither volatile nor atomic, so the compiler
 * loads it once and the loop compares registers.
 *
 * <p>-O0 is not right either: it reads {@code *number} three times per change (to compare,
 * to print, to remember), so a value written while it prints is skipped, and one written
 * between its print and its {@code lastNumber = *number} is remembered without ever being
 * printed. Its write to stdout is where a loaded machine takes its CPU away, so that
 * window is wide. Only one fact is observable from outside: a consumer that has run on
 * the CPU for a while since memory last changed is back in its loop, looking (or, at -O2,
 * spinning) with {@code lastNumber} equal to memory. So before the first write both
 * consumers are given {@code SETTLE} (50 ms) of CPU time, and before the last write the -O0 one
 * is: what each prints then is the compiler's doing, not the scheduler's. The consumers
 * never stop by themselves:
 * they are killed after a bounded wait, and the segment, the binaries and the directory
 * are removed, even on Ctrl-C.
 *
 * <pre>{@code
 * SeedLesson.run(200, Duration.ofMillis(2), System.out::println)   // what ipcsh demo runs after its table
 * }</pre>
 */
public final class SeedLesson {
    /** How long a g++ build, or a consumer's start, may take. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** How long the -O0 consumer may take to catch up once the last value is written. */
    private static final Duration CATCH_UP = Duration.ofSeconds(30);
    /** How much longer the -O2 consumer is given after that: it will not print anything. */
    private static final Duration GRACE = Duration.ofSeconds(1);
    /**
     * CPU time (not wall time) a consumer must have used since memory last changed before
     * the lesson writes again: its loop is a few instructions, so this is thousands of
     * looks, and on a loaded machine it just takes longer to come.
     */
    private static final Duration SETTLE = Duration.ofMillis(50);

    /** What one watcher printed: how many lines, the first and the last value. */
    public record Seen(String who, long lines, Integer first, Integer last) {
        String describe() {
            if (lines == 0) {
                return "nothing";
            }
            return "Received: " + first + (lines > 1 ? " ... Received: " + last : "") + " (" + lines + (lines == 1 ? " line)" : " lines)");
        }
    }

    /** The lesson's outcome: values written 1..written into segment shmid (removed by now), and what each watcher saw. */
    public record Report(int shmid, int written, Seen o0, Seen o2, Seen watch) {
    }

    private SeedLesson() {
    }

    /**
     * Runs the lesson, sending its lines to {@code out}; empty (and one line saying why)
     * when g++ is not installed or cannot build the seed's consumer.
     */
    public static Optional<Report> run(int values, Duration interval, Consumer<String> out) {
        Optional<Path> gxx = onPath("g++");
        if (gxx.isEmpty()) {
            out.accept("lesson: skipped (g++ is not installed; it builds the seed's consumer at -O0 and -O2)");
            return Optional.empty();
        }
        Run run = new Run();
        Thread hook = new Thread(run::cleanUp, "ipcsh-lesson-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            run.dir = Files.createTempDirectory("ipcsh-seed-lesson-");
            Path source = Files.writeString(run.dir.resolve("consumer.cpp"), SeedSources.CONSUMER);
            out.accept("lesson: the seed's consumer.cpp built twice with g++ (-O0 and -O2), both watching one int beside ipcsh's watch");
            Path o0 = build(gxx.get(), source, "-O0", run);
            Path o2 = o0 == null ? null : build(gxx.get(), source, "-O2", run);
            if (o0 == null || o2 == null) {
                out.accept("lesson: skipped (g++ could not build the seed's consumer: " + run.buildError + ")");
                return Optional.empty();
            }
            Path shmfile = Files.createFile(run.dir.resolve("shmfile"));
            Segment seg = Segment.createNew(IpcKey.ftok(shmfile, 65), Integer.BYTES, 0600);
            int shmid = seg.shmid();
            run.made.segment(shmid);
            Poller watch = new Poller(seg);
            try {
                Watcher slow = run.start("consumer -O0", o0);
                Watcher fast = run.start("consumer -O2", o2);
                slow.awaitLines(1, START_TIMEOUT);
                fast.awaitLines(1, START_TIMEOUT);
                // Both printed 0 and are back in their loops before anything changes.
                slow.awaitCpu(SETTLE, START_TIMEOUT);
                fast.awaitCpu(SETTLE, START_TIMEOUT);
                // Both attached (they printed): mark the segment removed, freed once they are killed.
                run.made.destroySegment();
                watch.start();
                watch.awaitLooks(START_TIMEOUT);
                for (int i = 1; i <= values; i++) {
                    if (i == values) {
                        // -O0 may be between printing an older value and remembering
                        // *number: the last value written now would be remembered unprinted.
                        slow.awaitCpu(SETTLE, START_TIMEOUT);
                    }
                    seg.putInt(0, i); // a plain store, as the seed's producer makes
                    Thread.sleep(interval);
                }
                slow.awaitValue(values, CATCH_UP);
                watch.awaitValue(values, CATCH_UP);
                fast.awaitValue(values, GRACE);
                watch.stopAndJoin();
                Report r = new Report(shmid, values, slow.seen(), fast.seen(), watch.seen());
                out.accept("lesson: this process wrote 1.." + values + " into the int, one every " + Numbers.format(interval));
                out.accept("lesson: consumer -O0 printed " + r.o0().describe());
                out.accept("lesson: consumer -O2 printed " + r.o2().describe() + ", then nothing: killed after waiting "
                        + Numbers.format(GRACE) + " more");
                Seen w = r.watch();
                out.accept("lesson: ipcsh's watch (a load every 1ms, as watch 0 i32 --interval 1ms) saw " + w.first() + " ... " + w.last()
                        + " (" + w.lines() + " changes)");
                out.accept("lesson: why: *number is a plain int *, neither volatile nor atomic, and nothing in the loop can change it");
                out.accept("lesson:   as far as the compiler knows, so at -O2 g++ loads it once before the loop and compares two");
                out.accept("lesson:   registers for ever (the load is hoisted). -O0 happens to reload it. volatile int *, or");
                out.accept("lesson:   std::atomic<int> (C: _Atomic int) and load(), make every look read memory, as watch's does.");
                out.accept("lesson:   -O0 is racy too: it reads *number to compare, to print and to remember, so a value written");
                out.accept("lesson:   while it prints is skipped (it printed " + (r.o0().lines() - 1) + " of " + values
                        + "), or remembered unprinted if it comes between print and remember.");
                return Optional.of(r);
            } finally {
                watch.stopAndJoin();
                seg.detach();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException.InterruptedIpcException("demo cancelled");
        } catch (IOException e) {
            throw new IpcException("lesson: " + e.getMessage());
        } finally {
            run.cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Shutting down already: the hook is running or has run.
            }
        }
    }

    /** {@code g++ LEVEL consumer.cpp}: the executable, or null with g++'s first message in {@code run.buildError}. */
    private static Path build(Path gxx, Path source, String level, Run run) throws InterruptedException, IOException {
        Path exe = source.resolveSibling("consumer" + level);
        Path log = source.resolveSibling("g++" + level + ".log");
        Process p = new ProcessBuilder(gxx.toString(), level, "-o", exe.toString(), source.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                run.buildError = "g++ " + level + " did not finish within " + START_TIMEOUT.toSeconds() + " s";
                return null;
            }
            if (p.exitValue() != 0) {
                run.buildError = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).findFirst().orElse("status " + p.exitValue());
                return null;
            }
            return exe;
        } finally {
            p.destroyForcibly();
        }
    }

    private static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    }

    /** What the lesson made, removable from a finally or a shutdown hook. */
    private static final class Run {
        final Made made = new Made();
        volatile Path dir;
        String buildError = "";

        Watcher start(String who, Path exe) throws IOException {
            Process p = new ProcessBuilder(exe.toString()).directory(dir.toFile()).redirectErrorStream(true).start();
            Watcher w = new Watcher(who, p);
            made.process(p);
            return w;
        }

        void cleanUp() {
            made.cleanUp();
            Path d = dir;
            if (d != null) {
                try (Stream<Path> files = Files.walk(d)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                } catch (IOException | RuntimeException e) {
                    // A temp directory: best effort.
                }
            }
        }
    }

    /** A consumer process and the values it printed. */
    private static final class Watcher {
        final String who;
        final Process process;
        private long lines;
        private Integer first;
        private Integer last;

        Watcher(String who, Process process) {
            this.who = who;
            this.process = process;
            Thread.ofPlatform().daemon().name("lesson-" + who).start(this::read);
        }

        private void read() {
            try (BufferedReader r = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("Received: ")) {
                        try {
                            int v = Integer.parseInt(line.substring("Received: ".length()).strip());
                            synchronized (this) {
                                lines++;
                                first = first == null ? v : first;
                                last = v;
                                notifyAll();
                            }
                        } catch (NumberFormatException e) {
                            // Not the seed's line: ignore it.
                        }
                    }
                }
            } catch (IOException e) {
                // Killed.
            }
            synchronized (this) {
                notifyAll();
            }
        }

        synchronized void awaitLines(long n, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (lines < n) {
                if (!process.isAlive() && lines < n) {
                    throw new IpcException("lesson: the " + who + " exited (status " + process.exitValue() + ") before printing");
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new IpcException("lesson: the " + who + " printed nothing within " + timeout.toSeconds() + " s");
                }
                wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
            }
        }

        /**
         * Waits until the consumer has used {@code cpu} more CPU time than now: one that
         * has run that long since memory last changed has looked at it since, and is back
         * in its loop. Wall time does not say that on a loaded machine; CPU time does.
         */
        synchronized void awaitCpu(Duration cpu, Duration timeout) throws InterruptedException {
            Optional<Duration> start = process.info().totalCpuDuration();
            if (start.isEmpty()) {
                return; // No CPU times here (Linux has them): the lesson shows what it gets.
            }
            long end = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (!process.isAlive()) {
                    throw new IpcException("lesson: the " + who + " exited (status " + process.exitValue() + ")");
                }
                Optional<Duration> now = process.info().totalCpuDuration();
                if (now.isEmpty() || now.get().minus(start.get()).compareTo(cpu) >= 0) {
                    return;
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new IpcException("lesson: the " + who + " got no " + Numbers.format(cpu) + " of CPU within "
                            + timeout.toSeconds() + " s");
                }
                wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 10)));
            }
        }

        /** Waits up to {@code timeout} for {@code value}; not seeing it is the lesson, not an error. */
        synchronized void awaitValue(int value, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while ((last == null || last != value) && process.isAlive()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
            }
        }

        synchronized Seen seen() {
            return new Seen(who, lines, first, last);
        }
    }

    /** ipcsh's watch loop on the same int: a load through Memory, every millisecond. */
    private static final class Poller extends Thread {
        private final Segment seg;
        private volatile boolean stop;
        private long changes;
        private Integer first;
        private Integer last;

        Poller(Segment seg) {
            super("lesson-watch");
            setDaemon(true);
            this.seg = seg;
        }

        @Override
        public void run() {
            Integer seen = null;
            while (!stop) {
                int now;
                try {
                    now = seg.getInt(0);
                } catch (IpcException e) {
                    return; // detached: the lesson is over
                }
                if (seen == null || now != seen) {
                    synchronized (this) {
                        changes++;
                        first = first == null ? now : first;
                        last = now;
                        notifyAll();
                    }
                    seen = now;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Waits until it has looked once, so that it sees the value before the first write. */
        synchronized void awaitLooks(Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (first == null && isAlive() && System.nanoTime() < end) {
                wait(100);
            }
        }

        synchronized void awaitValue(int value, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while ((last == null || last != value) && isAlive()) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
            }
        }

        void stopAndJoin() throws InterruptedException {
            stop = true;
            if (isAlive()) {
                join();
            }
        }

        synchronized Seen seen() {
            return new Seen("watch", changes, first, last);
        }
    }
}
