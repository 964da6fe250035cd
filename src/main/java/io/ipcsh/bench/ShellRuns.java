package io.ipcsh.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Times the shell from outside, as a user meets it: {@code ipcsh FILE} and
 * {@code ipcsh -c 'key private'} in fresh processes. bench does not link against the
 * shell (layers point down); it starts the shell's main class by name, with this JVM's
 * java and class path, or through {@code bin/ipcsh} when it sits beside the jar.
 */
final class ShellRuns {
    static final String MAIN = "io.ipcsh.shell.Main";

    private final String java;
    private final String classPath;
    private final Path launcher;

    private ShellRuns(String java, String classPath, Path launcher) {
        this.java = java;
        this.classPath = classPath;
        this.launcher = launcher;
    }

    /** The shell, or null when its main class is not on the class path. */
    static ShellRuns find() {
        if (ShellRuns.class.getResource("/" + MAIN.replace('.', '/') + ".class") == null) {
            return null;
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("java.class.path");
        return new ShellRuns(java, cp, findLauncher(cp));
    }

    /**
     * bin/ipcsh of the checkout whose target/ipcsh.jar is on the class path, if there is
     * one and the jar is up to date: otherwise bin/ipcsh would rebuild the jar under this
     * running JVM, and the build would be timed.
     */
    static Path findLauncher(String cp) {
        for (String entry : cp.split(File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath();
            Path target = jar.getParent();
            // With its AOT cache, bin/ipcsh runs the copy in target/aot (see shell.AotJars).
            if (target != null && target.endsWith(Path.of("target", "aot"))) {
                target = target.getParent();
                jar = target.resolve("ipcsh.jar");
            }
            if (jar.endsWith("ipcsh.jar") && target != null && target.getParent() != null) {
                Path home = target.getParent();
                Path bin = home.resolve("bin").resolve("ipcsh");
                if (Files.isExecutable(bin) && !newerThan(jar, home.resolve("src").resolve("main"), home.resolve("pom.xml"))) {
                    return bin;
                }
            }
        }
        return null;
    }

    /** True if a file under {@code paths} is newer than {@code jar}, as bin/ipcsh's check. */
    private static boolean newerThan(Path jar, Path... paths) {
        try {
            long built = Files.getLastModifiedTime(jar).toMillis();
            for (Path p : paths) {
                if (!Files.exists(p)) {
                    continue;
                }
                try (var files = Files.walk(p)) {
                    if (files.anyMatch(f -> {
                        try {
                            return Files.getLastModifiedTime(f).toMillis() > built;
                        } catch (IOException e) {
                            return false;
                        }
                    })) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private List<String> shell(String... args) {
        List<String> cmd = new ArrayList<>();
        if (launcher != null) {
            cmd.add(launcher.toString());
        } else {
            cmd.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", classPath, MAIN));
        }
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    String oneShotCommand() {
        return launcher != null ? "bin/ipcsh -c 'key private'" : "java -cp … " + MAIN + " -c 'key private'";
    }

    /**
     * Commands per second of a script, without the JVM's start, as issue 13 measures it:
     * a script file of {@code commands} small commands (plus the 3 that set up its
     * segment) against a one-shot {@code -c 'key private'}, both from a fresh process,
     * taking turns {@code runs} times; the median of each, and the commands over the
     * difference.
     */
    double commandsPerSecond(int commands, int runs) throws IOException {
        Path dir = Files.createTempDirectory("ipcsh-bench-script");
        try {
            Path file = script(dir.resolve("script.ipcsh"), commands);
            time(shell(file.toString()), 0); // warms the page cache and, if need be, builds
            long[] script = new long[runs];
            long[] oneShot = new long[runs];
            for (int i = 0; i < runs; i++) {
                // Each read prints a line: the shell must really have run every command.
                script[i] = time(shell(file.toString()), commands / 2);
                oneShot[i] = time(shell("-c", "key private"), 1);
            }
            long ts = Stats.percentile(script, 0.5);
            long to = Stats.percentile(oneShot, 0.5);
            if (ts <= to) {
                throw new IOException("the script ran no slower than a one-shot command; no figure");
            }
            return (commands + 3) * 1e9 / (ts - to);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    /**
     * A private segment, marked for removal at once so nothing is left behind, then
     * {@code commands} small commands: writes and reads of an i32.
     */
    private static Path script(Path file, int commands) throws IOException {
        StringBuilder s = new StringBuilder("key private\nattach --size 4096 --create\ndestroy\n");
        for (int i = 0; i < commands; i++) {
            s.append(i % 2 == 0 ? "write 0 i32 " + i + "\n" : "read 0 i32\n");
        }
        s.append("exit\n");
        return Files.writeString(file, s.toString());
    }

    /**
     * Medians of {@code runs} wall times of {@code ipcsh -c 'key private'} and of
     * {@code java -version} (same JDK), the two taking turns: {ipcsh ms, java ms}.
     */
    double[] oneShotAndJavaVersionMillis(int runs) throws IOException {
        List<String> oneShot = shell("-c", "key private");
        List<String> version = List.of(java, "-version");
        time(oneShot, 1); // warm-up, not counted
        time(version, 0);
        long[] a = new long[runs];
        long[] b = new long[runs];
        for (int i = 0; i < runs; i++) {
            a[i] = time(oneShot, 1);
            b[i] = time(version, 0);
        }
        return new double[] {Stats.percentile(a, 0.5) / 1e6, Stats.percentile(b, 0.5) / 1e6};
    }

    private static double medianMillis(List<String> cmd, int runs, int lines) throws IOException {
        time(cmd, lines); // warm-up, not counted
        long[] t = new long[runs];
        for (int i = 0; i < runs; i++) {
            t[i] = time(cmd, lines);
        }
        return Stats.percentile(t, 0.5) / 1e6;
    }

    /**
     * Wall time of one run; a failed run, or one that printed fewer than {@code lines}
     * lines, throws with its first error line.
     */
    private static long time(List<String> cmd, long lines) throws IOException {
        Path err = Files.createTempFile("ipcsh-bench", ".err");
        Path out = Files.createTempFile("ipcsh-bench", ".out");
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .start();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " took over 300 s");
            }
            long t = System.nanoTime() - t0;
            if (p.exitValue() != 0) {
                String first = Files.readString(err, StandardCharsets.UTF_8).lines().findFirst().orElse("");
                throw new IOException("`" + summary(cmd) + "` failed with status " + p.exitValue() + ": " + first);
            }
            long printed;
            try (var l = Files.lines(out)) {
                printed = l.count();
            }
            if (printed < lines) {
                throw new IOException("`" + summary(cmd) + "` printed " + printed + " lines, expected at least " + lines);
            }
            return t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("bench cancelled");
        } finally {
            Files.deleteIfExists(err);
            Files.deleteIfExists(out);
        }
    }

    private static String summary(List<String> cmd) {
        String last = cmd.get(cmd.size() - 1);
        return (cmd.contains(MAIN) || cmd.get(0).endsWith("ipcsh") ? "ipcsh " : cmd.get(0) + " ") + last;
    }
}
