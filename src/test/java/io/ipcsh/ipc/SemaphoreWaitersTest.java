package io.ipcsh.ipc;

import io.ipcsh.posix.sem_t;
import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the glibc {@code sem_t} layout that {@link sem_t} describes against a real
 * waiter in another process (a C peer blocked in {@code sem_wait}), and the guards
 * {@link Semaphore#init} and {@link Semaphore#destroy} build on it.
 */
class SemaphoreWaitersTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private Segment seg;
    private Proc waiter;

    @BeforeEach
    void createSegment() {
        seg = ipc.track(Segment.attach(IpcKey.PRIVATE, 4096, Segment.Creation.CREATE_NEW, 0600, false));
    }

    @AfterEach
    void killPeer() {
        if (waiter != null) {
            waiter.close();
        }
    }

    @Test
    void shouldKeepTheValueInTheLowHalfOfDataAndMarkItShared() {
        Semaphore s = seg.semaphore(64).init(3);
        var raw = seg.memory().segment().asSlice(64, Semaphore.SIZE);
        assertEquals(3L, sem_t.data(raw));
        assertEquals(sem_t.SHARED, sem_t.privateFlag(raw));
        s.post();
        assertEquals(4, sem_t.value(raw));
        assertEquals(4, s.value());
        assertEquals(0, s.waiters());
    }

    @Test
    void shouldCountAWaiterBlockedInAnotherProcessInTheHighHalfOfData() throws Exception {
        Semaphore s = seg.semaphore(0).init(0);
        waiter = startPeer("wait", 0);
        awaitValue(s::waiters, 1);
        assertEquals(1L << sem_t.NWAITERS_SHIFT, sem_t.data(seg.memory().segment().asSlice(0, Semaphore.SIZE)));
        assertEquals(0, s.value());

        s.post();
        waiter.awaitLine("woke", PATIENCE);
        assertEquals(0, waiter.waitFor(PATIENCE).exitCode());
        assertEquals(0, s.waiters());
        assertEquals(0, s.value());
    }

    @Test
    void shouldRefuseInitAndDestroyUnderAWaiterAndAllowThemOnceItIsReleased() throws Exception {
        Semaphore s = seg.semaphore(8).init(0);
        waiter = startPeer("wait", 8);
        awaitValue(s::waiters, 1);

        var init = assertThrows(IpcException.BusyException.class, () -> s.init(5));
        assertEquals("sem_init refused: 1 waiter is blocked on the semaphore at offset=8 in shmid=" + seg.shmid()
                + ", and re-initialising would strand it and lose the count"
                + " (post to release the waiters first; if they were killed, Semaphore.forceInit(value))", init.getMessage());
        var destroy = assertThrows(IpcException.BusyException.class, s::destroy);
        assertEquals("sem_destroy refused: 1 waiter is blocked on the semaphore at offset=8 in shmid=" + seg.shmid()
                + ", and destroying a semaphore under its waiters is undefined"
                + " (post to release the waiters first; if they were killed, Semaphore.forceDestroy())", destroy.getMessage());
        assertEquals(1, s.waiters(), "the refused calls must leave the waiter counted");

        s.post();
        waiter.awaitLine("woke", PATIENCE);
        awaitValue(s::waiters, 0);
        s.init(2);
        assertEquals(2, s.value());
        s.destroy();
    }

    @Test
    void shouldStillCountAWaiterKilledWhileWaitingUntilForced() throws Exception {
        Semaphore s = seg.semaphore(0).init(0);
        waiter = startPeer("wait", 0);
        awaitValue(s::waiters, 1);
        waiter.close(); // SIGKILL, then reaped

        assertEquals(1, s.waiters(), "glibc can't know its waiter died");
        assertThrows(IpcException.BusyException.class, () -> s.init(1));
        s.forceInit(1);
        assertEquals(0, s.waiters());
        assertEquals(1, s.value());
        assertTrue(s.tryAcquire());
    }

    @Test
    void shouldResetTheCountOfALiveSemaphoreWithoutWaiters() {
        Semaphore s = seg.semaphore(0).init(7);
        s.post();
        s.init(1);
        assertEquals(1, s.value());
        assertTrue(s.tryAcquire());
        assertFalse(s.tryAcquire());
    }

    @Test
    void shouldInitOverBytesThatWereNeverASemaphore() {
        seg.putLong(0, -1L);
        assertEquals(0, seg.semaphore(0).waiters(), "not process-shared: no waiters to protect");
        Semaphore s = seg.semaphore(0).init(0);
        assertEquals(0, s.value());
        assertEquals(0, s.waiters());
    }

    @Test
    void shouldReadWaitersThroughAReadOnlyAttach() {
        seg.semaphore(0).init(4);
        try (Segment ro = Segment.attach(seg.shmid(), true)) {
            assertEquals(0, ro.semaphore(0).waiters());
            assertEquals(4, ro.semaphore(0).value());
            assertThrows(IpcException.PermissionDeniedException.class, () -> ro.semaphore(0).init(0));
        }
    }

    @Test
    void shouldRefuseToBlockOrPostOnAnOverwrittenSemaphoreInsteadOfAbortingTheJvm() {
        Semaphore s = seg.semaphore(16).init(0);
        seg.putInt(16 + sem_t.PRIVATE_OFFSET, 12345); // what `write 24 i32 12345` does
        String refused = "no valid semaphore at offset=16 in shmid=" + seg.shmid() + ": its sem_t was overwritten"
                + " (futex flag 12345 at offset=24, where sem_init stores 128), and glibc would abort the process on it"
                + " (sem init it again)";
        // Unchecked, each of these reaches futex() with a garbage operation and glibc abort()s.
        assertEquals(refused, assertThrows(IpcException.InvalidArgumentException.class,
                () -> s.await(Duration.ofMillis(10))).getMessage());
        assertThrows(IpcException.InvalidArgumentException.class, s::awaitUninterruptibly);
        assertThrows(IpcException.InvalidArgumentException.class, () -> s.awaitAdaptive(Duration.ZERO, Duration.ofMillis(10)));
        assertThrows(IpcException.InvalidArgumentException.class, s::post);
        assertFalse(s.tryAcquire(), "trywait makes no futex call: it just says would block");
        s.init(1);
        assertTrue(s.await(Duration.ofMillis(10)));
    }

    /** A C peer blocked in {@code sem_wait} on the semaphore at {@code offset}, once it says so. */
    private Proc startPeer(String role, long offset) {
        Proc p = Proc.start(List.of(CProgram.compile("peer.c").toString(),
                Integer.toString(seg.shmid()), role, Long.toString(offset)));
        p.awaitLine("waiting", PATIENCE);
        return p;
    }

    private static void awaitValue(IntSupplier actual, int expected) {
        Await.value(actual::getAsInt, v -> v == expected, PATIENCE, "the value " + expected);
    }
}
