package io.ipcsh.ipc;

import io.ipcsh.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Correctness of the spin-then-block wait; nothing here is timed. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SemaphoreAdaptiveTest {
    private Segment segment;

    @BeforeEach
    void createSegment() {
        segment = Segment.create(IpcKey.PRIVATE, 4096);
    }

    @AfterEach
    void destroySegment() {
        segment.destroy();
        segment.detach();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 50_000, 10_000_000})
    void shouldTakeAnAlreadyPostedSemaphoreWhateverTheSpin(long spinNanos) {
        Semaphore s = segment.semaphore(0).init(2);
        s.awaitAdaptive(Duration.ofNanos(spinNanos));
        assertEquals(1, s.value());
        s.awaitAdaptive();
        assertEquals(0, s.value());
    }

    @Test
    void shouldBlockAfterTheSpinAndWakeOnALaterPost() throws Exception {
        Semaphore s = segment.semaphore(64).init(0);
        CountDownLatch spinning = new CountDownLatch(1);
        Thread waiter = Thread.ofPlatform().start(() -> {
            spinning.countDown();
            s.awaitAdaptive(Duration.ofNanos(1_000));
        });
        spinning.await();
        // Past its 1 µs spin it must sleep in the kernel: glibc counts it as a waiter then
        // (between two wait slices it briefly is not, so this looks until it sees it).
        Await.until(() -> s.waiters() == 1 || !waiter.isAlive(), Duration.ofSeconds(30), "the waiter blocked after its spin");
        // Blocked, only a post lets it finish (a bounded negative check).
        Await.holds(waiter::isAlive, Duration.ofMillis(100), "the waiter still waiting without a post");
        s.post();
        assertTrue(waiter.join(Duration.ofSeconds(30)));
        assertEquals(0, s.value());
    }

    @Test
    void shouldHandOffEveryPostExactlyOnceBetweenTwoThreads() throws Exception {
        Semaphore ping = segment.semaphore(0).init(0);
        Semaphore pong = segment.semaphore(64).init(0);
        int rounds = 20_000;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread echo = Thread.ofPlatform().start(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    ping.awaitAdaptive();
                    pong.post();
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        for (int i = 0; i < rounds; i++) {
            ping.post();
            pong.awaitAdaptive();
        }
        assertTrue(echo.join(Duration.ofSeconds(30)));
        assertEquals(null, failure.get());
        assertEquals(0, ping.value());
        assertEquals(0, pong.value());
    }

    @Test
    void shouldGiveUpAtTheTimeoutWhenNobodyPosts() {
        Semaphore s = segment.semaphore(0).init(0);
        assertFalse(s.awaitAdaptive(Duration.ofNanos(10_000), Duration.ofMillis(50)));
        assertFalse(s.awaitAdaptive(Duration.ofSeconds(5), Duration.ZERO));
        assertEquals(0, s.value());
    }

    @Test
    void shouldReturnTrueWithinTheTimeoutWhenPosted() {
        Semaphore s = segment.semaphore(0).init(1);
        assertTrue(s.awaitAdaptive(Semaphore.DEFAULT_SPIN, Duration.ofSeconds(5)));
        assertEquals(0, s.value());
    }

    @ParameterizedTest
    @ValueSource(longs = {60_000_000_000L, 1_000})
    void shouldEndTheWaitOnInterruptInSpinOrBlock(long spinNanos) throws Exception {
        Semaphore s = segment.semaphore(0).init(0);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread waiter = Thread.ofPlatform().start(() -> {
            started.countDown();
            try {
                s.awaitAdaptive(Duration.ofNanos(spinNanos));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        started.await();
        // Interrupt it where the test means to: spinning (inside awaitAdaptive, nothing in the
        // kernel yet) or, after a 1 µs spin, blocked in the kernel (glibc counts it).
        if (spinNanos > 1_000_000) {
            Await.until(() -> inside(waiter, "awaitAdaptive"), Duration.ofSeconds(30), "the waiter spinning");
        } else {
            Await.until(() -> s.waiters() == 1, Duration.ofSeconds(30), "the waiter blocked after its spin");
        }
        waiter.interrupt();
        assertTrue(waiter.join(Duration.ofSeconds(30)));
        IpcException.InterruptedIpcException e = assertInstanceOf(IpcException.InterruptedIpcException.class, thrown.get());
        assertEquals("wait on the semaphore at offset=0 cancelled", e.getMessage());
        assertEquals(0, s.value());
    }

    @Test
    void shouldRefuseANegativeSpin() {
        Semaphore s = segment.semaphore(0).init(1);
        IpcException e = assertThrows(IpcException.InvalidArgumentException.class,
                () -> s.awaitAdaptive(Duration.ofNanos(-1)));
        assertEquals("spin must not be negative: spin=-1ns", e.getMessage());
        assertEquals(1, s.value());
    }

    @Test
    void shouldRefuseAnAdaptiveWaitThroughAReadOnlyAttach() {
        segment.semaphore(0).init(1);
        Segment readOnly = Segment.attach(segment.shmid(), true);
        try {
            IpcException e = assertThrows(IpcException.PermissionDeniedException.class,
                    () -> readOnly.semaphore(0).awaitAdaptive());
            assertEquals("segment shmid=" + segment.shmid()
                    + " is attached read-only: write refused at offset=0 (attach it read-write to write)", e.getMessage());
            assertEquals(1, readOnly.semaphore(0).value());
        } finally {
            readOnly.detach();
        }
    }

    private static boolean inside(Thread t, String method) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(Semaphore.class.getName()) && e.getMethodName().equals(method)) {
                return true;
            }
        }
        return false;
    }
}
