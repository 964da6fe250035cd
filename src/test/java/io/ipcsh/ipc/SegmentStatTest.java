package io.ipcsh.ipc;

import io.ipcsh.posix.Unistd;
import io.ipcsh.ipc.IpcException.InvalidArgumentException;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.ScriptedPeer;
import io.ipcsh.testkit.Proc;
import io.ipcsh.testkit.SysvShm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.ipcsh.testkit.CProgram;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SegmentStat against the kernel's own view, /proc/sysvipc/shm, and against what we did. */
class SegmentStatTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int SELF = (int) ProcessHandle.current().pid();

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private static Instant time(long epochSeconds) {
        return epochSeconds == 0 ? null : Instant.ofEpochSecond(epochSeconds);
    }

    /** Every field, compared with the kernel's line for the same id. */
    private static void assertMatchesKernel(SegmentStat st) {
        SysvShm k = SysvShm.byId(st.shmid()).orElseThrow(() -> new AssertionError("no shmid " + st.shmid() + " in /proc"));
        assertEquals(k.key(), st.key().value(), "key");
        assertEquals(k.uid(), st.uid(), "uid");
        assertEquals(k.gid(), st.gid(), "gid");
        assertEquals(k.cuid(), st.cuid(), "cuid");
        assertEquals(k.cgid(), st.cgid(), "cgid");
        assertEquals(k.perms() & 0777, st.mode(), "mode");
        assertEquals(k.size(), st.size(), "size");
        assertEquals(time(k.atime()), st.atime(), "atime");
        assertEquals(time(k.dtime()), st.dtime(), "dtime");
        assertEquals(time(k.ctime()), st.ctime(), "ctime");
        assertEquals(k.cpid(), st.cpid(), "cpid");
        assertEquals(k.lpid(), st.lpid(), "lpid");
        assertEquals(k.nattch(), st.nattch(), "nattch");
        assertEquals((k.perms() & 01000) != 0, st.dest(), "dest");
        assertEquals((k.perms() & 02000) != 0, st.locked(), "locked");
    }

    /**
     * The kernel stamps shm times in whole seconds from a coarse clock
     * (ktime_get_real_seconds), which can lag or lead the JVM's fine clock across a tick:
     * {@code t} must lie in [from, to] widened by a second on both sides.
     */
    private static void assertWithinASecond(Instant t, Instant from, Instant to, String what) {
        Instant low = from.truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        Instant high = to.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        assertTrue(!t.isBefore(low) && !t.isAfter(high), what + " " + t + " not within [" + low + ", " + high + "]");
    }

    private static String answer(Proc peer) {
        return peer.awaitLine(l -> l.startsWith("ok") || l.startsWith("error"), PATIENCE, "an answer");
    }

    @Test
    void shouldReportEveryFieldOfANewSegment() {
        Instant before = Instant.now();
        IpcKey key = ipc.freshKey();
        Segment seg = ipc.track(Segment.createNew(key, 8192, 0640));

        SegmentStat st = seg.stat();

        assertMatchesKernel(st);
        assertEquals(key, st.key());
        assertEquals(seg.shmid(), st.shmid());
        assertEquals(0640, st.mode());
        assertEquals("0640", st.modeOctal());
        assertEquals(8192, st.size());
        assertEquals(SELF, st.cpid());
        assertEquals(SELF, st.lpid(), "our shmat was the last attach");
        assertEquals(1, st.nattch());
        assertEquals(Unistd.geteuid(), st.uid());
        assertEquals(st.uid(), st.cuid());
        assertEquals(st.gid(), st.cgid());
        assertNull(st.dtime(), "never detached");
        assertNotNull(st.atime());
        assertWithinASecond(st.ctime(), before, Instant.now(), "ctime");
        assertFalse(st.dest());
        assertFalse(st.locked());
        assertEquals("", st.status());
        assertEquals(List.of("shmid " + seg.shmid() + "  key " + key.hex(),
                "mode 0640  size 8192  nattch 1  status -",
                "owner " + Users.name(st.uid()) + " (uid " + st.uid() + " gid " + st.gid() + ")  creator uid " + st.cuid()
                        + " gid " + st.cgid() + "  cpid " + SELF + "  lpid " + SELF,
                "atime " + st.atime() + "  dtime -  ctime " + st.ctime()), st.lines());
        assertEquals(String.join("\n", st.lines()), st.toString(), "toString says what the shell's stat says");
    }

    @Test
    void shouldFollowNattchLpidAndDtimeAsAnotherProcessAttachesAndDetaches() {
        Segment seg = ipc.track(Segment.createNew(ipc.freshKey(), 4096, 0600));
        try (Proc peer = Jvm.start(ScriptedPeer.class)) {
            peer.awaitLine("ready", PATIENCE);

            peer.println("open " + seg.key().hex());
            assertEquals("ok shmid=" + seg.shmid() + " size=4096", answer(peer));
            SegmentStat two = seg.stat();
            assertMatchesKernel(two);
            assertEquals(2, two.nattch());
            assertEquals(peer.pid(), two.lpid(), "the peer's shmat was the last");
            assertEquals(SELF, two.cpid());
            peer.println("nattch");
            assertEquals("ok 2", answer(peer), "the peer sees the same count");

            peer.println("detach");
            assertEquals("ok", answer(peer));
            SegmentStat one = seg.stat();
            assertMatchesKernel(one);
            assertEquals(1, one.nattch());
            assertEquals(peer.pid(), one.lpid(), "the peer's shmdt was the last");
            assertNotNull(one.dtime());
        }
    }

    @Test
    void shouldShowDestAfterDestroyAndNothingAfterTheLastDetach() {
        IpcKey key = ipc.freshKey();
        Segment seg = ipc.track(Segment.createNew(key, 4096, 0600));
        seg.putInt(0, 7);

        seg.destroy();

        SegmentStat st = seg.stat();
        assertMatchesKernel(st);
        assertTrue(st.dest());
        assertEquals("dest", st.status());
        assertEquals(IpcKey.PRIVATE, st.key(), "the kernel forgets the key at IPC_RMID");
        assertTrue(st.keyCleared());
        assertTrue(st.toString().startsWith("shmid " + seg.shmid() + "  key 0x00000000 (cleared by IPC_RMID)\n"
                + "mode 0600  size 4096  nattch 1  status dest (removed: freed at the last detach)\n"), st.toString());
        assertEquals(String.join("\n", st.lines()), st.toString());
        assertEquals(7, seg.getInt(0), "still usable while attached");
        assertThrows(IpcException.NotFoundException.class, () -> Segment.open(key), "the key is free again");

        // Linux (unlike POSIX) still lets a process attach a dest segment by id.
        try (Segment again = Segment.attach(seg.shmid())) {
            assertEquals(7, again.getInt(0));
            assertEquals(2, again.stat().nattch());
        }

        seg.detach();
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> SegmentStat.of(seg.shmid()));
        assertEquals("no segment with shmid=" + seg.shmid() + " [shmctl: EINVAL] (it may have been removed; SegmentStat.list() shows the segments on the host)",
                e.getMessage());
        assertTrue(SysvShm.byId(seg.shmid()).isEmpty());
    }

    /**
     * SHM_LOCK (a C process locks our segment: root, or CAP_IPC_LOCK, may) and IPC_RMID
     * both show: {@code dest locked}, in the status column as ipcs has it and in stat's words.
     */
    @Test
    void shouldShowLockedBesideDest() {
        Segment seg = ipc.track(Segment.createNew(ipc.freshKey(), 4096, 0600));
        Path locker = CProgram.compileText("shm_lock", """
                #include <stdio.h>
                #include <stdlib.h>
                #include <sys/shm.h>
                int main(int argc, char **argv) {
                    if (shmctl(atoi(argv[1]), SHM_LOCK, NULL) != 0) { perror("shmctl SHM_LOCK"); return 1; }
                    puts("locked");
                    return 0;
                }
                """);
        Proc.Result locked = Proc.run(PATIENCE, List.of(locker.toString(), Integer.toString(seg.shmid())));
        assertEquals(0, locked.exitCode(), locked::describe);

        SegmentStat before = seg.stat();
        assertMatchesKernel(before);
        assertTrue(before.locked());
        assertEquals("locked", before.status());
        assertEquals("mode 0600  size 4096  nattch 1  status locked", before.lines().get(1));

        seg.destroy();
        SegmentStat st = seg.stat();
        assertMatchesKernel(st);
        assertTrue(st.dest() && st.locked(), st::toString);
        assertEquals("dest locked", st.status());
        assertEquals("mode 0600  size 4096  nattch 1  status dest locked (removed: freed at the last detach)", st.lines().get(1));
        assertEquals(String.join("\n", st.lines()), st.toString());
        assertEquals(true, st.fields().get("locked"));
        assertEquals(true, st.fields().get("dest"));
    }

    @Test
    void shouldListOurSegmentAsStatShowsIt() {
        Segment seg = ipc.track(Segment.createNew(ipc.freshKey(), 12345, 0604));
        Segment priv = ipc.track(Segment.createNew(IpcKey.PRIVATE, 1, 0600));

        var kernelBefore = SysvShm.all().stream().map(SysvShm::shmid).toList();
        var all = SegmentStat.list();
        var kernelAfter = SysvShm.all().stream().map(SysvShm::shmid).toList();

        assertEquals(seg.stat(), all.stream().filter(s -> s.shmid() == seg.shmid()).findFirst().orElseThrow());
        assertEquals(priv.stat(), all.stream().filter(s -> s.shmid() == priv.shmid()).findFirst().orElseThrow());
        // Every segment that existed all along (others may come and go meanwhile) is listed.
        var ours = all.stream().map(SegmentStat::shmid).toList();
        for (int id : kernelBefore) {
            assertTrue(!kernelAfter.contains(id) || ours.contains(id), "shmid " + id + " missing from list()");
        }
    }

    @Test
    void shouldShowTheNewModeAndAFreshCtimeAfterChmod() throws Exception {
        Segment seg = ipc.track(Segment.createNew(ipc.freshKey(), 4096, 0600));
        SegmentStat before = seg.stat();

        assertEquals(seg, seg.chmod(0644));

        SegmentStat after = seg.stat();
        assertMatchesKernel(after);
        assertEquals(0644, after.mode());
        assertEquals(before.uid(), after.uid());
        assertEquals(before.gid(), after.gid());
        assertFalse(after.ctime().isBefore(before.ctime()));
        seg.chmod(0);
        assertEquals(0, seg.stat().mode());
        assertEquals("0000", seg.stat().modeOctal());
    }

    @Test
    void shouldRefuseAChmodOutsideThePermissionBits() {
        Segment seg = ipc.track(Segment.createNew(ipc.freshKey(), 4096, 0600));
        for (int mode : new int[] {-1, 01000, 04777}) {
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> seg.chmod(mode));
            assertEquals("mode out of range: mode=0" + Integer.toOctalString(mode) + " (use 0 to 0777, such as 0600)",
                    e.getMessage());
        }
        assertEquals(0600, seg.stat().mode());
    }
}
