package io.ipcsh.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process started by a test: stdout and stderr are captured line by line on
 * daemon threads, stdin is writable, and {@link #close()} always kills it (and its
 * descendants), so a failing test leaves no process behind.
 *
 * <pre>{@code
 * try (Proc p = Proc.start(List.of("sh", "-c", "echo ready; read x; echo got $x"))) {
 *     p.awaitLine("ready", Duration.ofSeconds(10));
 *     p.println("hello");
 *     Proc.Result r = p.waitFor(Duration.ofSeconds(10));
 *     assertEquals(0, r.exitCode(), r::describe);
 * }
 * }</pre>
 */
public final class Proc implements AutoCloseable {
    /** What a finished process left: its exit code and everything it printed. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        /** For assertion messages: the command, exit code and both streams. */
        public String describe() {
            return "command " + command + " exited with " + exitCode
                    + "\n--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        }
    }

    private final List<String> command;
    private final Process process;
    private final Writer stdin;
    private final List<String> out = new ArrayList<>();
    /** Indexes into {@link #out} of lines an awaitLine call already returned. */
    private final BitSet consumed = new BitSet();
    private final StringBuilder err = new StringBuilder();
    private final Thread outPump;
    private final Thread errPump;

    private Proc(List<String> command, Process process) {
        this.command = List.copyOf(command);
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.outPump = pump(process.getInputStream(), line -> {
            synchronized (out) {
                out.add(line);
                out.notifyAll();
            }
        });
        this.errPump = pump(process.getErrorStream(), line -> {
            synchronized (err) {
                err.append(line).append('\n');
            }
        });
        Children.register(process.pid());
    }

    /**
     * Starts {@code command} (no shell), in the current directory, with {@code HOME} and
     * {@code IPCSH_HISTORY} pointing into {@link TestHome}, never the user's home.
     */
    public static Proc start(List<String> command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command);
            TestHome.apply(pb.environment());
            return new Proc(command, pb.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Starts it, waits at most {@code timeout} for it to end, and returns what it printed. */
    public static Result run(Duration timeout, List<String> command) {
        try (Proc p = start(command)) {
            return p.waitFor(timeout);
        }
    }

    /** The child's pid. */
    public long pid() {
        return process.pid();
    }

    /** Writes {@code line} and a newline to its stdin, and flushes. */
    public Proc println(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + command + "; it printed:\n" + snapshot(), e);
        }
    }

    /** Closes its stdin (EOF for the child). */
    public Proc closeStdin() {
        try {
            stdin.close();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until stdout has a line equal to {@code expected}; fails with the output so far on timeout. */
    public String awaitLine(String expected, Duration timeout) {
        return awaitLine(expected::equals, timeout, "a line equal to '" + expected + "'");
    }

    /** Waits until stdout has a line starting with {@code prefix} and returns that line. */
    public String awaitLineStartingWith(String prefix, Duration timeout) {
        return awaitLine(l -> l.startsWith(prefix), timeout, "a line starting with '" + prefix + "'");
    }

    /**
     * Waits until some stdout line (from the start, read or not) matches; the matched
     * line is consumed so that the next call finds the next one.
     */
    public String awaitLine(Predicate<String> matches, Duration timeout, String description) {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (out) {
            while (true) {
                for (int i = consumed.nextClearBit(0); i < out.size(); i = consumed.nextClearBit(i + 1)) {
                    if (matches.test(out.get(i))) {
                        consumed.set(i);
                        return out.get(i);
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !outPump.isAlive())) {
                    throw new AssertionError("expected " + description + " from " + command
                            + (process.isAlive() ? " within " + timeout : " but it exited") + "\n" + snapshot());
                }
                try {
                    out.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 50_000_000L))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for " + description, e);
                }
            }
        }
    }

    /**
     * Waits until it has used {@code cpu} more CPU time (user and system) than it had at
     * this call. A program that spins, as the seed's consumer does, has then surely got
     * past whatever it was doing when the call began and is back in its loop; wall time
     * says nothing of the sort on a loaded machine, CPU time does.
     */
    public void awaitCpu(Duration cpu, Duration timeout) {
        Duration start = cpuTime();
        Await.until(() -> cpuTime().minus(start).compareTo(cpu) >= 0, timeout,
                () -> command + " to use " + cpu + " of CPU (it used " + cpuTime().minus(start) + ")");
    }

    private Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration()
                .orElseThrow(() -> new AssertionError("no CPU time for " + command + " (exited?)\n" + snapshot()));
    }

    /**
     * Waits at most {@code timeout} for the process to end. On timeout it is killed and
     * an AssertionError carrying its output is thrown.
     */
    public Result waitFor(Duration timeout) {
        try {
            closeStdinQuietly();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                String so = snapshot();
                close();
                throw new AssertionError(command + " did not finish within " + timeout + "; killed it\n" + so);
            }
            outPump.join(5_000);
            errPump.join(5_000);
            return new Result(command, process.exitValue(), stdout(), stderr());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new AssertionError("interrupted while waiting for " + command, e);
        }
    }

    /** Everything it printed on stdout so far, consumed lines included. */
    public String stdout() {
        synchronized (out) {
            StringBuilder s = new StringBuilder();
            for (String line : out) {
                s.append(line).append('\n');
            }
            return s.toString();
        }
    }

    /** Everything it printed on stderr so far. */
    public String stderr() {
        synchronized (err) {
            return err.toString();
        }
    }

    /** Kills it and its descendants, forcibly, if still running. Safe to call twice. */
    @Override
    public void close() {
        closeStdinQuietly();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String snapshot() {
        return "--- stdout ---\n" + stdout() + "--- stderr ---\n" + stderr();
    }

    private void closeStdinQuietly() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // Already gone: the child exited.
        }
    }

    private Thread pump(InputStream in, java.util.function.Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // The process was killed; what was read so far is kept.
            }
        }, "proc-pump-" + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }
}
