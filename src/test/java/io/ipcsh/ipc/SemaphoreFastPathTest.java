package io.ipcsh.ipc;

import io.ipcsh.posix.sem_t;
import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Semaphore}'s fast path (glibc's compare-and-swap on the {@code sem_t}'s data word,
 * made in Java) against C programs that use libc's {@code sem_post}, {@code sem_wait} and
 * {@code sem_trywait} on the same semaphore at the same time
 * ({@code src/test/c/sem_hammer.c}), for a {@code sem_t} in a SysV segment and for a named
 * one. A post made in Java while a C waiter sleeps must wake it, a token either side adds
 * must be takeable by the other, and no token may be lost or made up when both hammer it.
 */
class SemaphoreFastPathTest {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** Hand-offs through a blocking wait: each may cost a futex wake-up. */
    private static final int HAND_OFFS = 20_000;
    /** One post in this many is made only once C is known to sleep in sem_wait. */
    private static final int BLOCKED_EVERY = 50;
    /**
     * Iterations of the post-and-two-trywaits loop on each side: enough (tenths of a second
     * or more) that C's loop and both Java threads' overlap, whatever the JIT's warm-up.
     */
    private static final int HAMMER = 2_000_000;

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private final List<Proc> peers = new ArrayList<>();

    @AfterEach
    void killPeers() {
        peers.forEach(Proc::close);
    }

    /** The semaphore under test and how sem_hammer.c names it. */
    private record Target(Semaphore sem, List<String> where) {
    }

    private Target target(String kind) {
        if (kind.equals("named")) {
            NamedSemaphore named = ipc.track(NamedSemaphore.createNew(ipc.freshName(), 0, 0600));
            return new Target(named.semaphore(), List.of(named.name()));
        }
        Segment seg = ipc.track(Segment.attach(IpcKey.PRIVATE, 4096, Segment.Creation.CREATE_NEW, 0600, false));
        return new Target(seg.semaphore(64).init(0), List.of(Integer.toString(seg.shmid()), "64"));
    }

    private Proc hammer(Target t, String role, long n) {
        List<String> command = new ArrayList<>();
        command.add(CProgram.compile("sem_hammer.c").toString());
        command.addAll(t.where());
        command.add(role);
        command.add(Long.toString(n));
        Proc p = Proc.start(command);
        peers.add(p);
        return p;
    }

    private static MemorySegment words(Semaphore s) {
        return s.memory().segment().asSlice(s.offset(), Semaphore.SIZE);
    }

    @Test
    void shouldWakeACWaiterBlockedInSemWaitEvenThoughNoSyscallIsMadeWithoutOne() {
        Segment seg = ipc.track(Segment.attach(IpcKey.PRIVATE, 4096, Segment.Creation.CREATE_NEW, 0600, false));
        Semaphore s = seg.semaphore(0).init(0);
        Proc waiter = Proc.start(List.of(CProgram.compile("peer.c").toString(), Integer.toString(seg.shmid()), "wait", "0"));
        peers.add(waiter);
        waiter.awaitLine("waiting", PATIENCE);
        Await.until(() -> s.waiters() == 1, PATIENCE, "the C peer blocked in sem_wait");
        assertEquals(1L << sem_t.NWAITERS_SHIFT, sem_t.data(words(s)), "count 0 and one waiter: a post must wake it");

        s.post();
        waiter.awaitLine("woke", PATIENCE);
        assertEquals(0, waiter.waitFor(PATIENCE).exitCode());
        assertEquals(0L, sem_t.data(words(s)), "the waiter took the token and left");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sysv", "named"})
    void shouldTakeInJavaWhatCPostedAndLeaveToCWhatJavaPosted(String kind) {
        Target t = target(kind);
        Proc c = hammer(t, "post", 1000);
        c.awaitLine("posted 1000", PATIENCE);
        assertEquals(0, c.waitFor(PATIENCE).exitCode());
        assertEquals(1000, t.sem().value());
        int taken = 0;
        while (t.sem().tryAcquire()) {
            taken++;
        }
        assertEquals(1000, taken, "every token C's sem_post added, and no more");

        for (int i = 0; i < 500; i++) {
            t.sem().post();
        }
        assertEquals(500, t.sem().value(), "sem_getvalue counts Java's posts");
        Proc taker = hammer(t, "take", 500);
        taker.awaitLine("took 500", PATIENCE);
        assertEquals(0, taker.waitFor(PATIENCE).exitCode());
        assertFalse(t.sem().tryAcquire(), "C's sem_wait took all of them");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sysv", "named"})
    void shouldWakeEveryBlockedCWaitWhileJavaPostsAsFastAsItCan(String kind) {
        Target t = target(kind);
        Proc c = hammer(t, "take", HAND_OFFS);
        c.awaitLine("taking", PATIENCE);
        for (int i = 0; i < HAND_OFFS; i++) {
            if (i % BLOCKED_EVERY == 0) {
                // C has taken every token so far and sleeps in sem_wait: this post must go to libc.
                Await.until(() -> t.sem().waiters() == 1, PATIENCE, "C blocked in sem_wait");
            }
            t.sem().post();
        }
        // A post made without the futex wake while C slept would leave C blocked here for ever.
        c.awaitLine("took " + HAND_OFFS, PATIENCE);
        assertEquals(0, c.waitFor(PATIENCE).exitCode());
        assertEquals(0L, sem_t.data(words(t.sem())), "no token and no waiter left");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sysv", "named"})
    void shouldTakeEveryCPostInJavaWaitsOfEachKind(String kind) throws Exception {
        Target t = target(kind);
        Semaphore s = t.sem();
        CompletableFuture<Void> java = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < HAND_OFFS; i++) {
                switch (i % 4) {
                    case 0 -> s.awaitUninterruptibly();
                    case 1 -> s.await();
                    case 2 -> assertTrue(s.await(PATIENCE), "a timed wait ran out with C still posting");
                    default -> s.awaitAdaptive();
                }
            }
        });
        // One post at a time: each wait finds the count at 0 and blocks (or spins) until C posts.
        Proc c = hammer(t, "pace", HAND_OFFS);
        c.awaitLine("posted " + HAND_OFFS, PATIENCE);
        java.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(0, c.waitFor(PATIENCE).exitCode());
        assertEquals(0L, sem_t.data(words(s)), "every post taken, no waiter left");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sysv", "named"})
    void shouldLoseNoTokenWhenCAndTwoJavaThreadsPostAndTakeAtOnce(String kind) throws Exception {
        Target t = target(kind);
        Semaphore s = t.sem();
        Proc c = hammer(t, "mix", HAMMER);
        c.awaitLine("ready", PATIENCE);
        CountDownLatch go = new CountDownLatch(1);
        // Threads of their own: the common pool may have a single worker on two CPUs.
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Long>> java = Stream.generate(() -> threads.submit(() -> {
                awaitLatch(go);
                long taken = 0;
                for (int i = 0; i < HAMMER; i++) {
                    s.post();
                    for (int k = 0; k < 2; k++) {
                        if (s.tryAcquire()) {
                            taken++;
                        }
                    }
                }
                return taken;
            })).limit(2).toList();
            c.println("go");
            go.countDown();
            checkCounts(s, c, java);
        } finally {
            threads.shutdownNow();
        }
    }

    /** Every token posted is either taken by someone or still there, and nothing else is. */
    private static void checkCounts(Semaphore s, Proc c, List<Future<Long>> java) throws Exception {
        long takenByC = Long.parseLong(c.awaitLineStartingWith("taken ", PATIENCE).substring("taken ".length()));
        assertEquals(0, c.waitFor(PATIENCE).exitCode());
        long takenByJava = 0;
        for (Future<Long> f : java) {
            takenByJava += f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        long posted = 3L * HAMMER;
        long left = posted - takenByC - takenByJava;
        assertTrue(left >= 0, "more taken than posted: C " + takenByC + ", Java " + takenByJava);
        assertEquals(left, s.value(), "posted " + posted + ", C took " + takenByC + ", Java " + takenByJava);
        assertEquals(0, s.waiters());
        long drained = 0;
        while (s.tryAcquire()) {
            drained++;
        }
        assertEquals(left, drained, "what is left is exactly what tryAcquire finds");
        assertEquals(0L, sem_t.data(words(s)));
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertTrue(latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "never told to go");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
