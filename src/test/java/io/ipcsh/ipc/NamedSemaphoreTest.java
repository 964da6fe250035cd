package io.ipcsh.ipc;

import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POSIX named semaphores: sem_open, the Semaphore waiting code on them, sem_close, sem_unlink. */
class NamedSemaphoreTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldCountPostsAndTakesAcrossTwoOpens() {
        PosixName name = ipc.freshName();
        NamedSemaphore a = ipc.track(NamedSemaphore.create(name, 2));
        NamedSemaphore b = ipc.track(NamedSemaphore.open(name));
        assertTrue(a.created());
        assertFalse(b.created());
        assertTrue(b.tryAcquire());
        assertTrue(a.tryAcquire());
        assertFalse(b.tryAcquire(), "would block at 0");
        a.post();
        assertEquals(1, b.value());
        assertTrue(Files.isRegularFile(name.semaphorePath()), "glibc keeps it as /dev/shm/sem.NAME");
        NamedSemaphoreStat s = a.stat();
        assertEquals(1, s.value());
        assertEquals(0, s.waiters());
        assertEquals(0600, s.mode());
        assertEquals(1, s.nattch());
        assertEquals("NamedSemaphore[" + name + " value=1 waiters=0 mode=0600 nattch=1]", a.toString());
        assertTrue(NamedSemaphoreStat.list().stream().anyMatch(x -> x.name().equals(name)), "list finds it");
    }

    @Test
    void shouldLeaveTheValueOfAnExistingOneAlone() {
        PosixName name = ipc.freshName();
        ipc.track(NamedSemaphore.createNew(name, 3, 0600));
        assertEquals(3, ipc.track(NamedSemaphore.create(name, 0)).value());
        IpcException taken = assertThrows(IpcException.AlreadyExistsException.class, () -> NamedSemaphore.createNew(name, 0, 0600));
        assertEquals("named semaphore " + name + " already exists [sem_open: EEXIST] (open it without creating it, or destroy it first)",
                taken.getMessage());
    }

    @Test
    void shouldGiveTheModeAskedForWhateverTheUmask() {
        assertEquals(0666, ipc.track(NamedSemaphore.create(ipc.freshName(), 0, 0666)).stat().mode());
    }

    @Test
    void shouldWakeAWaiterAndTimeOut() throws Exception {
        NamedSemaphore sem = ipc.track(NamedSemaphore.create(ipc.freshName(), 0));
        assertFalse(sem.await(Duration.ofMillis(50)), "nobody posts: sem_timedwait runs out");
        CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> sem.await(PATIENCE));
        Await.until(() -> sem.waiters() > 0 || woken.isDone(), PATIENCE, "the waiter blocked");
        sem.post();
        assertTrue(woken.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    }

    @Test
    void shouldEndAWaitWhenItsThreadIsInterrupted() throws Exception {
        NamedSemaphore sem = ipc.track(NamedSemaphore.create(ipc.freshName(), 0));
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Void> wait = CompletableFuture.runAsync(() -> {
            waiter.set(Thread.currentThread());
            sem.await();
        });
        Await.until(() -> sem.waiters() > 0, PATIENCE, "the waiter blocked");
        waiter.get().interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> wait.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(IpcException.InterruptedIpcException.class, e.getCause());
        assertEquals("wait on the semaphore " + sem.posixName() + " cancelled", e.getCause().getMessage());
    }

    @Test
    void shouldBeOneCounterWithNoOffsetOrUndo() {
        NamedSemaphore sem = ipc.track(NamedSemaphore.create(ipc.freshName(), 0));
        assertSame(sem, sem.semaphore(OptionalLong.empty()));
        IpcException offset = assertThrows(IpcException.InvalidArgumentException.class, () -> sem.semaphore(OptionalLong.of(8)));
        assertEquals("the named semaphore " + sem.posixName() + " is one counter: give no OFFSET (8)", offset.getMessage());
        IpcException undo = assertThrows(IpcException.InvalidArgumentException.class,
                () -> sem.semaphore(OptionalLong.empty(), true));
        assertEquals("--undo needs a SysV semaphore set; a named semaphore has no undo", undo.getMessage());
    }

    @Test
    void shouldRefuseUseAfterCloseAndKeepTheSemaphoreUntilUnlinked() {
        PosixName name = ipc.freshName();
        NamedSemaphore sem = ipc.track(NamedSemaphore.create(name, 1));
        sem.detach();
        sem.close();
        assertFalse(sem.isOpen());
        IpcException e = assertThrows(IpcException.DetachedException.class, sem::post);
        assertEquals("semaphore " + name + " is detached from this process (sem open it again)", e.getMessage());
        assertEquals("NamedSemaphore[" + name + " closed]", sem.toString());
        try (NamedSemaphore again = NamedSemaphore.open(name)) {
            assertEquals(1, again.value(), "it lived on after sem_close");
            again.destroy();
            assertFalse(Files.exists(name.semaphorePath()));
            again.post();
            assertEquals(2, again.value(), "open handles keep using it after sem_unlink");
            assertTrue(again.stat().removed());
            assertEquals(0600, again.stat().mode(), "what it was when opened");
        }
        IpcException missing = assertThrows(IpcException.NotFoundException.class, () -> NamedSemaphore.open(name));
        assertEquals("no named semaphore " + name + " [sem_open: ENOENT] (create it first: NamedSemaphore.create(name, value))",
                missing.getMessage());
        IpcException gone = assertThrows(IpcException.NotFoundException.class, () -> NamedSemaphore.unlink(name));
        assertEquals("no named semaphore " + name + " [sem_unlink: ENOENT] (SharedMemoryStat.list() and NamedSemaphoreStat.list() show the POSIX objects on the host)", gone.getMessage());
    }
}
