package io.ipcsh.shell;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.SemaphoreSet;
import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Semaphore sets between ipcsh processes, as two terminals would use them: a hand-off
 * both ways, a waiter told "removed" (EIDRM) when the other destroys the set, and SEM_UNDO
 * shown: a holder SIGKILLed after {@code wait --undo} gives its count back; without
 * {@code --undo} the count stays taken.
 */
class SemsetShellsTest {
    private static final Duration GENEROUS = Duration.ofSeconds(90);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldHandOffBetweenTwoShellsAndTellTheWaiterItWasRemoved() {
        IpcCleanup.FreshKey k = ipc.freshKeyFile();
        String key = "key " + k.file() + " " + k.projId();
        String a = key + "; semset --new --count 2 --as a; echo ready; wait 0 --timeout 80s; post 1; echo posted; wait 0";
        try (Proc shellA = Jvm.start(Main.class, "-c", a)) {
            shellA.awaitLine("ready", GENEROUS);
            SemaphoreSet set = SemaphoreSet.open(k.key());
            try (Proc shellB = Jvm.start(Main.class)) {
                shellB.println(key + "; semset --as b; post 0; wait 1 --timeout 80s; sem value 1");
                shellA.awaitLine("posted", GENEROUS);
                Await.until(() -> set.ncount(0) == 1, GENEROUS, "shell A blocked in its second wait");
                shellB.println("destroy");
                Proc.Result ra = shellA.waitFor(GENEROUS);
                shellB.closeStdin();
                Proc.Result rb = shellB.waitFor(GENEROUS);

                assertEquals(1, ra.exitCode(), ra.describe());
                assertEquals("key " + k.key().hex() + "\na: semaphore set key " + k.key().hex() + " semid " + set.semid()
                        + " nsems 2 mode 0600 (created)\nready\nacquired\nposted\n", ra.stdout());
                assertEquals("error: semaphore set semid=" + set.semid() + " was removed [semtimedop: EIDRM]\n", ra.stderr());

                assertEquals(0, rb.exitCode(), rb.describe());
                assertEquals("key " + k.key().hex() + "\nb: semaphore set key " + k.key().hex() + " semid " + set.semid()
                        + " nsems 2 mode 0600\nacquired\n0\ndestroyed semaphore set semid " + set.semid() + "\n", rb.stdout());
                assertEquals("", rb.stderr());
            }
        }
    }

    @Test
    void shouldGiveBackWhatAKilledHolderTookWithUndo() throws Exception {
        SemaphoreSet set = ipc.track(SemaphoreSet.createNew(IpcKey.PRIVATE, 1, 0600));
        set.setValue(0, 1);
        killHolder(set, "wait 0 --undo");
        assertEquals(1, set.value(0), "SEM_UNDO: the kernel gave back the 1 the killed holder took");

        killHolder(set, "wait 0");
        assertEquals(0, set.value(0), "without --undo the count stays taken after the holder died");
    }

    /** Starts an ipcsh that takes member 0 with {@code take}, SIGKILLs it while it holds it, and waits for it to be gone. */
    private static void killHolder(SemaphoreSet set, String take) throws Exception {
        try (Proc holder = Jvm.start(Main.class, "-c", "semset --id " + set.semid() + "; " + take + "; echo held; sleep 10m")) {
            holder.awaitLine("held", GENEROUS);
            assertEquals(0, set.value(0), "the holder took it");
            ProcessHandle h = ProcessHandle.of(holder.pid()).orElseThrow();
            assertTrue(h.destroyForcibly(), "SIGKILL sent");
            h.onExit().get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
