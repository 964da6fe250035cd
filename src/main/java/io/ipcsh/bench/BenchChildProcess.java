package io.ipcsh.bench;

import io.ipcsh.ipc.Memory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on the {@link BenchChild} JVM: the java running this one, with the same
 * class path and native access. A reader thread takes its replies; when it reports an
 * error or dies, the current abort action runs, so that the parent's side stops waiting.
 */
final class BenchChildProcess implements AutoCloseable {
    private static final String EOF = "\u0000eof";

    private final Process process;
    private final PrintStream commands;
    private final LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();
    private volatile Runnable abort = () -> { };

    BenchChildProcess() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                // Agrona's UnsafeBuffer (the anchor row) needs it.
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), BenchChild.class.getName()));
        if (Memory.VECTOR_MOVES) {
            // Both sides of a Java row copy as the same library does: the peer as this JVM.
            cmd.addAll(1, List.of("--add-modules", "jdk.incubator.vector"));
        }
        process = new ProcessBuilder(cmd).start();
        commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("bench-peer-replies").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    replies.add(line);
                    if (line.startsWith("error")) {
                        abort.run();
                    }
                }
            } catch (IOException e) {
                // the peer is gone; EOF below says so
            }
            replies.add(EOF);
            abort.run();
        });
        Thread.ofPlatform().daemon().name("bench-peer-stderr").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // gone
            }
        });
    }

    /** The peer's pid, for its CPU time. */
    long pid() {
        return process.pid();
    }

    /** What to do if the peer fails while the parent waits on it. */
    void onAbort(Runnable action) {
        abort = action;
    }

    void send(String command) {
        commands.println(command);
    }

    /** Waits for {@code expected} ("ready", "done"); an error reply or a dead peer throws. */
    void expect(String expected, Duration timeout) throws IOException {
        String line = reply(timeout);
        if (!line.equals(expected)) {
            throw failed(line);
        }
    }

    /** Waits for the value of a {@code NAME VALUE} reply; anything else throws, as {@link #expect} does. */
    double expectValue(String name, Duration timeout) throws IOException {
        String line = reply(timeout);
        if (!line.startsWith(name + " ")) {
            throw failed(line);
        }
        try {
            return Double.parseDouble(line.substring(name.length() + 1));
        } catch (NumberFormatException e) {
            throw new IOException("the peer JVM said " + line + ", not a number");
        }
    }

    private static IOException failed(String reply) {
        return new IOException("the peer JVM failed: " + reply.replaceFirst("^error ", ""));
    }

    /** The next reply; a dead peer or none within {@code timeout} throws. */
    private String reply(Duration timeout) throws IOException {
        String line;
        try {
            line = replies.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the peer JVM");
        }
        if (line == null) {
            throw new IOException("the peer JVM did not answer within " + timeout.toSeconds() + " s");
        }
        if (line.equals(EOF)) {
            String err;
            synchronized (stderr) {
                err = stderr.toString().strip();
            }
            throw new IOException("the peer JVM exited" + (err.isEmpty() ? "" : ": " + err.lines().findFirst().orElse("")));
        }
        return line;
    }

    @Override
    public void close() {
        abort = () -> { };
        send("quit");
        commands.close();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
