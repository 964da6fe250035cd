package io.ipcsh.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A home directory for everything the tests start, so that nothing lands in the user's
 * real one: no {@code ~/.ipcsh_history} from a REPL under test, no {@code ~/.java} from
 * jshell's {@code java.util.prefs}, no {@code ~/.cache}.
 *
 * <p>Under Maven it is {@code target/test-home} (surefire sets {@code ipcsh.test.home},
 * and also {@code HOME}, {@code IPCSH_HISTORY} and {@code user.home} for the test JVM, so
 * a child started any other way inherits it too). Elsewhere (an IDE) it is a temporary
 * directory removed when the JVM exits.
 *
 * <p>A JVM takes {@code user.home} from the password database, not from {@code $HOME}:
 * {@link Jvm} therefore passes {@link #javaFlags()} to every JVM it starts.
 */
public final class TestHome {
    private static final Path DIR = create();

    private TestHome() {
    }

    /** The directory; it exists, with {@code .java/.userPrefs} already made. */
    public static Path dir() {
        return DIR;
    }

    /** The REPL's history file for tests (IPCSH_HISTORY). */
    public static Path history() {
        return DIR.resolve(".ipcsh_history");
    }

    /**
     * JVM flags: {@code user.home} and the java.util.prefs root point here. The prefs
     * directory exists beforehand, or java.util.prefs would log "Created user preferences
     * directory." on stderr.
     */
    public static List<String> javaFlags() {
        return List.of("-Duser.home=" + DIR, "-Djava.util.prefs.userRoot=" + DIR);
    }

    /** Points {@code HOME} and {@code IPCSH_HISTORY} of a child's environment here. */
    public static void apply(Map<String, String> environment) {
        environment.put("HOME", DIR.toString());
        environment.put("IPCSH_HISTORY", history().toString());
    }

    private static Path create() {
        try {
            String configured = System.getProperty("ipcsh.test.home");
            Path dir;
            if (configured != null && !configured.isBlank()) {
                dir = Files.createDirectories(Path.of(configured).toAbsolutePath());
            } else {
                Path tmp = Files.createTempDirectory("ipcsh-test-home-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(tmp), "ipcsh-test-home-cleanup"));
                dir = tmp;
            }
            Files.createDirectories(dir.resolve(".java/.userPrefs"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the test home", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // a temp directory; the system cleans it eventually
        }
    }
}
