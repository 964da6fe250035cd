package io.ipcsh.ipc;

import io.ipcsh.testkit.AsUser;
import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Holders}: the processes /proc shows holding an object, found by shmid or by device and inode. */
class HoldersTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private static Optional<Holder> holder(Holders h, long pid) {
        return h.holders().stream().filter(x -> x.pid() == pid).findFirst();
    }

    @Test
    void shouldListTwoCHoldersWithTheirModesAndDropOneWhenItExits() {
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        Path exe = CProgram.compile("holder.c");
        try (Proc ro = Proc.start(List.of(exe.toString(), "attach", Integer.toString(seg.shmid()), "ro"));
             Proc rw = Proc.start(List.of(exe.toString(), "attach", Integer.toString(seg.shmid()), "rw"))) {
            ro.awaitLine("attached", PATIENCE);
            rw.awaitLine("attached", PATIENCE);

            Holders h = Holders.of(seg).orElseThrow();
            assertEquals(Footprint.sysvShm(seg.shmid()), h.footprint());
            assertEquals(3, h.count(), h.toString());
            Holder r = holder(h, ro.pid()).orElseThrow(() -> new AssertionError(h.toString()));
            assertEquals(List.of("SysV attach read-only"), r.ways());
            assertEquals(exe + " attach " + seg.shmid() + " ro", r.command());
            assertEquals(0, r.uid());
            assertEquals("root", r.user());
            assertFalse(r.self());
            assertEquals(List.of("SysV attach read-write"), holder(h, rw.pid()).orElseThrow().ways());
            Holder me = holder(h, ProcessHandle.current().pid()).orElseThrow(() -> new AssertionError(h.toString()));
            assertTrue(me.self());
            assertEquals(List.of("SysV attach read-write"), me.ways());
            assertEquals(h.count(), seg.stat().nattch());

            ro.closeStdin();
            assertEquals(0, ro.waitFor(PATIENCE).exitCode());
            Holders after = Await.value(() -> Holders.of(seg).orElseThrow(), x -> holder(x, ro.pid()).isEmpty(), PATIENCE,
                    "the read-only holder gone from /proc");
            assertEquals(2, after.count(), after.toString());
            assertTrue(holder(after, rw.pid()).isPresent(), after.toString());
        }
    }

    @Test
    void shouldFindAPosixMappingAndDescriptorByDeviceAndInodeWhateverItsName() throws Exception {
        // A file in /dev/shm mapped under a temporary name, linked under its real one and the
        // temporary one unlinked, as sem_open does: maps shows "/dev/shm/sem.XXXXXX (deleted)",
        // which names nothing; device and inode still match.
        Path file = Path.of("/dev/shm", "ipcsh-test-" + ProcessHandle.current().pid() + "-holders");
        Path renamed = Path.of(file + "-renamed");
        Files.write(file, new byte[4096]);
        Path exe = CProgram.compile("holder.c");
        try (Proc mapper = Proc.start(List.of(exe.toString(), "map", file.toString(), renamed.toString()))) {
            mapper.awaitLine("mapped", PATIENCE);
            Footprint.File f = Footprint.file(renamed);
            Holders h = Holders.of(f);
            Holder p = holder(h, mapper.pid()).orElseThrow(() -> new AssertionError(h.toString()));
            assertEquals(2, p.ways().size(), p.toString());
            assertEquals("mapping of " + file + " (deleted) read-write", p.ways().get(0));
            assertTrue(p.ways().get(1).matches("descriptor \\d+ \\(" + file + " \\(deleted\\)\\)"), p.ways().get(1));
            assertEquals(1, h.count(), h.toString());
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(renamed);
        }
    }

    @Test
    void shouldCountWhatItCannotReadInsteadOfSkippingIt() {
        // Held by this JVM (root); nobody can't read root's /proc/PID/maps.
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        Proc.Result r = Proc.run(PATIENCE, AsUser.nobody(Jvm.commandForOtherUser(HoldersProbe.class,
                Integer.toString(seg.shmid()))));
        assertEquals(0, r.exitCode(), r.describe());
        String[] out = r.stdout().split("\n");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("holders 0 unreadable (\\d+)").matcher(out[0]);
        assertTrue(m.matches(), r.stdout());
        int unreadable = Integer.parseInt(m.group(1));
        assertTrue(unreadable >= 1, r.stdout());
        assertEquals(unreadable + " process" + (unreadable == 1 ? "" : "es") + " could not be read (another user's"
                + " /proc/PID/maps or fd; run as root to see them): they may hold it too", out[1]);
    }

    @Test
    void shouldScanSeveralFootprintsInOnePass() {
        Segment a = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        Segment b = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        b.detach();
        Map<Footprint, Holders> all = Holders.scan(List.of(a.footprint().orElseThrow(), b.footprint().orElseThrow()));
        assertEquals(1, all.get(Footprint.sysvShm(a.shmid())).count());
        assertEquals(0, all.get(Footprint.sysvShm(b.shmid())).count());
    }

    @Test
    void shouldEncodeDevicesAsStatDoes() throws Exception {
        long dev = (Long) Files.getAttribute(Path.of("/dev/shm"), "unix:dev");
        Footprint.File f = Footprint.file(Path.of("/dev/shm"));
        assertEquals(dev, Holders.device(f.deviceText()));
        assertEquals(0x103L, Holders.device("01:03"));
        assertEquals("01:03", new Footprint.File(0x103L, 1, "x").deviceText());
    }
}
