package io.ipcsh.shell;

import io.ipcsh.testkit.Proc;
import io.ipcsh.testkit.TestHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bin/ipcsh itself: without a JDK 25 it says so and exits 2, before building anything;
 * started as {@code bash ipcsh} from elsewhere, it finds its own checkout. (Runs that
 * build the jar are left out: a nested Maven in this target/ would race the running
 * suite.)
 */
class BinIpcshTest {
    private static final Path SCRIPT = Path.of("bin/ipcsh").toAbsolutePath();

    private static Proc.Result run(Path jvmDir, String javaHome, String path, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("env", "-i", "PATH=" + path, "HOME=" + TestHome.dir(),
                "IPCSH_JVM_DIR=" + jvmDir, "IPCSH_AOT=0"));
        if (javaHome != null) {
            cmd.add("JAVA_HOME=" + javaHome);
        }
        cmd.add(SCRIPT.toString());
        cmd.addAll(List.of(args));
        return Proc.run(Duration.ofSeconds(120), cmd);
    }

    @Test
    void shouldSaySoAndExitTwoWithoutAJdk25(@TempDir Path empty) {
        // JAVA_HOME and PATH lead to no JDK 25 (a JDK 17 at most), and the JVM directory is empty.
        Proc.Result r = run(empty, empty.toString(), "/usr/bin:/bin", "-c", "key private");
        assertEquals(2, r.exitCode(), r.describe());
        assertEquals("ipcsh: no JDK 25 found (looked at JAVA_HOME, java on the PATH and " + empty
                + "); install JDK 25 or set JAVA_HOME to one\n", r.stderr());
        assertEquals("", r.stdout());
    }

    @Test
    void shouldFindItsCheckoutWhenBashFindsTheScriptOnThePath(@TempDir Path tmp) throws IOException {
        // A checkout of the script alone, its jar newer than its pom (nothing to build), and
        // a "JDK 25" whose java prints what it is given: what runs is the launcher only.
        Path checkout = tmp.resolve("checkout");
        Files.createDirectories(checkout.resolve("bin"));
        Files.createDirectories(checkout.resolve("target"));
        Files.copy(SCRIPT, checkout.resolve("bin/ipcsh"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.setLastModifiedTime(Files.writeString(checkout.resolve("pom.xml"), ""),
                FileTime.from(Instant.now().minusSeconds(60)));
        Path jar = Files.writeString(checkout.resolve("target/ipcsh.jar"), "");
        Path jdk = Files.createDirectories(tmp.resolve("jvm/fake-25/bin")).getParent();
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25.0.1\"\n");
        assertTrue(Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\necho \"$@\"\n").toFile().setExecutable(true));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));

        // bash looks in the current directory, then on the PATH: $0 is then "ipcsh" only.
        Proc.Result r = Proc.run(Duration.ofSeconds(60), List.of("env", "-i", "-C", elsewhere.toString(),
                "PATH=" + checkout.resolve("bin") + ":/usr/bin:/bin", "HOME=" + TestHome.dir(),
                "IPCSH_JVM_DIR=" + tmp.resolve("jvm"), "IPCSH_AOT=0", "bash", "ipcsh", "-c", "key private"));
        assertEquals(0, r.exitCode(), r.describe());
        assertTrue(r.stdout().endsWith(" -cp " + jar + ":" + checkout.resolve("target/lib") + "/* io.ipcsh.shell.Main -c key private\n"),
                r.describe());
    }
}
