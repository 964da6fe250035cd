package io.ipcsh.shell;

import io.ipcsh.ipc.PosixName;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Two ipcsh processes on one POSIX shared memory object and two named semaphores, as two
 * terminals would be: B writes and posts "go", A reads, answers and posts "back", B reads
 * the answer; then A destroys all three while B still holds them.
 */
class TwoShellsPosixTest {
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldHandOffThroughNamedSemaphoresBetweenTwoShells() {
        PosixName mem = ipc.freshName();
        PosixName go = ipc.freshName();
        PosixName back = ipc.freshName();
        String a = "attach " + mem + " --new --size 4k --as a; sem open " + go + " --new --as go; sem open " + back
                + " --new --as back; echo ready; wait @go --timeout 50s; read @a 64 i32; write @a 64 i32 42; post @back;"
                + " destroy @a; destroy @go; destroy @back";
        try (Proc shellA = Jvm.start(Main.class, "-c", a)) {
            shellA.awaitLine("ready", GENEROUS);
            try (Proc shellB = Jvm.start(Main.class)) {
                shellB.println("attach " + mem + " --as b; sem open " + go + "; sem open " + back + " --as back");
                shellB.println("write @b 64 i32 41; post @h1");
                shellB.println("wait --timeout 50s; read @b 64 i32");
                shellB.awaitLine("42", GENEROUS);
                // A destroys all three and exits; B still holds them.
                Proc.Result ra = shellA.waitFor(GENEROUS);
                shellB.println("stat @b");
                Proc.Result rb = shellB.waitFor(GENEROUS);

                assertEquals(0, ra.exitCode(), ra.describe());
                assertEquals(List.of("a: POSIX shared memory " + mem + " size 4096 mode 0600 holders 1 (created)",
                        "go: named semaphore " + go + " value 0 mode 0600 holders 1 (created)",
                        "back: named semaphore " + back + " value 0 mode 0600 holders 1 (created)",
                        "ready", "acquired", "41",
                        "destroyed POSIX shared memory " + mem, "destroyed named semaphore " + go,
                        "destroyed named semaphore " + back), ra.stdout().lines().toList());

                assertEquals(0, rb.exitCode(), rb.describe());
                // Without the processes stat could not read (the sandbox's pid 1 is one, even to root).
                List<String> outB = rb.stdout().replaceAll(" \\(\\+\\d+ unreadable\\)", "").lines().toList();
                assertEquals("b: POSIX shared memory " + mem + " size 4096 mode 0600 holders 2", outB.get(0));
                assertEquals("h1: named semaphore " + go + " value 0 mode 0600 holders 2", outB.get(1));
                assertEquals("back: named semaphore " + back + " value 0 mode 0600 holders 2", outB.get(2));
                assertEquals("acquired", outB.get(3));
                assertEquals("42", outB.get(4));
                assertEquals("name " + mem + "  path " + mem.shmPath() + "  handle b", outB.get(5));
                // A unlinked it while B still mapped it: removed, freed at B's munmap.
                assertEquals("mode 0600  size 4096  holders 1  status removed (unlinked: freed at the last munmap)", outB.get(6));
                assertEquals("", rb.stderr());
            }
        }
        assertFalse(Files.exists(mem.shmPath()));
        assertFalse(Files.exists(go.semaphorePath()));
        assertFalse(Files.exists(back.semaphorePath()));
    }
}
