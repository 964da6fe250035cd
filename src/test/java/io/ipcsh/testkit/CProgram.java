package io.ipcsh.testkit;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Compiles a C peer from {@code src/test/c} with gcc, once per test JVM, into a temporary
 * directory removed at exit. Skips the test (an assumption) when gcc is missing; fails it
 * with gcc's messages when the source doesn't compile.
 *
 * <pre>{@code
 * Path peer = CProgram.compile("shm_peer.c");
 * try (Proc p = Proc.start(List.of(peer.toString(), file.toString(), "65"))) { ... }
 * }</pre>
 */
public final class CProgram {
    /** Where the C sources are; surefire runs with the project directory as basedir. */
    public static final Path SOURCES = Path.of(System.getProperty("basedir", System.getProperty("user.dir")),
            "src", "test", "c");

    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();
    private static volatile Path dir;

    private CProgram() {
    }

    /** The executable built from {@code src/test/c/NAME} ({@code -O2 -Wall -Werror -pthread}). */
    public static Path compile(String sourceName) {
        Assumptions.assumeTrue(AsUser.which("gcc").isPresent(), "gcc is not installed: C interop test skipped");
        return BUILT.computeIfAbsent(sourceName, CProgram::build);
    }

    /**
     * Builds C source a test generated ({@code gcc -std=gnu11 -pthread FLAGS}) into the same
     * temporary directory; skips the test without gcc, fails it with gcc's messages.
     */
    public static Path compileText(String name, String source, String... flags) {
        Assumptions.assumeTrue(AsUser.which("gcc").isPresent(), "gcc is not installed: C interop test skipped");
        try {
            Path src = Files.writeString(buildDir().resolve(name + ".c"), source);
            Path exe = buildDir().resolve(name);
            List<String> cmd = new java.util.ArrayList<>(List.of(AsUser.which("gcc").orElseThrow(), "-std=gnu11", "-pthread"));
            cmd.addAll(List.of(flags));
            cmd.addAll(List.of("-o", exe.toString(), src.toString()));
            Proc.Result r = Proc.run(Duration.ofSeconds(180), cmd);
            if (r.exitCode() != 0) {
                throw new AssertionError("gcc failed on " + src + "\n" + r.describe());
            }
            return exe;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path build(String sourceName) {
        Path source = SOURCES.resolve(sourceName);
        if (!Files.isRegularFile(source)) {
            throw new AssertionError("no C source " + source);
        }
        Path exe = buildDir().resolve(sourceName.replaceFirst("\\.c$", ""));
        Proc.Result r = Proc.run(Duration.ofSeconds(120), List.of(AsUser.which("gcc").orElseThrow(),
                "-std=gnu11", "-O2", "-Wall", "-Wextra", "-Werror", "-pthread",
                "-o", exe.toString(), source.toString()));
        if (r.exitCode() != 0) {
            throw new AssertionError("gcc failed on " + source + "\n" + r.describe());
        }
        return exe;
    }

    private static synchronized Path buildDir() {
        if (dir == null) {
            try {
                // World-searchable, so that a peer run as nobody can execute what is built here.
                Path d = Files.createTempDirectory("ipcsh-c-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(d)));
                dir = d;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    private static void deleteTree(Path d) {
        try (Stream<Path> files = Files.walk(d)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort at exit: it is a temp directory.
        }
    }
}
