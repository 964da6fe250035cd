package io.ipcsh.ipc;

import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POSIX shared memory: shm_open, ftruncate, mmap, fstat, munmap, shm_unlink, and the checks around them. */
class SharedMemoryTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldShareBytesBetweenTwoMappingsOfOneName() {
        PosixName name = ipc.freshName();
        SharedMemory a = ipc.track(SharedMemory.create(name, 4096));
        SharedMemory b = ipc.track(SharedMemory.open(name));
        a.putInt(0, 42);
        a.putString(100, "hello");
        b.putLong(8, -7L);
        assertEquals(42, b.getInt(0));
        assertEquals("hello", b.getString(100));
        assertEquals(-7L, a.getLong(8));
        assertTrue(a.created());
        assertFalse(b.created());
        assertEquals(4096, b.size(), "the size from fstat");
        assertTrue(Files.isRegularFile(name.shmPath()), "glibc keeps it in /dev/shm");
        assertEquals(4096, name.shmPath().toFile().length());
    }

    @Test
    void shouldStatSizeModeOwnerAndMappers() {
        PosixName name = ipc.freshName();
        SharedMemory shm = ipc.track(SharedMemory.createNew(name, 8192, 0640));
        SharedMemoryStat s = shm.stat();
        assertEquals(name, s.name());
        assertEquals(8192, s.size());
        assertEquals(0640, s.mode());
        assertEquals(io.ipcsh.posix.Unistd.geteuid(), s.uid());
        assertEquals(1, s.nattch(), "this process maps it (twice would still be one process)");
        assertFalse(s.removed());
        assertTrue(s.lines().get(1).matches("mode 0640  size 8192  holders 1( \\(\\+\\d+ unreadable\\))?  status -"),
                s.lines().get(1));
        assertTrue(SharedMemoryStat.list().stream().anyMatch(x -> x.name().equals(name) && x.size() == 8192), "list finds it");
        assertTrue(shm.toString().startsWith("SharedMemory[" + name + " size=8192 mode=0640 nattch=1"), shm.toString());
    }

    @Test
    void shouldCreateOwnerOnlyByDefaultAndGiveTheModeAskedForWhateverTheUmask() {
        assertEquals(0600, ipc.track(SharedMemory.create(ipc.freshName(), 64)).stat().mode());
        // The umask (022 here) would make 0666 into 0644; fchmod gives what was asked.
        assertEquals(0666, ipc.track(SharedMemory.create(ipc.freshName(), 64, 0666)).stat().mode());
    }

    @Test
    void shouldTakeAnExistingObjectWholeAndRefuseOneSmallerThanAskedFor() {
        PosixName name = ipc.freshName();
        ipc.track(SharedMemory.createNew(name, 4096, 0600));
        assertEquals(4096, ipc.track(SharedMemory.attach(name, 1024, Segment.Creation.OPEN, 0, false)).size());
        assertEquals(4096, ipc.track(SharedMemory.create(name, 100)).size(), "--create on an existing one maps it whole");
        IpcException e = assertThrows(IpcException.InvalidArgumentException.class,
                () -> SharedMemory.attach(name, 8192, Segment.Creation.OPEN, 0, false));
        assertEquals("the POSIX shared memory " + name + " has size=4096, smaller than the size=8192 asked for"
                + " (open it with size 0 to take it as it is)", e.getMessage());
    }

    @Test
    void shouldNameTheObjectWhenMissingOrTaken() {
        PosixName name = ipc.freshName();
        IpcException missing = assertThrows(IpcException.NotFoundException.class, () -> SharedMemory.open(name));
        assertEquals("no POSIX shared memory " + name + " [shm_open: ENOENT] (create it first: SharedMemory.create(name, size))",
                missing.getMessage());
        assertEquals("shm_open", missing.syscall());
        ipc.track(SharedMemory.createNew(name, 64, 0600));
        IpcException taken = assertThrows(IpcException.AlreadyExistsException.class,
                () -> SharedMemory.createNew(name, 64, 0600));
        assertEquals("POSIX shared memory " + name + " already exists [shm_open: EEXIST]"
                + " (open it without creating it, or destroy it first)", taken.getMessage());
    }

    @Test
    void shouldRefuseWritesThroughAReadOnlyMapping() {
        PosixName name = ipc.freshName();
        SharedMemory rw = ipc.track(SharedMemory.create(name, 4096));
        rw.putInt(0, 5);
        rw.semaphore(64).init(1);
        SharedMemory ro = ipc.track(SharedMemory.openReadOnly(name));
        assertEquals(5, ro.getInt(0));
        assertEquals(1, ro.semaphore(64).value(), "sem_getvalue only reads");
        IpcException w = assertThrows(IpcException.PermissionDeniedException.class, () -> ro.putInt(0, 6));
        assertEquals("mapping " + name + " is attached read-only: write refused at offset=0 (attach it read-write to write)",
                w.getMessage());
        assertThrows(IpcException.PermissionDeniedException.class, () -> ro.semaphore(64).post());
        assertTrue(ro.memory().segment().isReadOnly(), "FFM's view is read-only too");
        assertEquals(5, rw.getInt(0));
        IpcException create = assertThrows(IpcException.InvalidArgumentException.class,
                () -> SharedMemory.attach(ipc.freshName(), 64, Segment.Creation.CREATE, 0600, true));
        assertTrue(create.getMessage().startsWith("cannot create /ipcsh-test-"), create.getMessage());
    }

    @Test
    void shouldRefuseEveryAccessAfterDetachAndKeepTheObject() {
        PosixName name = ipc.freshName();
        SharedMemory shm = ipc.track(SharedMemory.create(name, 4096));
        shm.putInt(0, 9);
        shm.detach();
        shm.detach();
        assertFalse(shm.isOpen());
        IpcException e = assertThrows(IpcException.DetachedException.class, () -> shm.getInt(0));
        assertEquals("mapping " + name + " is detached from this process (attach it again)", e.getMessage());
        assertEquals(4096, shm.stat().size(), "stat after detach looks at the name");
        assertEquals(0, shm.stat().nattch());
        try (SharedMemory again = SharedMemory.open(name)) {
            assertEquals(9, again.getInt(0));
        }
    }

    @Test
    void shouldUnlinkOnDestroyWhileTheMappingLivesOn() {
        PosixName name = ipc.freshName();
        SharedMemory shm = ipc.track(SharedMemory.createNew(name, 4096, 0600));
        shm.destroy();
        assertFalse(Files.exists(name.shmPath()));
        shm.putInt(0, 1);
        assertEquals(1, shm.getInt(0), "mapped until munmap");
        assertTrue(shm.stat().removed());
        assertEquals(1, shm.stat().nattch());
        assertTrue(shm.leftOnHost().isEmpty());
        IpcException again = assertThrows(IpcException.NotFoundException.class, () -> SharedMemory.unlink(name));
        assertEquals("no POSIX shared memory " + name + " [shm_unlink: ENOENT] (SharedMemoryStat.list() and NamedSemaphoreStat.list() show the POSIX objects on the host)", again.getMessage());
    }

    @Test
    void shouldWaitAndPostASemaphoreInPosixMemory() throws Exception {
        SharedMemory shm = ipc.track(SharedMemory.create(ipc.freshName(), 4096));
        Semaphore s = shm.semaphore(64).init(0);
        assertEquals(shm.posixName() + " offset=64", s.label());
        CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> s.await(Duration.ofSeconds(60)));
        Await.until(() -> s.waiters() > 0 || woken.isDone(), "the waiter blocked");
        s.post();
        assertTrue(woken.get(60, TimeUnit.SECONDS));
        assertFalse(s.await(Duration.ofMillis(20)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/a/b|not a POSIX name: '/a/b' has a slash after the first",
            "/|not a POSIX name: '/' names nothing",
            "jobs|not a POSIX name: 'jobs' has no leading slash",
            "//jobs|not a POSIX name: '//jobs' has a slash after the first",
            "''|empty POSIX name"})
    void shouldRefuseBadNamesInOneLine(String name, String message) {
        IpcException e = assertThrows(IpcException.InvalidArgumentException.class, () -> PosixName.of(name));
        assertEquals(message + " (a POSIX name is /NAME: one leading slash, no other slash, at most 255 bytes)", e.getMessage());
    }

    @Test
    void shouldTakeNamesUpTo255BytesAndRefuseLonger() {
        assertEquals(255, PosixName.of("/" + "x".repeat(254)).value().length());
        IpcException e = assertThrows(IpcException.InvalidArgumentException.class, () -> PosixName.of("/" + "x".repeat(255)));
        assertEquals("POSIX name too long: 256 bytes (a POSIX name is /NAME: one leading slash, no other slash, at most 255 bytes)",
                e.getMessage());
        // UTF-8 bytes count, not characters: 128 two-byte letters are 257 bytes with the slash.
        assertThrows(IpcException.InvalidArgumentException.class, () -> PosixName.of("/" + "é".repeat(128)));
        // The longest name works for shared memory (/dev/shm/NAME is 254 bytes)...
        String longest = ipc.freshName().value();
        PosixName full = PosixName.of(longest + "x".repeat(255 - longest.length()));
        assertEquals(255, ipc.track(SharedMemory.create(full, 64)).posixName().value().length());
        // ...but not for a semaphore: sem.NAME is 258 bytes, and glibc's refusal is one line too.
        IpcException glibc = assertThrows(IpcException.class, () -> NamedSemaphore.create(full, 0));
        assertEquals("glibc refuses the name " + full + ": sem." + full.bare() + " is too long for a file name"
                + " [sem_open: ENAMETOOLONG] (use a shorter /NAME)", glibc.getMessage());
    }
}
