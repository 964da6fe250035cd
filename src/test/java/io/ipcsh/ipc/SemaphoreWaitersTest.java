package io.ipcsh.ipc;

import io.ipcsh.posix.sem_t;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

    @TempDir
    static Path bin;
    private static Path peer;

    private Segment seg;
    private Process waiter;
    private BufferedReader waiterOut;

    @BeforeAll
    static void compilePeer() throws Exception {
        peer = bin.resolve("peer");
        Process gcc = new ProcessBuilder("gcc", "-std=gnu11", "-O2", "-Wall", "-Werror", "-pthread",
                "-o", peer.toString(), Path.of("src/test/c/peer.c").toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(gcc.waitFor(120, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc failed:\n" + out);
    }

    @BeforeEach
    void createSegment() {
        seg = Segment.attach(IpcKey.PRIVATE, 4096, Segment.Creation.CREATE_NEW, 0600, false);
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (waiter != null) {
            waiter.destroyForcibly();
            waiter.waitFor(10, TimeUnit.SECONDS);
        }
        seg.destroy();
        seg.detach();
    }

    @Test
    void shouldKeepTheValueInTheLowHalfOfDataAndMarkItShared() {
        Semaphore s = seg.semaphore(64).init(3);
        var raw = seg.memory().asSlice(64, Semaphore.SIZE);
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
        expectLine(waiter, "waiting");
        awaitValue(s::waiters, 1);
        assertEquals(1L << sem_t.NWAITERS_SHIFT, sem_t.data(seg.memory().asSlice(0, Semaphore.SIZE)));
        assertEquals(0, s.value());

        s.post();
        expectLine(waiter, "woke");
        assertTrue(waiter.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(0, waiter.exitValue());
        assertEquals(0, s.waiters());
        assertEquals(0, s.value());
    }

    @Test
    void shouldRefuseInitAndDestroyUnderAWaiterAndAllowThemOnceItIsReleased() throws Exception {
        Semaphore s = seg.semaphore(8).init(0);
        waiter = startPeer("wait", 8);
        expectLine(waiter, "waiting");
        awaitValue(s::waiters, 1);

        var init = assertThrows(IpcException.BusyException.class, () -> s.init(5));
        assertEquals("sem_init refused: 1 waiter is blocked on the semaphore at offset=8 in shmid=" + seg.shmid()
                + ", and re-initialising would strand it and lose the count"
                + " (post to release it first; if it was killed, sem init --force)", init.getMessage());
        var destroy = assertThrows(IpcException.BusyException.class, s::destroy);
        assertEquals("sem_destroy refused: 1 waiter is blocked on the semaphore at offset=8 in shmid=" + seg.shmid()
                + ", and destroying a semaphore under its waiters is undefined"
                + " (post to release it first; if it was killed, sem destroy --force)", destroy.getMessage());
        assertEquals(1, s.waiters(), "the refused calls must leave the waiter counted");

        s.post();
        expectLine(waiter, "woke");
        awaitValue(s::waiters, 0);
        s.init(2);
        assertEquals(2, s.value());
        s.destroy();
    }

    @Test
    void shouldStillCountAWaiterKilledWhileWaitingUntilForced() throws Exception {
        Semaphore s = seg.semaphore(0).init(0);
        waiter = startPeer("wait", 0);
        expectLine(waiter, "waiting");
        awaitValue(s::waiters, 1);
        waiter.destroyForcibly();
        assertTrue(waiter.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS));

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

    private Process startPeer(String role, long offset) throws IOException {
        Process p = new ProcessBuilder(peer.toString(), Integer.toString(seg.shmid()), role, Long.toString(offset))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        waiterOut = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        return p;
    }

    /** The peer announces each step once; reading blocks until it does (null at EOF fails). */
    private void expectLine(Process p, String expected) throws IOException {
        assertTrue(p == waiter);
        assertEquals(expected, waiterOut.readLine());
    }

    private static void awaitValue(IntSupplier actual, int expected) throws InterruptedException {
        long end = System.nanoTime() + PATIENCE.toNanos();
        while (actual.getAsInt() != expected && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        assertEquals(expected, actual.getAsInt());
    }
}
