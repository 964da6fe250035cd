package io.ipcsh.ipc;

import io.ipcsh.ipc.SemaphoreSet.Op;
import io.ipcsh.testkit.AsUser;
import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A SysV semaphore set shared with other processes: a C program compiled by gcc during
 * the test (semop both ways on a set of 3, multi-operation semops on both sides, SETALL
 * and GETALL seen across), and a peer run as nobody that the kernel's permission checks
 * refuse, each in one line naming mode and owner.
 */
class SemaphoreSetInteropTest {
    private static final Duration PATIENCE = Await.PATIENCE;

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldSemopBothWaysWithACProgramOnASetOfThree() throws Exception {
        Path peer = CProgram.compile("semset_peer.c");
        IpcCleanup.FreshKey k = ipc.freshKeyFile();
        SemaphoreSet set = ipc.track(SemaphoreSet.createNew(k.key(), 3, 0600));
        set.setAll(0, 0, 1);
        // C: read the values, take member 0 and give member 1 in one semop, wait for member 2 to be zero, read again.
        try (Proc c = Proc.start(List.of(peer.toString(), k.file().toString(), Integer.toString(k.projId()),
                "get", "0:-1,1:+1", "2:0", "get"))) {
            c.awaitLine("semid " + set.semid() + " nsems 3", PATIENCE);
            c.awaitLine("values 0 0 1", PATIENCE);
            Await.until(() -> set.ncount(0) == 1, PATIENCE, "C blocked in its semop on member 0");

            // Java: take member 1 (which only C gives) and zero member 2 (which C waits for), in one semop.
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread java = Thread.ofPlatform().start(() -> {
                try {
                    set.semop(List.of(Op.parse("1:-1"), Op.parse("2:-1")));
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            Await.until(() -> set.ncount(1) == 1, PATIENCE, "Java blocked in its semop on member 1");
            assertEquals(1, set.ncount(0), "C still waits: nothing was posted yet");

            set.member(0).post();
            c.awaitLine("done 0:-1,1:+1", PATIENCE);
            java.join(PATIENCE.toMillis());
            assertNull(failure.get());
            c.awaitLine("done 2:0", PATIENCE);
            c.awaitLine("values 0 0 0", PATIENCE);
            Proc.Result r = c.waitFor(PATIENCE);
            assertEquals(0, r.exitCode(), r.describe());
            assertArrayEquals(new int[] {0, 0, 0}, set.values());
            assertEquals(c.pid(), set.pid(0), "GETPID: C's semop was the last on member 0");
            assertEquals(ProcessHandle.current().pid(), set.pid(1), "and Java's on member 1");
        }
    }

    @Test
    void shouldSeeWhatCSetsAndLetCSeeWhatJavaSets() {
        Path peer = CProgram.compile("semset_peer.c");
        IpcCleanup.FreshKey k = ipc.freshKeyFile();
        SemaphoreSet set = ipc.track(SemaphoreSet.createNew(k.key(), 3, 0600));
        set.setValue(2, 9);
        Proc.Result r = Proc.run(PATIENCE, List.of(peer.toString(), k.file().toString(), Integer.toString(k.projId()),
                "get", "set:4,5,6", "0:-4,2:+1"));
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals("semid " + set.semid() + " nsems 3\nvalues 0 0 9\nset\ndone 0:-4,2:+1\n", r.stdout());
        assertArrayEquals(new int[] {0, 5, 7}, set.values());
    }

    @Test
    void shouldRefuseANonRootPeerInOneLineNamingModeAndOwner() {
        SemaphoreSet closed = ipc.track(SemaphoreSet.createNew(IpcKey.PRIVATE, 1, 0600));
        Proc.Result denied = Proc.run(PATIENCE, AsUser.nobody(Jvm.commandForOtherUser(SemsetPeer.class,
                Integer.toString(closed.semid()))));
        assertEquals("error PermissionDeniedException: no read permission on semaphore set semid=" + closed.semid()
                + " (mode 0600, owner uid 0, you are uid 65534) [semctl: EACCES] (ask its owner)\n", denied.stdout(),
                denied.describe());

        // Readable by others but not writable: IPC_STAT and GETVAL pass, semop is refused by the kernel.
        SemaphoreSet readable = ipc.track(SemaphoreSet.createNew(IpcKey.PRIVATE, 1, 0644));
        readable.setValue(0, 1);
        Proc.Result readOnly = Proc.run(PATIENCE, AsUser.nobody(Jvm.commandForOtherUser(SemsetPeer.class,
                Integer.toString(readable.semid()))));
        assertEquals("open ok\nvalue 1\nerror PermissionDeniedException: permission denied on semaphore set semid="
                + readable.semid() + " (mode 0644, owner uid 0, you are uid 65534) [semop: EACCES] (ask its owner)\n",
                readOnly.stdout(), readOnly.describe());
        assertEquals(1, readable.value(0), "nothing taken");
    }
}
