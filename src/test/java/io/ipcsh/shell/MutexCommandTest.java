package io.ipcsh.shell;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mutex init|consistent|state}, {@code lock}, {@code unlock} against C holders and a second ipcsh. */
class MutexCommandTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private Segment segment() {
        return ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
    }

    private static int killedWhileHolding(Segment seg) {
        try (Proc holder = Proc.start(List.of(CProgram.compile("holder.c").toString(), "lock", Integer.toString(seg.shmid()), "0"))) {
            return Integer.parseInt(holder.awaitLineStartingWith("locked ", PATIENCE).substring(7));
        }
    }

    @Test
    void shouldRecoverFromACHolderKilledWhileHoldingIt() {
        Segment seg = segment();
        seg.mutex(0).init(true);
        int tid = killedWhileHolding(seg);
        Await.until(() -> seg.mutex(0).state().ownerDied(), PATIENCE, "owner-died");
        Shell.Result r = Shell.run("attach --id " + seg.shmid() + "; mutex state; lock; mutex state; mutex consistent; "
                + "mutex state; unlock; mutex state");
        assertEquals(0, r.status(), r.err());
        List<String> out = r.out().lines().toList();
        assertEquals("mutex at offset 0: free, but its owner (tid " + tid + ") died holding it; robust; not consistent:"
                + " the next lock gets EOWNERDEAD", out.get(1));
        assertEquals("locked; the previous owner (tid " + tid + ") died holding it; the data may be half-written"
                + " (check it, then mutex consistent; unlock without it makes the mutex unusable)", out.get(2));
        assertTrue(out.get(3).matches("mutex at offset 0: locked by tid \\d+ \\(this shell\\); robust; not consistent"
                + " \\(its owner died; the new owner runs mutex consistent once the data is repaired\\)"), out.get(3));
        assertEquals("consistent", out.get(4));
        assertTrue(out.get(5).matches("mutex at offset 0: locked by tid \\d+ \\(this shell\\); robust; consistent"), out.get(5));
        assertEquals("unlocked", out.get(6));
        assertEquals("mutex at offset 0: unlocked; robust; consistent", out.get(7));
        assertEquals("", r.err());
    }

    @Test
    void shouldShowNotRecoverableAfterAnUnlockWithoutConsistent() {
        Segment seg = segment();
        seg.mutex(0).init(true);
        int tid = killedWhileHolding(seg);
        Await.until(() -> seg.mutex(0).state().ownerDied(), PATIENCE, "owner-died");
        Shell.Result r = Shell.run("attach --id " + seg.shmid() + "; lock; unlock; mutex state; lock");
        assertEquals(1, r.status());
        List<String> out = r.out().lines().toList();
        assertTrue(out.get(1).startsWith("locked; the previous owner (tid " + tid + ") died holding it"), out.get(1));
        assertEquals("unlocked, but it was not made consistent: the mutex is now not recoverable (ENOTRECOVERABLE:"
                + " every lock fails until mutex init)", out.get(2));
        assertEquals("mutex at offset 0: not recoverable (ENOTRECOVERABLE): unlocked without mutex consistent after its"
                + " owner died; robust (mutex init it again)", out.get(3));
        assertTrue(r.err().startsWith("error: the mutex at offset=0 in segment shmid=" + seg.shmid() + " is not recoverable"),
                r.err());
        Shell.Result again = Shell.run("attach --id " + seg.shmid() + "; mutex init; lock; unlock", "--json");
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("{\"locked\":true,\"offset\":0,"), again.out());
    }

    @Test
    void shouldTimeOutOnAPlainMutexWhoseOwnerDied() {
        Segment seg = segment();
        Shell.Result init = Shell.run("attach --id " + seg.shmid() + "; mutex init 8 --no-robust; mutex state 8 ", "--json");
        assertTrue(init.out().contains("{\"offset\":8,\"initialised\":true,\"locked\":false,\"owner\":null,"
                + "\"owner_alive\":false,\"this_shell\":false,\"robust\":false,\"consistent\":true,\"recoverable\":true,"
                + "\"owner_died\":false}"), init.out());
        int tid;
        try (Proc holder = Proc.start(List.of(CProgram.compile("holder.c").toString(), "lock", Integer.toString(seg.shmid()), "8"))) {
            tid = Integer.parseInt(holder.awaitLineStartingWith("locked ", PATIENCE).substring(7));
        }
        Await.until(() -> !seg.mutex(8).state().ownerAlive(), PATIENCE, "holder gone");
        Shell.Result r = Shell.run("attach --id " + seg.shmid() + "; lock 8 --timeout 300ms; echo never");
        assertEquals(1, r.status());
        assertEquals("error: timed out after 300ms locking the mutex at offset=8 held by tid " + tid + ", which no longer"
                + " exists: a mutex that is not robust stays locked for ever when its owner dies (mutex init makes a robust one)\n",
                r.err());
        assertFalse(r.out().contains("never"));
    }

    @Test
    void shouldHandTheMutexBetweenTwoShellsAndRecoverWhenOneIsKilled() {
        Segment seg = segment();
        seg.mutex(0).init(true);
        String attach = "attach --id " + seg.shmid();
        try (Proc a = Jvm.start(Main.class)) {
            a.println(attach + "; lock; echo held");
            a.awaitLine("held", PATIENCE);
            Shell.Result busy = Shell.run(attach + "; lock --timeout 200ms");
            assertEquals(1, busy.status());
            Matcher m = Pattern.compile("error: timed out after 200ms locking the mutex at offset=0 held by tid (\\d+)\n")
                    .matcher(busy.err());
            assertTrue(m.matches(), busy.err());
            int tidOfA = Integer.parseInt(m.group(1));
            a.close(); // SIGKILL, holding it
            Await.until(() -> seg.mutex(0).state().ownerDied(), PATIENCE, "owner-died after the shell was killed");
            Shell.Result b = Shell.run(attach + "; lock; mutex consistent; unlock");
            assertEquals(0, b.status(), b.err());
            assertTrue(b.out().contains("locked; the previous owner (tid " + tidOfA + ") died holding it; the data may be half-written"),
                    b.out());
        }
    }

    @Test
    void shouldRunLockAndUnlockOnOneThreadWhateverThreadRunsTheCommands() throws Exception {
        Segment seg = segment();
        seg.mutex(0).init(true);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (Session session = new Session(new PrintWriter(out, true), new PrintWriter(err, true))) {
            Shell shell = new Shell(session);
            int[] status = new int[2];
            Thread one = Thread.ofPlatform().start(() -> status[0] = shell.runLine("attach --id " + seg.shmid() + "; lock"));
            one.join();
            Thread two = Thread.ofPlatform().start(() -> status[1] = shell.runLine("unlock; lock; detach"));
            two.join();
            assertEquals(0, status[0], err.toString());
            // detach while this shell holds it is refused: glibc's robust list runs through the mutex.
            assertEquals(1, status[1]);
            assertTrue(out.toString().endsWith("locked\nunlocked\nlocked\n"), out.toString());
            assertTrue(err.toString().startsWith("error: segment shmid=" + seg.shmid() + " holds a mutex this process has locked"
                    + " (offset=0): unlock it before detaching"), err.toString());
        }
        // Closing the session ended its mutex thread, and with it the lock: owner-died, then detached.
        Await.until(() -> seg.mutex(0).state().ownerDied(), PATIENCE,
                () -> "owner-died after the session closed: " + seg.mutex(0).state() + " " + seg.mutex(0).state().lockWord());
        Await.until(() -> seg.stat().nattch() == 1, PATIENCE, "the session detached");
    }

    @Test
    void shouldCancelABlockedLockOnInterrupt() throws Exception {
        Segment seg = segment();
        seg.mutex(0).init(true);
        try (Proc holder = Proc.start(List.of(CProgram.compile("holder.c").toString(), "lock", Integer.toString(seg.shmid()), "0"))) {
            holder.awaitLineStartingWith("locked ", PATIENCE);
            Shell.Result[] result = new Shell.Result[1];
            Thread shell = Thread.ofPlatform().start(() -> result[0] = Shell.run("attach --id " + seg.shmid() + "; lock; echo never"));
            // glibc sets the futex's waiters bit when the lock goes to sleep: the lock is running.
            Await.until(() -> seg.mutex(0).state().waiters(), PATIENCE, "the shell blocked in lock");
            shell.interrupt();
            shell.join(PATIENCE.toMillis());
            assertFalse(shell.isAlive());
            assertEquals(Shell.CANCELLED, result[0].status());
            assertEquals("cancelled: lock of the mutex at offset=0\n", result[0].err());
        }
    }

    @Test
    void shouldSayOneLineForBadUse() {
        Segment seg = segment();
        String attach = "attach --id " + seg.shmid() + "; ";
        assertEquals("error: no process-shared mutex at offset=0 in segment shmid=" + seg.shmid() + " (mutex init it first)\n",
                Shell.run(attach + "lock").err());
        assertEquals("error: mutex offset must be 8-byte aligned: offset=4 (try 0)\n", Shell.run(attach + "mutex init 4").err());
        assertTrue(Shell.run(attach + "mutex init; unlock").err().startsWith("error: this thread does not hold the mutex at offset=0"),
                Shell.run(attach + "mutex init; unlock").err());
        assertTrue(Shell.run(attach + "mutex init; lock; lock").err().startsWith("error: this thread already holds the mutex at offset=0"));
        assertTrue(Shell.run(attach + "mutex").err().startsWith("error: mutex needs one of: init consistent state"),
                Shell.run(attach + "mutex").err());
    }
}
