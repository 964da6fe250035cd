package io.ipcsh.ipc;

import io.ipcsh.posix.Unistd;
import io.ipcsh.testkit.AsUser;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.ScriptedPeer;
import io.ipcsh.testkit.Proc;
import io.ipcsh.testkit.SysvShm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Permissions as the kernel enforces them against a peer that is not root (uid 65534,
 * through setpriv or runuser), and read-only attaches as Java enforces them.
 */
class PermissionTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldCreateOwnerOnlySegmentsByDefault() {
        Segment seg = ipc.track(Segment.create(ipc.freshKey(), 4096));
        assertEquals(0600, seg.stat().mode());
        assertEquals(0600, SysvShm.byId(seg.shmid()).orElseThrow().perms() & 0777, "the kernel's view");
    }

    @Test
    void shouldNameModeAndOwnerWhenANonRootPeerIsDenied() {
        Segment seg = ipc.track(Segment.createNew(ipc.freshKey(), 4096, 0600));
        String owner = "(mode 0600, owner uid " + Unistd.geteuid() + ", you are uid " + AsUser.NOBODY + ")";
        try (Proc nobody = Proc.start(AsUser.nobody(Jvm.commandForOtherUser(ScriptedPeer.class)))) {
            nobody.awaitLine("ready", PATIENCE);

            nobody.println("open " + seg.key().hex());
            assertEquals("error PermissionDeniedException: permission denied attaching shmid=" + seg.shmid() + " " + owner
                    + " [shmat: EACCES] (attach it read-only, or ask its owner for access)", answer(nobody));
            nobody.println("open-ro " + seg.key().hex());
            assertEquals("error PermissionDeniedException: permission denied attaching shmid=" + seg.shmid() + " " + owner
                    + " [shmat: EACCES]", answer(nobody));
            nobody.println("open-id " + seg.shmid());
            assertEquals("error PermissionDeniedException: permission denied attaching shmid=" + seg.shmid() + " " + owner
                    + " [shmat: EACCES] (attach it read-only, or ask its owner for access)", answer(nobody));
        }
        assertEquals(1, seg.stat().nattch(), "the denied peer never attached");
    }

    @Test
    void shouldLetANonRootPeerReadButNotWriteAWorldReadableSegment() {
        Segment seg = ipc.track(Segment.createNew(ipc.freshKey(), 4096, 0644));
        seg.putInt(0, 1234);
        seg.semaphore(8).init(3);
        try (Proc nobody = Proc.start(AsUser.nobody(Jvm.commandForOtherUser(ScriptedPeer.class)))) {
            nobody.awaitLine("ready", PATIENCE);
            nobody.println("open " + seg.key().hex());
            assertEquals("error PermissionDeniedException: permission denied attaching shmid=" + seg.shmid()
                    + " (mode 0644, owner uid " + Unistd.geteuid() + ", you are uid " + AsUser.NOBODY + ")"
                    + " [shmat: EACCES] (attach it read-only, or ask its owner for access)", answer(nobody));
            nobody.println("open-ro " + seg.key().hex());
            assertEquals("ok shmid=" + seg.shmid() + " size=4096", answer(nobody));
            nobody.println("get-int 0");
            assertEquals("ok 1234", answer(nobody));
            nobody.println("put-int 0 99");
            assertEquals("error PermissionDeniedException: segment shmid=" + seg.shmid()
                    + " is attached read-only: write refused at offset=0 (attach it read-write to write)", answer(nobody));
            nobody.println("post 8");
            assertEquals("error PermissionDeniedException: segment shmid=" + seg.shmid()
                    + " is attached read-only: write refused at offset=8 (attach it read-write to write)", answer(nobody));
            nobody.println("nattch");
            assertEquals("ok 2", answer(nobody));
        }
        assertEquals(1234, seg.getInt(0));
        assertEquals(3, seg.semaphore(8).value());
    }

    @Test
    void shouldHaveTheKernelRefuseANonRootCPeer() {
        Segment seg = ipc.track(Segment.createNew(ipc.freshKey(), 4096, 0600));
        String peer = CProgram.compile("peer.c").toString();
        Proc.Result r = Proc.run(PATIENCE, AsUser.nobody(List.of(peer, Integer.toString(seg.shmid()), "attach")));
        assertEquals(3, r.exitCode(), r::describe);
        assertEquals("shmat: Permission denied\n", r.stderr());
    }

    @Test
    void shouldRefuseEveryWriteThroughAReadOnlyAttachInJava() {
        Segment rw = ipc.track(Segment.createNew(ipc.freshKey(), 4096, 0600));
        rw.putLong(0, 77);
        try (Segment ro = Segment.attach(rw.shmid(), true)) {
            String refused = "segment shmid=" + rw.shmid()
                    + " is attached read-only: write refused at offset=0 (attach it read-write to write)";
            assertEquals(refused, assertThrows(IpcException.PermissionDeniedException.class, () -> ro.putInt(0, 1)).getMessage());
            assertThrows(IpcException.PermissionDeniedException.class, () -> ro.putString(0, "x"));
            assertThrows(IpcException.PermissionDeniedException.class, () -> ro.putBytes(0, new byte[] {1}));
            assertThrows(IpcException.PermissionDeniedException.class, () -> ro.compareAndSetInt(0, 77, 1));
            assertThrows(IpcException.PermissionDeniedException.class, () -> ro.getAndAddLong(0, 1));
            assertThrows(IpcException.PermissionDeniedException.class, () -> ro.semaphore(0).post());
            assertThrows(IpcException.PermissionDeniedException.class, () -> ro.semaphore(0).tryAcquire());
            // The raw view is read-only too: a write is an exception, never a SIGSEGV.
            assertThrows(IllegalArgumentException.class, () -> ro.memory().segment().set(ValueLayout.JAVA_BYTE, 0, (byte) 1));
            assertEquals(77, ro.getLong(0));
        }
        assertEquals(77, rw.getLong(0));
    }

    /** The peer's next answer: every command gets exactly one line, ok or error. */
    private static String answer(Proc peer) {
        return peer.awaitLine(l -> l.startsWith("ok") || l.startsWith("error"), PATIENCE, "an answer");
    }
}
