package io.ipcsh.shell;

import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two ipcsh processes on one segment, as two terminals would be: a semaphore hand-off
 * in both directions, the data in between checked on each side.
 */
class TwoShellsTest {
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldHandOffThroughASemaphoreBetweenTwoShells() {
        IpcCleanup.FreshKey k = ipc.freshKeyFile();
        String key = "key " + k.file() + " " + k.projId();
        // A makes the segment and two semaphores (0: "B wrote", 8: "A answered"), then waits for B.
        // It destroys before it answers, so B's stat after its wait finds it removed (not a race).
        String a = key + "; attach --new --size 4k --as a; sem init 0 0; sem init 8 0; echo ready; "
                + "wait 0 --timeout 50s; read 64 i32; write 64 i32 42; destroy; post 8";
        try (Proc shellA = Jvm.start(Main.class, "-c", a)) {
            shellA.awaitLine("ready", GENEROUS);
            // B runs from standard input, as a pipe into ipcsh would.
            try (Proc shellB = Jvm.start(Main.class)) {
                shellB.println(key + "; attach --as b");
                shellB.println("write 64 i32 41; post 0");
                shellB.println("wait 8 --timeout 50s; read 64 i32; stat");
                Proc.Result b = shellB.waitFor(GENEROUS);
                Proc.Result ra = shellA.waitFor(GENEROUS);

                assertEquals(0, ra.exitCode(), ra.describe());
                String[] outA = ra.stdout().split("\n");
                assertEquals("key " + k.key().hex(), outA[0]);
                assertTrue(outA[1].startsWith("a: key " + k.key().hex()), outA[1]);
                assertEquals("ready", outA[2]);
                assertEquals("acquired", outA[3]);
                assertEquals("41", outA[4]);
                assertTrue(outA[5].startsWith("destroyed shmid "), outA[5]);

                assertEquals(0, b.exitCode(), b.describe());
                String[] outB = b.stdout().split("\n");
                assertTrue(outB[1].startsWith("b: key " + k.key().hex()), outB[1]);
                assertEquals("acquired", outB[2]);
                assertEquals("42", outB[3]);
                // A destroyed it while B was still attached: removed, freed when B detaches.
                assertTrue(outB[5].endsWith("status dest (removed: freed at the last detach)"), b.stdout());
                assertEquals("", b.stderr());
            }
        }
    }
}
