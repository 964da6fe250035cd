package io.ipcsh.demo;

import io.ipcsh.cli.Numbers;
import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The seed's scenario end to end: a producer and a consumer, each a JVM of its own
 * ({@link RoleProcess}), on a fresh IPC_PRIVATE segment, first unsynchronized (the seed's polled
 * int) and then synchronized (the empty/full hand-off), with a report of each run.
 *
 * <pre>{@code
 * var rows = Demo.run(1000, Duration.ofMillis(1), System.out::println);   // what ipcsh demo runs
 * System.out.print(Demo.table(rows));
 * }</pre>
 *
 * <p>It removes what it makes, even when interrupted: the segment is destroyed
 * (IPC_RMID) as soon as both peers have attached, so the kernel frees it when they exit
 * whatever happens; the peers are killed if the run is cut short, by an interrupt or a
 * shutdown hook (Ctrl-C); and a peer whose parent vanished exits on its own.
 */
public final class Demo {
    /** How long a peer JVM may take to start and attach before the run is abandoned. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long an unsynchronized consumer may look beyond the producer's own run time. */
    private static final Duration UNSYNCHRONIZED_MARGIN = Duration.ofSeconds(20);

    /**
     * One run: both sides' reports.
     *
     * @param shmid the segment the run used (removed by now)
     */
    public record Row(Channel.Mode mode, int shmid, ChannelReport producer, ChannelReport consumer) {
        /** The longer of the two sides' times. */
        public Duration time() {
            return producer.elapsed().compareTo(consumer.elapsed()) > 0 ? producer.elapsed() : consumer.elapsed();
        }

        /** Values received per second of {@link #time()}. */
        public double throughput() {
            long nanos = time().toNanos();
            return nanos == 0 ? 0 : consumer.received() * 1e9 / nanos;
        }
    }

    private Demo() {
    }

    /**
     * Runs the unsynchronized then the synchronized mode, each with two fresh processes and
     * a fresh segment, sending progress lines to {@code out}.
     */
    public static List<Row> run(int count, Duration interval, Consumer<String> out) {
        if (count < 1) {
            throw new IpcException.InvalidArgumentException("count must be at least 1: count=" + count);
        }
        if (interval.isNegative()) {
            throw new IpcException.InvalidArgumentException("interval must not be negative: interval=" + interval);
        }
        out.accept("demo: " + count + " values, one every " + Numbers.format(interval)
                + ", producer and consumer in two processes on a fresh segment");
        List<Row> rows = new ArrayList<>();
        for (Channel.Mode mode : List.of(Channel.Mode.UNSYNCHRONIZED, Channel.Mode.SYNCHRONIZED)) {
            rows.add(runOnce(mode, count, interval, out));
        }
        return rows;
    }

    /** The report as a small table. */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-15s %6s %9s %7s %11s %9s %12s%n",
                "mode", "sent", "received", "missed", "duplicated", "time", "throughput"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-15s %6d %9d %7d %11d %9s %10.0f/s%n", r.mode().label(),
                    r.producer().sent(), r.consumer().received(), r.consumer().missed(), r.consumer().duplicated(),
                    ChannelReport.seconds(r.time()), r.throughput()));
        }
        return b.toString();
    }

    private static Row runOnce(Channel.Mode mode, int count, Duration interval, Consumer<String> out) {
        Run run = new Run();
        Thread hook = new Thread(() -> {
            run.cancelled = true;
            run.cleanUp();
        }, "ipcsh-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Segment segment = Segment.createNew(IpcKey.PRIVATE, ChannelDescriptor.LENGTH, 0600);
            int shmid = segment.shmid();
            run.made.segment(shmid);
            try {
                if (mode == Channel.Mode.SYNCHRONIZED) {
                    // Made ready before either peer starts: no race over who initialises.
                    Channel.of(segment).init();
                }
            } finally {
                segment.detach();
            }
            out.accept(mode.label() + ": shmid=" + shmid + ", starting consumer and producer");
            List<String> options = new ArrayList<>(List.of("--id", Integer.toString(shmid),
                    "--count", Integer.toString(count), "--interval", Numbers.format(interval), "--go"));
            if (mode == Channel.Mode.UNSYNCHRONIZED) {
                options.add("--unsynchronized");
            }
            List<String> consumerOptions = new ArrayList<>(options);
            if (mode == Channel.Mode.UNSYNCHRONIZED) {
                // A polling consumer stops only when it sees N-1; if it never does (it looked
                // too late, or was off the CPU for the whole run) it would spin for ever. Give
                // it the producer's run time and a generous margin, then it reports what it saw.
                consumerOptions.addAll(List.of("--timeout",
                        Numbers.format(interval.multipliedBy(count).plus(UNSYNCHRONIZED_MARGIN))));
            }
            Child consumer = run.start("consume", consumerOptions);
            Child producer = run.start("produce", options);
            consumer.await(consumer.attached, "attach");
            producer.await(producer.attached, "attach");
            // Both are attached: mark it for removal now, so the kernel frees it when they
            // detach, even if everyone is killed from here on.
            run.made.destroySegment();
            // The consumer first, so that it is looking when the first value arrives.
            consumer.go();
            consumer.await(consumer.started, "start");
            producer.go();
            ChannelReport consumed = consumer.awaitReport();
            ChannelReport produced = producer.awaitReport();
            out.accept(mode.label() + ": consumer pid " + consumer.process.pid() + " printed " + consumer.summary());
            return new Row(mode, shmid, produced, consumed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IpcException.InterruptedIpcException("demo cancelled");
        } catch (IpcException e) {
            if (run.cancelled) {
                // The shutdown hook killed the peers (Ctrl-C, SIGTERM): that is why they "failed".
                throw new IpcException.InterruptedIpcException("demo cancelled");
            }
            throw e;
        } finally {
            run.cleanUp();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // Shutting down already: the hook is running or has run.
            }
        }
    }

    /** What one run made, so that it can be removed from a finally or a shutdown hook. */
    private static final class Run {
        final Made made = new Made();
        volatile boolean cancelled;

        Child start(String role, List<String> options) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // No hsperfdata file: a peer killed by the cleanup leaves nothing in /tmp.
                    "--enable-native-access=ALL-UNNAMED", "-XX:-UsePerfData", "-cp", System.getProperty("java.class.path"),
                    RoleProcess.class.getName(), role));
            command.addAll(options);
            try {
                Child child = new Child(role, new ProcessBuilder(command).start());
                made.process(child.process);
                return child;
            } catch (IOException e) {
                throw new IpcException("cannot start the " + role + " process: " + e.getMessage());
            }
        }

        void cleanUp() {
            made.cleanUp();
        }
    }

    /** A peer process and what it printed. */
    private static final class Child {
        final String role;
        final Process process;
        final CompletableFuture<Void> attached = new CompletableFuture<>();
        final CompletableFuture<Void> started = new CompletableFuture<>();
        final CompletableFuture<ChannelReport> report = new CompletableFuture<>();
        final StringBuilder errors = new StringBuilder();
        final List<String> received = new ArrayList<>();
        long receivedLines;

        Child(String role, Process process) {
            this.role = role;
            this.process = process;
            Thread.ofPlatform().daemon().name("demo-" + role + "-out").start(this::readOutput);
            Thread.ofPlatform().daemon().name("demo-" + role + "-err").start(this::readErrors);
        }

        private void readOutput() {
            try (BufferedReader r = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("attached ")) {
                        attached.complete(null);
                    } else if (line.equals("started")) {
                        started.complete(null);
                    } else if (line.startsWith("report ")) {
                        report.complete(ChannelReport.parse(line));
                    } else if (line.startsWith("Received: ")) {
                        synchronized (this) {
                            receivedLines++;
                            if (received.size() < 3) {
                                received.add(line);
                            } else if (received.size() == 3) {
                                received.add(line);
                            } else {
                                received.set(3, line);
                            }
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // The process went away; the waits below report it.
            }
            attached.completeExceptionally(new IllegalStateException("exited"));
            started.completeExceptionally(new IllegalStateException("exited"));
            report.completeExceptionally(new IllegalStateException("exited"));
        }

        private void readErrors() {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (errors) {
                        errors.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // Gone.
            }
        }

        void await(CompletableFuture<Void> event, String what) throws InterruptedException {
            try {
                event.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IpcException("the " + role + " process did not " + what + " within "
                        + START_TIMEOUT.toSeconds() + " s");
            } catch (java.util.concurrent.ExecutionException e) {
                throw failed();
            }
        }

        void go() {
            try {
                OutputStream in = process.getOutputStream();
                in.write("go\n".getBytes(StandardCharsets.US_ASCII));
                in.flush();
            } catch (IOException e) {
                throw failed();
            }
        }

        ChannelReport awaitReport() throws InterruptedException {
            try {
                ChannelReport r = report.get();
                process.waitFor();
                return r;
            } catch (java.util.concurrent.ExecutionException e) {
                throw failed();
            }
        }

        synchronized String summary() {
            if (received.isEmpty()) {
                return "nothing";
            }
            List<String> shown = new ArrayList<>(received.subList(0, Math.min(3, received.size())));
            if (receivedLines > 3) {
                shown.add((receivedLines > 4 ? "... " : "") + received.get(3));
            }
            return String.join(", ", shown) + " (" + receivedLines + " lines)";
        }

        private IpcException failed() {
            String err;
            synchronized (errors) {
                err = errors.toString().strip();
            }
            return new IpcException("the " + role + " process failed" + (err.isEmpty() ? "" : ": " + err.lines().findFirst().orElse("")));
        }
    }
}
