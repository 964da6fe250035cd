package io.ipcsh.ipc;

import io.ipcsh.posix.Unistd;
import io.ipcsh.testkit.AsUser;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.Proc;
import io.ipcsh.testkit.ScriptedPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * POSIX shared memory and named semaphores against a peer that is not root (uid 65534):
 * the kernel's EACCES on /dev/shm/NAME, reported in one line naming mode and owner, and a
 * world-readable object mapped read-only, its writes refused in Java.
 */
class PosixPermissionTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private static String answer(Proc p) {
        return p.awaitLine(l -> l.startsWith("ok") || l.startsWith("error"), PATIENCE, "an answer");
    }

    @Test
    void shouldDenyANonRootPeerInOneLineNamingModeAndOwner() {
        SharedMemory shm = ipc.track(SharedMemory.createNew(ipc.freshName(), 4096, 0600));
        NamedSemaphore sem = ipc.track(NamedSemaphore.createNew(ipc.freshName(), 1, 0600));
        String owner = "(mode 0600, owner uid " + Unistd.geteuid() + ", you are uid " + AsUser.NOBODY + ")";
        try (Proc nobody = Proc.start(AsUser.nobody(Jvm.commandForOtherUser(ScriptedPeer.class)))) {
            nobody.awaitLine("ready", PATIENCE);
            nobody.println("shm-open " + shm.posixName());
            assertEquals("error PermissionDeniedException: permission denied on POSIX shared memory " + shm.posixName() + " "
                    + owner + " [shm_open: EACCES] (ask its owner, or open it read-only if it is readable)", answer(nobody));
            nobody.println("shm-open-ro " + shm.posixName());
            assertEquals("error PermissionDeniedException: permission denied on POSIX shared memory " + shm.posixName() + " "
                    + owner + " [shm_open: EACCES] (ask its owner, or open it read-only if it is readable)", answer(nobody));
            nobody.println("sem-open " + sem.posixName());
            assertEquals("error PermissionDeniedException: permission denied on named semaphore " + sem.posixName() + " "
                    + owner + " [sem_open: EACCES] (ask its owner for access)", answer(nobody));
        }
        assertEquals(1, shm.stat().nattch(), "the denied peer never mapped it");
        assertEquals(1, sem.value(), "nor touched the semaphore");
    }

    @Test
    void shouldLetANonRootPeerReadButNotWriteAWorldReadableObject() {
        SharedMemory shm = ipc.track(SharedMemory.createNew(ipc.freshName(), 4096, 0644));
        shm.putInt(0, 1234);
        try (Proc nobody = Proc.start(AsUser.nobody(Jvm.commandForOtherUser(ScriptedPeer.class)))) {
            nobody.awaitLine("ready", PATIENCE);
            nobody.println("shm-open-ro " + shm.posixName());
            assertEquals("ok name=" + shm.posixName() + " size=4096", answer(nobody));
            nobody.println("shm-get-int 0");
            assertEquals("ok 1234", answer(nobody));
            nobody.println("shm-put-int 0 99");
            assertEquals("error PermissionDeniedException: mapping " + shm.posixName()
                    + " is attached read-only: write refused at offset=0 (attach it read-write to write)", answer(nobody));
            assertEquals(2, shm.stat().nattch(), "the peer maps it");
        }
        assertEquals(1234, shm.getInt(0));
    }
}
