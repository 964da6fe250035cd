package io.ipcsh.shell;

import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Main.main in a JVM of its own: a run that worked ends by returning from main (not
 * System.exit), a failed one exits with its status, and output is all there either way.
 */
class MainProcessTest {
    private static Proc.Result main(String... args) {
        return Jvm.run(Duration.ofSeconds(120), Main.class, args);
    }

    @Test
    void shouldEndWithStatusZeroAndAllItsOutput() {
        Proc.Result r = main("-c", "key private; echo one; echo two");
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals("key IPC_PRIVATE\none\ntwo\n", r.stdout());
        assertEquals("", r.stderr());
    }

    @Test
    void shouldExitWithTheStatusOfAFailure() {
        Proc.Result failed = main("-c", "echo one; use nothing");
        assertEquals(1, failed.exitCode(), failed.describe());
        assertEquals("one\n", failed.stdout());
        Proc.Result usage = main("-c", "kee private");
        assertEquals(2, usage.exitCode(), usage.describe());
        assertEquals("error: unknown command 'kee'; did you mean 'key'? (help lists the commands)\n", usage.stderr());
        Proc.Result picocli = main("--json", "--json", "-c", "echo x");
        assertEquals(2, picocli.exitCode(), picocli.describe());
    }

    @Test
    void shouldPrintHelpAndVersionThroughPicocli() {
        Proc.Result help = main("--help");
        assertEquals(0, help.exitCode(), help.describe());
        assertTrue(help.stdout().startsWith("Usage: ipcsh "), help.stdout());
        Proc.Result version = main("--version");
        assertEquals(0, version.exitCode(), version.describe());
        assertTrue(version.stdout().startsWith("ipcsh "), version.stdout());
    }
}
