package io.ipcsh.testkit;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import io.ipcsh.posix.Shm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kit itself: what other tests rely on. */
class TestkitTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldHandOutDistinctUnusedKeysFromExistingFiles() {
        IpcCleanup.FreshKey a = ipc.freshKeyFile();
        IpcCleanup.FreshKey b = ipc.freshKeyFile();
        assertNotEquals(a.key(), b.key());
        assertTrue(Files.exists(a.file()));
        assertEquals(a.key(), IpcKey.ftok(a.file(), a.projId()));
        assertEquals(-1, Shm.shmget(a.key().value(), 0, 0));
    }

    @Test
    void shouldRemoveUntrackedSegmentsMadeWithAFreshKey() {
        IpcKey key = ipc.freshKey();
        Segment seg = Segment.createNew(key, 4096, 0600); // deliberately not tracked
        try {
            ipc.afterEach(null);
            // Still attached here, so it lingers as "dest" until we detach: but the key is free.
            assertEquals(-1, Shm.shmget(key.value(), 0, 0));
            assertTrue(SysvShm.byId(seg.shmid()).orElseThrow().perms() >= Shm.SHM_DEST);
        } finally {
            seg.detach();
        }
        assertTrue(SysvShm.byId(seg.shmid()).isEmpty());
    }

    /** Stands for a test JVM stopped half way: makes a segment with a fresh key, then waits to be killed. */
    public static final class StoppedHalfWay {
        public static void main(String[] args) throws Exception {
            IpcCleanup cleanup = new IpcCleanup();
            IpcCleanup.FreshKey k = cleanup.freshKeyFile();
            Segment seg = Segment.createNew(k.key(), 4096, 0600);
            System.out.println("made " + seg.shmid() + " " + k.file());
            System.out.flush();
            Thread.currentThread().join(); // until killed

        }
    }

    @Test
    void shouldRemoveWhatAStoppedTestJvmMadeAtExit() {
        try (Proc jvm = Jvm.start(StoppedHalfWay.class)) {
            String[] made = jvm.awaitLineStartingWith("made ", Duration.ofSeconds(60)).split(" ");
            int shmid = Integer.parseInt(made[1]);
            ipc.track(shmid); // in case the hook fails
            assertTrue(SysvShm.byId(shmid).isPresent());
            ProcessHandle.of(jvm.pid()).orElseThrow().destroy(); // SIGTERM, as surefire or Ctrl-C
            jvm.waitFor(Duration.ofSeconds(60));
            assertTrue(SysvShm.byId(shmid).isEmpty(), "the shutdown hook removed the segment");
            assertFalse(Files.exists(java.nio.file.Path.of(made[2])), "and the key file");
        }
    }

    @Test
    void shouldRunASecondJvmAndTalkToIt() {
        try (Proc peer = Jvm.start(ScriptedPeer.class)) {
            peer.awaitLine("ready", Duration.ofSeconds(60));
            peer.println("pid");
            assertEquals("ok " + peer.pid(), peer.awaitLineStartingWith("ok ", Duration.ofSeconds(30)));
            peer.println("exit");
            assertEquals(0, peer.waitFor(Duration.ofSeconds(30)).exitCode());
        }
    }

    /** Prints where its home is, and uses java.util.prefs as jshell does. */
    public static final class PrintHome {
        public static void main(String[] args) throws Exception {
            java.util.prefs.Preferences p = java.util.prefs.Preferences.userRoot().node("ipcsh-testkit");
            p.put("touched", "yes");
            p.flush();
            System.out.println(System.getProperty("user.home"));
            System.out.println(System.getenv("HOME"));
            System.out.println(System.getenv("IPCSH_HISTORY"));
            p.removeNode();
        }
    }

    @Test
    void shouldGiveEveryChildTheTestHomeInsteadOfTheUsers() {
        String home = TestHome.dir().toString();
        Proc.Result r = Jvm.run(Duration.ofSeconds(60), PrintHome.class);
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(home + "\n" + home + "\n" + TestHome.history() + "\n", r.stdout());
        assertEquals("", r.stderr(), "java.util.prefs found its directory made (no INFO line)");
        assertTrue(Files.isDirectory(TestHome.dir().resolve(".java/.userPrefs")));

        Proc.Result sh = Proc.run(Duration.ofSeconds(30), List.of("sh", "-c", "echo \"$HOME\"; echo \"$IPCSH_HISTORY\""));
        assertEquals(home + "\n" + TestHome.history() + "\n", sh.stdout());
    }

    @Test
    void shouldRunAsNobodyWhenRoot() {
        Proc.Result r = Proc.run(Duration.ofSeconds(30), AsUser.nobody(List.of("id", "-u")));
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals(AsUser.NOBODY + "\n", r.stdout());
    }

    @Test
    void shouldKillAProcessThatOverrunsItsTimeout() {
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> Proc.run(Duration.ofMillis(300), List.of("sleep", "30")));
        assertTrue(e.getMessage().startsWith("[sleep, 30] did not finish within PT0.3S; killed it"), e.getMessage());
        assertFalse(e.getMessage().isEmpty());
    }
}
