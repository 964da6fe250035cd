package io.ipcsh.ipc;

import io.ipcsh.ipc.IpcException.InvalidArgumentException;
import io.ipcsh.ipc.IpcException.NotFoundException;
import io.ipcsh.posix.Unistd;
import io.ipcsh.testkit.AsUser;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.ScriptedPeer;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Segments: by key or id without attaching; IPC_SET and IPC_RMID as owner and as somebody else. */
class SegmentsTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private static String answer(Proc peer) {
        return peer.awaitLine(l -> l.startsWith("ok") || l.startsWith("error"), PATIENCE, "an answer");
    }

    @Test
    void shouldFindAndDestroyBySegmentKey() {
        IpcKey key = ipc.freshKey();
        Segment seg = ipc.track(Segment.createNew(key, 4096, 0600));
        assertEquals(seg.shmid(), Segments.idOf(key));

        Segments.destroy(key);

        assertTrue(seg.stat().dest());
        NotFoundException e = assertThrows(NotFoundException.class, () -> Segments.idOf(key));
        assertEquals("no segment with key " + key.hex() + " [shmget: ENOENT] (SegmentStat.list() shows the segments on the host)", e.getMessage());
    }

    @Test
    void shouldRefuseToLookUpThePrivateKey() {
        assertEquals("IPC_PRIVATE names no existing segment (attach it by id: Segment.attach(shmid))",
                assertThrows(InvalidArgumentException.class, () -> Segments.idOf(IpcKey.PRIVATE)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MAX_VALUE})
    void shouldSayWhenDestroyingAnIdThatIsGone(int shmid) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Segments.destroy(shmid));
        assertEquals("no segment with shmid=" + shmid + " [shmctl: EINVAL] (it may be removed already; SegmentStat.list() shows the segments on the host)",
                e.getMessage());
    }

    /** IPC_SET and IPC_RMID are for the owner and creator only; a stranger gets EPERM (or EACCES first). */
    @Test
    void shouldRefuseChmodAndDestroyByAnotherUser() {
        Segment hidden = ipc.track(Segment.createNew(ipc.freshKey(), 4096, 0600));
        Segment open = ipc.track(Segment.createNew(ipc.freshKey(), 4096, 0666));
        try (Proc nobody = Proc.start(AsUser.nobody(Jvm.commandForOtherUser(ScriptedPeer.class)))) {
            nobody.awaitLine("ready", PATIENCE);

            nobody.println("chmod-id " + hidden.shmid() + " 666");
            assertEquals("error PermissionDeniedException: cannot change the mode of shmid=" + hidden.shmid()
                    + " [shmctl: EACCES] (only its owner or creator may)", answer(nobody));
            nobody.println("chmod-id " + open.shmid() + " 600");
            assertEquals("error PermissionDeniedException: cannot change the mode of shmid=" + open.shmid()
                    + " [shmctl: EPERM] (only its owner or creator may)", answer(nobody));
            nobody.println("destroy-id " + hidden.shmid());
            assertEquals("error PermissionDeniedException: only the owner or creator may destroy shmid=" + hidden.shmid()
                    + " [shmctl: EPERM] (ask its owner, or root)", answer(nobody));
            nobody.println("stat-id " + hidden.shmid());
            assertEquals("error PermissionDeniedException: no read permission on segment shmid=" + hidden.shmid()
                    + " [shmctl: EACCES] (SegmentStat.list() shows it without read permission)", answer(nobody));
            nobody.println("stat-id " + open.shmid());
            assertEquals("ok uid=" + Unistd.geteuid() + " mode=0666 nattch=1 dest=false", answer(nobody));

            // The owner opens it up with IPC_SET: now the stranger may attach.
            nobody.println("open-id " + hidden.shmid());
            assertTrue(answer(nobody).startsWith("error PermissionDeniedException: permission denied attaching"));
            hidden.chmod(0606);
            nobody.println("open-id " + hidden.shmid());
            assertEquals("ok shmid=" + hidden.shmid() + " size=4096", answer(nobody));
            nobody.println("put-int 0 4242");
            assertEquals("ok", answer(nobody));
            assertEquals(4242, hidden.getInt(0));
        }
        assertEquals(0606, hidden.stat().mode());
        assertEquals(0666, open.stat().mode());
    }
}
