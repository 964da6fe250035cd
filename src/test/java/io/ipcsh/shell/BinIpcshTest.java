package io.ipcsh.shell;

import io.ipcsh.testkit.Proc;
import io.ipcsh.testkit.TestHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bin/ipcsh itself: without a JDK 25 it says so and exits 2, before building anything.
 * (Runs that build the jar are left out: a nested Maven in this target/ would race the
 * running suite.)
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
}
