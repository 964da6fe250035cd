package io.ipcsh.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The C side: {@code ipcbench.c}, shipped in the jar, compiled with gcc on first use into
 * a cache directory named after the source's hash, then run once per measurement.
 */
final class CBench {
    /** Where the build puts the C sources in the jar (see pom.xml). */
    static final String SOURCE = "/io/ipcsh/c/bench/ipcbench.c";
    static final List<String> CFLAGS = List.of("-O2", "-pthread");

    private final Path binary;

    private CBench(Path binary) {
        this.binary = binary;
    }

    /** The compiled ipcbench in {@code cacheRoot}, compiling it if this source has not been yet. */
    static CBench compile(Path cacheRoot) throws IOException {
        byte[] source = source();
        // Named after the source and the flags, so an edited source is compiled afresh.
        byte[] key = (String.join(" ", CFLAGS) + "\n" + new String(source, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        Path dir = cacheRoot.resolve(sha256(key).substring(0, 16));
        Path binary = dir.resolve("ipcbench");
        if (Files.isExecutable(binary)) {
            return new CBench(binary);
        }
        Files.createDirectories(dir);
        Path c = dir.resolve("ipcbench.c");
        Files.write(c, source);
        Path tmp = dir.resolve("ipcbench.tmp" + ProcessHandle.current().pid());
        List<String> cmd = new ArrayList<>(List.of("gcc"));
        cmd.addAll(CFLAGS);
        cmd.addAll(List.of(c.toString(), "-o", tmp.toString()));
        Run r = run(cmd, 120);
        if (r.status != 0) {
            throw new IOException("gcc failed on " + c + ": " + r.stderr.strip());
        }
        Files.move(tmp, binary, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new CBench(binary);
    }

    /** The default cache: $XDG_CACHE_HOME/ipcsh/bench or ~/.cache/ipcsh/bench. */
    static Path defaultCache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("ipcsh").resolve("bench");
    }

    static byte[] source() throws IOException {
        try (InputStream in = CBench.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                throw new IOException("the C source " + SOURCE + " is not on the class path (rebuild with mvn package)");
            }
            return in.readAllBytes();
        }
    }

    Path binary() {
        return binary;
    }

    /** Round trips: {median, p99, p99.9} in ns. */
    long[] rtt(Mechanism m, int rounds, int warmup, int cpuA, int cpuB) throws IOException {
        String[] w = runBench("rtt", m.label(), rounds, warmup, cpuA, cpuB);
        expectWord(w, "rtt", 5);
        return new long[] {Long.parseLong(w[1]), Long.parseLong(w[2]), Long.parseLong(w[3])};
    }

    /** Round trips: every sample, in ns, in the order measured. */
    long[] rttSamples(Mechanism m, int rounds, int warmup, int cpuA, int cpuB) throws IOException {
        String[] lines = runBenchOutput("rtt", m.label(), rounds, warmup, cpuA, cpuB, "samples").split("\n");
        if (lines.length != rounds + 1 || !lines[0].equals("samples " + rounds)) {
            throw new IOException("unexpected output from ipcbench: " + lines[0] + " (" + lines.length + " lines)");
        }
        long[] samples = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            samples[i] = Long.parseLong(lines[i + 1]);
        }
        return samples;
    }

    /** One-way throughput: nanoseconds for {@code count} messages of {@code size} bytes. */
    long tput(Mechanism m, int size, long count, int cpuA, int cpuB) throws IOException {
        String[] w = runBench("tput", m.label(), size, count, cpuA, cpuB);
        expectWord(w, "tput", 4);
        return Long.parseLong(w[1]);
    }

    /** Nanoseconds per {@code sem_post} + {@code sem_trywait} pair, in a plain C loop. */
    double semPair(long count) throws IOException {
        String[] w = runBench("sempair", count);
        expectWord(w, "sempair", 2);
        return Double.parseDouble(w[1]);
    }

    /**
     * Who shares the process with ipcbench's FIFO loop: its argument, the thread count, and
     * how many threads share the loop's descriptor table.
     */
    enum FifoThreads {
        /** The loop's thread alone. */
        ONE(null, 1, 1),
        /** A second thread asleep beside the loop, sharing its descriptor table as a JVM's threads do. */
        SECOND("thread", 2, 2),
        /** The second thread, and the loop's thread with a descriptor table of its own. */
        SECOND_OWN_FILES("ownfiles", 2, 1);

        private final String argument;
        private final int threads;
        private final int sharing;

        FifoThreads(String argument, int threads, int sharing) {
            this.argument = argument;
            this.threads = threads;
            this.sharing = sharing;
        }
    }

    /**
     * Nanoseconds per 8-byte {@code write} + {@code read} on one FIFO in a C loop, with
     * {@code threads} in the process. ipcbench says how many threads it had and how many of
     * them saw the loop's descriptors, so the figure can't claim a setup it didn't run.
     */
    double fifoPair(long count, FifoThreads threads) throws IOException {
        String[] w = threads.argument == null ? runBench("fifopair", count) : runBench("fifopair", count, threads.argument);
        expectWord(w, "fifopair", 4);
        if (Integer.parseInt(w[2]) != threads.threads || Integer.parseInt(w[3]) != threads.sharing) {
            throw new IOException("ipcbench fifopair ran with " + w[2] + " threads, " + w[3] + " of them sharing the loop's"
                    + " descriptors, not " + threads.threads + " and " + threads.sharing);
        }
        return Double.parseDouble(w[1]);
    }

    private String[] runBench(Object... args) throws IOException {
        return runBenchOutput(args).strip().split(" ");
    }

    private String runBenchOutput(Object... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString()));
        for (Object a : args) {
            cmd.add(String.valueOf(a));
        }
        Run r = run(cmd, 600);
        if (r.status != 0) {
            throw new IOException(String.join(" ", cmd.subList(1, cmd.size())) + " failed in C (status " + r.status + "): "
                    + r.stderr.strip());
        }
        return r.stdout.strip();
    }

    private static void expectWord(String[] w, String first, int length) throws IOException {
        if (w.length != length || !w[0].equals(first)) {
            throw new IOException("unexpected output from ipcbench: " + String.join(" ", w));
        }
    }

    private record Run(int status, String stdout, String stderr) {
    }

    private static Run run(List<String> cmd, int timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // ipcbench makes its FIFOs where the Java side's go (StreamLink's temp directory).
        pb.environment().put("TMPDIR", System.getProperty("java.io.tmpdir"));
        Process p = pb.start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " took longer than " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", cmd));
        }
        return new Run(p.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.complete("");
            }
        });
        return f;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
