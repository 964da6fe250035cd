package io.ipcsh.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A second JVM for cross-process tests: the same {@code java} binary that runs the tests,
 * the test class path, {@code --enable-native-access=ALL-UNNAMED}, {@link TestHome} as its
 * home, and a main class of the caller's choosing.
 *
 * <pre>{@code
 * try (Proc peer = Jvm.start(MyPeer.class, key.hex())) {
 *     peer.awaitLine("attached", Duration.ofSeconds(30));
 *     ...
 * }
 * Proc.Result r = Jvm.run(Duration.ofSeconds(30), MyPeer.class, "arg");
 * }</pre>
 */
public final class Jvm {
    private Jvm() {
    }

    /** The {@code java} executable running this JVM. */
    public static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The command line: java, flags, class path, {@code main}, {@code args}. */
    public static List<String> command(Class<?> main, String... args) {
        return command(System.getProperty("java.class.path"), main, args);
    }

    /**
     * The command line for a JVM that another user runs (see {@link AsUser}): only the
     * class path entries everyone can read (target/classes, target/test-classes; not the
     * jars under root's ~/.m2), so the peer's main must need nothing else.
     */
    public static List<String> commandForOtherUser(Class<?> main, String... args) {
        String cp = Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> worldReadable(Path.of(e)))
                .collect(Collectors.joining(java.io.File.pathSeparator));
        return command(cp, main, args);
    }

    private static List<String> command(String classPath, Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaExecutable(),
                "--enable-native-access=ALL-UNNAMED",
                // No hsperfdata file in /tmp, quicker start, small heap: peers are tiny.
                "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-Xmx64m"));
        // Its home (history, prefs) is the tests' own: user.home comes from passwd, not $HOME.
        cmd.addAll(TestHome.javaFlags());
        cmd.addAll(List.of("-cp", classPath, main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts the JVM; close the returned {@link Proc} (try-with-resources) to be sure it dies. */
    public static Proc start(Class<?> main, String... args) {
        return Proc.start(command(main, args));
    }

    /** Runs the JVM to completion, at most {@code timeout}, and returns exit code and output. */
    public static Proc.Result run(Duration timeout, Class<?> main, String... args) {
        return Proc.run(timeout, command(main, args));
    }

    /** True if every directory above {@code p} is searchable and {@code p} readable by others. */
    static boolean worldReadable(Path p) {
        try {
            Path abs = p.toAbsolutePath().normalize();
            if (!Files.exists(abs)) {
                return false;
            }
            Set<PosixFilePermission> own = Files.getPosixFilePermissions(abs);
            if (!own.contains(PosixFilePermission.OTHERS_READ)) {
                return false;
            }
            for (Path dir = Files.isDirectory(abs) ? abs : abs.getParent(); dir != null; dir = dir.getParent()) {
                if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
