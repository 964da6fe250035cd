package io.ipcsh.ipc;

import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.ScriptedPeer;
import io.ipcsh.testkit.Proc;
import io.ipcsh.testkit.SysvShm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real processes that die at the worst moment: a peer (a C program or a second JVM) is
 * SIGKILLed while it holds the semaphore, while it waits on it, or while merely attached,
 * and the survivor (this JVM) must see the state for what it is and never hang. Also a
 * segment removed by another process under our feet, and attaching by a removed id.
 */
class PeerFaultTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration SHORT = Duration.ofMillis(300);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private Segment seg;
    private Proc peer;

    /** The two kinds of peer: the same roles, played by C and by Java. */
    enum Kind {
        C {
            @Override
            Proc start(int shmid, String role) {
                Proc p = Proc.start(List.of(CProgram.compile("peer.c").toString(), Integer.toString(shmid), role, "0"));
                p.awaitLine(switch (role) {
                    case "attach" -> "attached";
                    case "hold" -> "holding";
                    default -> "waiting";
                }, PATIENCE);
                return p;
            }
        },
        JVM {
            @Override
            Proc start(int shmid, String role) {
                Proc p = Jvm.start(ScriptedPeer.class);
                p.awaitLine("ready", PATIENCE);
                p.println("open-id " + shmid);
                p.awaitLineStartingWith("ok shmid=" + shmid, PATIENCE);
                switch (role) {
                    case "hold" -> {
                        p.println("try 0");
                        p.awaitLine("ok true", PATIENCE);
                    }
                    case "wait" -> p.println("await 0 600000");
                    default -> { }
                }
                return p;
            }
        };

        /** Starts a peer attached to {@code shmid} playing {@code role} (attach, hold, wait), once it does. */
        abstract Proc start(int shmid, String role);
    }

    @BeforeEach
    void createSegment() {
        seg = ipc.track(Segment.createNew(ipc.freshKey(), 4096, 0600));
    }

    @AfterEach
    void killPeer() {
        if (peer != null) {
            peer.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldLetTheSurvivorsTimedWaitReturnFalseWhenThePeerHoldingTheSemaphoreIsKilled(Kind kind) throws Exception {
        Semaphore sem = seg.semaphore(0).init(1);
        peer = kind.start(seg.shmid(), "hold");
        assertEquals(0, sem.value(), "the peer took it");
        assertEquals(2, seg.stat().nattch());

        kill(peer);

        awaitEquals(1, () -> seg.stat().nattch(), "nattch after the peer died");
        assertFalse(sem.await(SHORT), "a dead holder never posts: the wait must time out, not hang");
        assertEquals(0, sem.value(), "the count the dead peer took is gone");
        assertEquals(0, sem.waiters());
        sem.post();
        assertTrue(sem.await(SHORT), "posting by hand recovers it");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldShowAWaiterKilledWhileWaitingAndKeepTheSemaphoreUsable(Kind kind) throws Exception {
        Semaphore sem = seg.semaphore(0).init(0);
        peer = kind.start(seg.shmid(), "wait");
        awaitEquals(1, sem::waiters, "waiters once the peer blocks");
        assertEquals(2, seg.stat().nattch());

        kill(peer);

        awaitEquals(1, () -> seg.stat().nattch(), "nattch after the peer died");
        assertEquals(0, sem.value());
        assertFalse(sem.await(SHORT));
        sem.post();
        assertEquals(1, sem.value(), "the dead waiter took nothing");
        assertTrue(sem.await(SHORT));
        // Killed inside sem_wait: glibc's waiter count keeps it, and init says so. A JVM
        // waiter sleeps in 100 ms slices and is, rarely, killed between two.
        int stale = sem.waiters();
        assertEquals(1, kind == Kind.C ? stale : Math.max(stale, 1), "stale waiters");
        if (stale > 0) {
            assertThrows(IpcException.BusyException.class, () -> sem.init(0));
            sem.forceInit(0);
        }
        assertEquals(0, sem.waiters());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void shouldDropNattchWhenAnAttachedPeerIsKilled(Kind kind) throws Exception {
        seg.putInt(16, 42);
        peer = kind.start(seg.shmid(), "attach");
        assertEquals(2, seg.stat().nattch());
        assertEquals(2L, SysvShm.byId(seg.shmid()).orElseThrow().nattch(), "the kernel's own count agrees");

        kill(peer);

        awaitEquals(1, () -> seg.stat().nattch(), "nattch after the peer died");
        assertEquals(42, seg.getInt(16));
        assertFalse(seg.stat().dest());
    }

    @Test
    void shouldKeepWorkingAndShowDestWhenAnotherProcessDestroysTheSegment() {
        IpcKey key = seg.key();
        seg.putInt(0, 7);
        Proc.Result rm = Proc.run(PATIENCE, List.of("ipcrm", "-m", Integer.toString(seg.shmid())));
        assertEquals(0, rm.exitCode(), rm::describe);

        SegmentStat stat = seg.stat();
        assertTrue(stat.dest());
        assertEquals(IpcKey.PRIVATE, stat.key(), "the kernel forgets the key at IPC_RMID");
        assertEquals(1, stat.nattch());
        assertEquals(7, seg.getInt(0));
        seg.putInt(0, 8);
        assertEquals(8, seg.getInt(0));
        seg.semaphore(8).init(0).post();
        assertTrue(seg.semaphore(8).tryAcquire());
        var gone = assertThrows(IpcException.NotFoundException.class, () -> Segment.open(key));
        assertEquals("no segment with key " + key.hex() + " [shmget: ENOENT] (create it first: Segment.create(key, size))",
                gone.getMessage());
    }

    @Test
    void shouldSayTheIdWasRemovedWhenAttachingByARemovedId() {
        int shmid = seg.shmid();
        seg.destroy();
        try (Segment second = Segment.attach(shmid)) {
            assertTrue(second.stat().dest(), "Linux still attaches a removed segment by id while it lives");
            assertEquals(2, second.stat().nattch());
        }
        seg.detach();
        assertTrue(SysvShm.byId(shmid).isEmpty(), "freed at the last detach");

        var e = assertThrows(IpcException.InvalidArgumentException.class, () -> Segment.attach(shmid));
        assertEquals("no segment with shmid=" + shmid + ": it was removed, or never existed"
                + " [shmat: EINVAL] (SegmentStat.list() shows the segments on the host)", e.getMessage());
        var stat = assertThrows(IpcException.InvalidArgumentException.class, () -> SegmentStat.of(shmid));
        assertEquals("no segment with shmid=" + shmid + " [shmctl: EINVAL] (it may have been removed; SegmentStat.list() shows the segments on the host)",
                stat.getMessage());
    }

    /** SIGKILL, and wait until the kernel has reaped it (and so detached its memory). */
    private static void kill(Proc p) throws Exception {
        ProcessHandle h = ProcessHandle.of(p.pid()).orElseThrow();
        assertTrue(h.destroyForcibly(), "SIGKILL sent");
        h.onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    private static void awaitEquals(long expected, LongSupplier actual, String what) {
        Await.value(actual::getAsLong, v -> v == expected, PATIENCE, what + " = " + expected);
    }
}
