package io.ipcsh.ipc;

import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Mutex}: a robust, process-shared pthread_mutex_t in shared memory, against C holders that die. */
class MutexTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final long AT = 64;

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private Segment segment() {
        return ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
    }

    /** A C holder locks the mutex and is SIGKILLed holding it; returns its tid. */
    private static int killedWhileHolding(Segment seg) {
        Proc holder = Proc.start(List.of(CProgram.compile("holder.c").toString(), "lock", Integer.toString(seg.shmid()),
                Long.toString(AT)));
        try (holder) {
            String line = holder.awaitLineStartingWith("locked ", PATIENCE);
            return Integer.parseInt(line.substring("locked ".length()));
        } // close(): SIGKILL
    }

    private static void awaitDeath(Mutex m, int tid) {
        Await.until(() -> !m.state().ownerAlive(), PATIENCE, "tid " + tid + " gone");
    }

    @Test
    void shouldTakeAMutexWhoseCOwnerWasKilledAndRepairIt() {
        Segment seg = segment();
        Mutex m = seg.mutex(AT).init(true);
        assertEquals("unlocked; robust; consistent", m.state().toString());
        int tid = killedWhileHolding(seg);
        Await.until(() -> m.state().ownerDied(), PATIENCE, "the kernel marked the mutex owner-died");
        Mutex.State dead = m.state();
        assertFalse(dead.consistent());
        assertEquals(tid, dead.ownerTid());
        assertEquals("free, but its owner (tid " + tid + ") died holding it; robust; not consistent: the next lock gets EOWNERDEAD",
                dead.toString());

        Mutex.Acquired a = m.lock(PATIENCE);
        assertEquals(new Mutex.Acquired(true, true, tid), a);
        Mutex.State taken = m.state();
        assertTrue(taken.locked());
        assertEquals(Mutex.currentTid(), taken.ownerTid());
        assertFalse(taken.consistent());
        m.consistent();
        assertTrue(m.state().consistent());
        assertFalse(m.unlock());
        assertEquals("unlocked; robust; consistent", m.state().toString());
        assertEquals(new Mutex.Acquired(true, false, 0), m.tryLock());
        m.unlock();
    }

    @Test
    void shouldBecomeNotRecoverableWhenUnlockedWithoutConsistentAsGlibcDoes() {
        Segment seg = segment();
        Mutex m = seg.mutex(AT).init(true);
        int tid = killedWhileHolding(seg);
        Await.until(() -> m.state().ownerDied(), PATIENCE, "owner-died");
        assertEquals(new Mutex.Acquired(true, true, tid), m.lock());
        assertTrue(m.unlock(), "unlocked while inconsistent");
        assertFalse(m.state().recoverable());
        IpcException e = assertThrows(IpcException.class, m::lock);
        assertEquals("ENOTRECOVERABLE", e.errnoName());
        assertEquals("the mutex at offset=64 in segment shmid=" + seg.shmid() + " is not recoverable: its owner died and it"
                + " was unlocked without being made consistent (init it again) [pthread_mutex_timedlock: ENOTRECOVERABLE]",
                e.getMessage());
        // C sees the same: the mutex is glibc's, not ours.
        Proc.Result c = Proc.run(PATIENCE, List.of(CProgram.compile("holder.c").toString(), "trylock",
                Integer.toString(seg.shmid()), Long.toString(AT)));
        assertEquals("trylock ENOTRECOVERABLE\n", c.stdout(), c.describe());
        m.init(true);
        assertEquals(new Mutex.Acquired(true, false, 0), m.lock());
        m.unlock();
    }

    @Test
    void shouldLetCRecoverAMutexWhoseJavaOwnerThreadEnded() throws Exception {
        Segment seg = segment();
        Mutex m = seg.mutex(AT).init(true);
        // A platform thread locks it and ends holding it: glibc and the kernel mark it owner-died.
        Thread owner = Thread.ofPlatform().start(() -> m.lock());
        owner.join();
        Await.until(() -> m.state().ownerDied(), PATIENCE, "owner-died after the thread ended");
        Proc.Result c = Proc.run(PATIENCE, List.of(CProgram.compile("holder.c").toString(), "recover",
                Integer.toString(seg.shmid()), Long.toString(AT)));
        assertEquals("owner died\nconsistent\nunlocked\n", c.stdout(), c.describe());
        assertEquals("unlocked; robust; consistent", m.state().toString());
        seg.detach(); // the dead thread holds nothing
    }

    @Test
    void shouldTimeOutOnAPlainMutexWhoseOwnerDied() {
        Segment seg = segment();
        Mutex m = seg.mutex(AT).init(false);
        int tid = killedWhileHolding(seg);
        awaitDeath(m, tid);
        Mutex.State s = m.state();
        assertTrue(s.locked());
        assertFalse(s.robust());
        assertEquals(tid, s.ownerTid());
        assertEquals("locked by tid " + tid + " (no such thread: it died holding it); not robust; consistent", s.toString());
        // The lesson: nothing tells anyone; it stays locked for ever.
        assertEquals(new Mutex.Acquired(false, false, tid), m.lock(Duration.ofMillis(300)));
    }

    @Test
    void shouldBelongToTheThreadThatLockedIt() throws Exception {
        Segment seg = segment();
        Mutex m = seg.mutex(AT).init(true);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Boolean> unlocked = new AtomicReference<>();
        Thread owner = Thread.ofPlatform().start(() -> {
            m.lock();
            locked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            unlocked.set(!m.unlock());
        });
        locked.await();
        IpcException e = assertThrows(IpcException.class, m::unlock);
        assertEquals("EPERM", e.errnoName());
        assertTrue(e.getMessage().startsWith("this thread does not hold the mutex at offset=64 in segment shmid="
                + seg.shmid() + " (tid "), e.getMessage());
        assertFalse(m.tryLock().acquired());
        IpcException busy = assertThrows(IpcException.BusyException.class, seg::detach);
        assertEquals("segment shmid=" + seg.shmid() + " holds a mutex this process has locked (offset=64): unlock it before"
                + " detaching", busy.getMessage());
        release.countDown();
        owner.join();
        assertEquals(Boolean.TRUE, unlocked.get());
        seg.detach();
    }

    @Test
    void shouldEndABlockedLockWhenInterrupted() throws Exception {
        Segment seg = segment();
        Mutex m = seg.mutex(AT).init(true);
        try (Proc holder = Proc.start(List.of(CProgram.compile("holder.c").toString(), "lock", Integer.toString(seg.shmid()),
                Long.toString(AT)))) {
            holder.awaitLineStartingWith("locked ", PATIENCE);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread waiter = Thread.ofPlatform().start(() -> {
                try {
                    m.lock();
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            Await.until(() -> waiter.getState() == Thread.State.RUNNABLE, PATIENCE, "the waiter started");
            waiter.interrupt();
            waiter.join(PATIENCE.toMillis());
            assertFalse(waiter.isAlive());
            assertTrue(thrown.get() instanceof IpcException.InterruptedIpcException, String.valueOf(thrown.get()));
            assertEquals("lock of the mutex at offset=64 cancelled", thrown.get().getMessage());
        }
    }

    @Test
    void shouldRefuseBadPlacesReadOnlyMemoryAndUninitialisedBytes() throws Exception {
        Segment seg = segment();
        assertEquals("mutex out of range: offset=4064 length=40 size=4096",
                assertThrows(IpcException.class, () -> seg.mutex(4064)).getMessage());
        assertEquals("mutex offset must be 8-byte aligned: offset=12 (try 8)",
                assertThrows(IpcException.class, () -> seg.mutex(12)).getMessage());
        assertEquals("no process-shared mutex at offset=0 in segment shmid=" + seg.shmid() + " (mutex init it first)",
                assertThrows(IpcException.class, () -> seg.mutex(0).lock()).getMessage());
        try (Segment ro = Segment.attach(seg.shmid(), true)) {
            IpcException e = assertThrows(IpcException.PermissionDeniedException.class, () -> ro.mutex(0).init(true));
            assertTrue(e.getMessage().startsWith("the mutex at offset=0 is in a read-only segment shmid=" + seg.shmid()),
                    e.getMessage());
            assertEquals("not a process-shared mutex (zeroed or never initialised: mutex init it)", ro.mutex(0).state().toString());
        }
        Mutex m = seg.mutex(0).init(true);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                m.lock();
            } catch (Throwable t) {
                thrown.set(t);
            }
        }).join();
        assertEquals("a mutex belongs to an OS thread: use it from a platform thread, not a virtual one (which moves between"
                + " OS threads)", thrown.get().getMessage());
        assertEquals("the mutex at offset=0 in segment shmid=" + seg.shmid() + " needs no repair: consistent only follows a"
                + " lock that found its owner dead [pthread_mutex_consistent: EINVAL]",
                assertThrows(IpcException.class, m::consistent).getMessage());
    }

    @Test
    void shouldRefuseAWriteOverAHeldMutexThroughTheMemoryAndItsSlicesUntilUnlocked() {
        Segment seg = segment();
        Memory memory = seg.memory();
        Memory slice = memory.slice(AT, 128);
        Mutex m = seg.mutex(AT).init(true);
        memory.putLongRelease(0, 1); // a write elsewhere while none is held
        m.lock();
        IpcException.BusyException over = assertThrows(IpcException.BusyException.class, () -> memory.putInt(AT + 8, 7));
        assertTrue(over.getMessage().contains("overlaps the mutex at offset=" + AT), over.getMessage());
        assertThrows(IpcException.BusyException.class, () -> slice.putLongRelease(0, 7), "a slice shares the held set");
        memory.putInt(AT + Mutex.SIZE, 7); // just past it is fine
        assertEquals(7, memory.getInt(AT + Mutex.SIZE));
        m.unlock();
        memory.putInt(AT + 8, 7);
        assertEquals(7, memory.getInt(AT + 8), "written once unlocked");
    }
}
