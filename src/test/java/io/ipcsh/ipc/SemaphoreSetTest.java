package io.ipcsh.ipc;

import io.ipcsh.ipc.SemaphoreSet.Op;
import io.ipcsh.posix.Errno;
import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SemaphoreSet} against the kernel: semget by key and id, semop one and several at
 * once, semctl GETVAL/SETVAL/SETALL/GETALL/GETNCNT/GETZCNT/GETPID, IPC_STAT and the
 * listing, IPC_RMID under a waiter, and the error table (checked against /proc/sysvipc/sem
 * where the library's own view would prove nothing).
 */
class SemaphoreSetTest {
    private static final Duration PATIENCE = Await.PATIENCE;

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private SemaphoreSet privateSet(int nsems) {
        return ipc.track(SemaphoreSet.createNew(IpcKey.PRIVATE, nsems, 0600));
    }

    /** The kernel's own line for the set in /proc/sysvipc/sem: key semid perms nsems uid gid cuid cgid otime ctime. */
    private static String[] procLine(int semid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/sysvipc/sem"))) {
            String[] f = line.strip().split("\\s+");
            if (f.length > 1 && f[1].equals(Integer.toString(semid))) {
                return f;
            }
        }
        return null;
    }

    @Test
    void shouldCreateOpenAndSayWhetherItCreated() throws Exception {
        IpcKey key = ipc.freshKey();
        SemaphoreSet made = ipc.track(SemaphoreSet.create(key, 3));
        assertTrue(made.created());
        assertEquals(3, made.count());
        String[] proc = procLine(made.semid());
        assertEquals("600", proc[2], "mode 0600 by default, as the kernel shows it");
        assertEquals("3", proc[3]);
        assertEquals(key.value(), Integer.parseInt(proc[0]));

        SemaphoreSet again = SemaphoreSet.create(key, 3);
        assertFalse(again.created(), "IPC_CREAT on an existing set opens it");
        assertEquals(made.semid(), again.semid());
        SemaphoreSet opened = SemaphoreSet.open(key);
        assertEquals(3, opened.count(), "nsems learned from IPC_STAT");
        SemaphoreSet byId = SemaphoreSet.open(made.semid());
        assertEquals(key, byId.key());
        assertEquals(3, byId.count());
    }

    @Test
    void shouldRefuseWhatSemgetRefusesInOneLine() {
        IpcKey key = ipc.freshKey();
        IpcException missing = assertThrows(IpcException.NotFoundException.class, () -> SemaphoreSet.open(key));
        assertEquals("no semaphore set with key " + key.hex() + " [semget: ENOENT] (create it first: SemaphoreSet.create(key, nsems))",
                missing.getMessage());
        assertEquals("semget", missing.syscall());
        assertEquals("ENOENT", missing.errnoName());

        ipc.track(SemaphoreSet.createNew(key, 2, 0600));
        IpcException taken = assertThrows(IpcException.AlreadyExistsException.class, () -> SemaphoreSet.createNew(key, 2, 0600));
        assertEquals("a semaphore set with key " + key.hex() + " already exists [semget: EEXIST]"
                + " (open it with SemaphoreSet.open(key), or destroy it first)", taken.getMessage());

        IpcException bigger = assertThrows(IpcException.InvalidArgumentException.class,
                () -> SemaphoreSet.get(key, 5, Segment.Creation.OPEN, 0));
        assertEquals("the semaphore set with key " + key.hex() + " has nsems=2, fewer than the nsems=5 asked for"
                + " [semget: EINVAL] (ask for 2 or fewer, or omit the count)", bigger.getMessage());

        long semmsl = Limits.semmsl();
        IpcException huge = assertThrows(IpcException.InvalidArgumentException.class,
                () -> SemaphoreSet.createNew(IpcKey.PRIVATE, (int) semmsl + 1, 0600));
        assertEquals("nsems=" + (semmsl + 1) + " is out of range for a new semaphore set [semget: EINVAL] (use 1 up to SEMMSL="
                + semmsl + ")", huge.getMessage());
        assertThrows(IpcException.InvalidArgumentException.class, () -> SemaphoreSet.open(IpcKey.PRIVATE));
        assertThrows(IpcException.InvalidArgumentException.class, () -> SemaphoreSet.createNew(IpcKey.PRIVATE, 0, 0600));
    }

    @Test
    void shouldSetGetAndReportEveryMemberAsIpcsDoes() throws Exception {
        SemaphoreSet set = privateSet(3);
        set.setAll(1, 0, 7).setValue(1, 5);
        assertArrayEquals(new int[] {1, 5, 7}, set.values());
        assertEquals(7, set.value(2));
        assertEquals(5, set.member(1).value());
        SemaphoreSetStat st = set.stat();
        assertEquals(3, st.nsems());
        assertEquals(List.of(1, 5, 7), st.members().stream().map(SemaphoreSetStat.MemberStat::value).toList());
        assertEquals(List.of("semnum   value    ncount   zcount   pid", "0        1        0        0        "
                + ProcessHandle.current().pid()), st.lines().subList(4, 6));
        assertTrue(set.toString().startsWith("SemaphoreSet[key=0x00000000 semid=" + set.semid() + " nsems=3 values=1,5,7"),
                set.toString());
        assertTrue(SemaphoreSetStat.list().stream().anyMatch(s -> s.semid() == set.semid() && s.nsems() == 3));
    }

    @Test
    void shouldDoSeveralOperationsAtomicallyOrNone() {
        SemaphoreSet set = privateSet(3);
        set.setAll(1, 0, 0);
        // 0:-1 alone could go, 1:-1 can't: all or nothing, so member 0 keeps its 1.
        assertFalse(set.semop(List.of(Op.parse("0:-1"), Op.parse("1:-1")), false, true, null));
        assertArrayEquals(new int[] {1, 0, 0}, set.values());
        assertTrue(set.semop(List.of(Op.parse("0:-1"), Op.parse("1:+2"), Op.parse("2:0")), false, true, null));
        assertArrayEquals(new int[] {0, 2, 0}, set.values());
        assertFalse(set.semop(List.of(Op.parse("1:0")), false, false, Duration.ofMillis(50)), "waits for zero, times out");
        assertEquals(0, set.zcount(1), "no one waits after the time-out");
    }

    @Test
    void shouldCountWaitersAndWakeThemAcrossThreads() throws Exception {
        SemaphoreSet set = privateSet(2);
        set.setValue(1, 1);
        AtomicReference<Object> taken = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            set.member(0).await();
            taken.set("acquired");
        });
        Thread zero = Thread.ofPlatform().start(() -> set.semop(List.of(Op.parse("1:0"))));
        Await.until(() -> set.ncount(0) == 1 && set.zcount(1) == 1, PATIENCE, "GETNCNT and GETZCNT see the two waiters");
        SemaphoreSetStat st = set.stat();
        assertEquals(1, st.members().get(0).ncount());
        assertEquals(1, st.members().get(1).zcount());
        set.member(0).post();
        set.member(1).tryAcquire();
        waiter.join(PATIENCE.toMillis());
        zero.join(PATIENCE.toMillis());
        assertEquals("acquired", taken.get());
        assertFalse(zero.isAlive());
        assertEquals(ProcessHandle.current().pid(), set.pid(0));
    }

    @Test
    void shouldCancelABlockedSemopWhenInterrupted() throws Exception {
        SemaphoreSet set = privateSet(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                set.member(0, true).await();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        Await.until(() -> set.ncount(0) == 1, PATIENCE, "the waiter blocked in semtimedop");
        waiter.interrupt();
        waiter.join(PATIENCE.toMillis());
        assertFalse(waiter.isAlive());
        assertInstanceOf(IpcException.InterruptedIpcException.class, failure.get());
        assertEquals("wait on semid " + set.semid() + " member 0 cancelled", failure.get().getMessage());
        assertEquals(0, set.value(0));
    }

    @Test
    void shouldWakeAWaiterWithRemovedWhenDestroyed() throws Exception {
        SemaphoreSet set = privateSet(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread waiter = Thread.ofPlatform().start(() -> {
            try {
                set.member(0).await();
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        Await.until(() -> set.ncount(0) == 1, PATIENCE, "the waiter blocked");
        set.destroy();
        waiter.join(PATIENCE.toMillis());
        IpcException e = assertInstanceOf(IpcException.RemovedException.class, failure.get());
        assertEquals("semaphore set semid=" + set.semid() + " was removed [semtimedop: EIDRM]", e.getMessage());
        IpcException after = assertThrows(IpcException.InvalidArgumentException.class, () -> set.member(0).post());
        assertEquals("no semaphore set with semid=" + set.semid() + ": it was removed, or never existed [semop: EINVAL]"
                + " (SemaphoreSetStat.list() shows the sets on the host)", after.getMessage());
        assertThrows(IpcException.InvalidArgumentException.class, set::stat);
        assertEquals(java.util.Optional.empty(), set.leftOnHost());
    }

    @Test
    void shouldRefuseBadInputBeforeOrFromTheKernelInOneLine() {
        SemaphoreSet set = privateSet(3);
        assertEquals("member out of range: member=3 nsems=3 (semid=" + set.semid() + " has members 0 to 2)",
                assertThrows(IpcException.InvalidArgumentException.class, () -> set.member(3)).getMessage());
        assertThrows(IpcException.InvalidArgumentException.class, () -> set.semaphore(OptionalLong.of(-1)));
        assertEquals("value out of range: value=32768 (use 0 to SEMVMX=32767)",
                assertThrows(IpcException.InvalidArgumentException.class, () -> set.setValue(0, 32768)).getMessage());
        assertThrows(IpcException.InvalidArgumentException.class, () -> set.setAll(1, 2, 40000));
        assertThrows(IpcException.InvalidArgumentException.class, () -> set.setAll(1, 2));

        // The kernel's own refusals: ERANGE past SEMVMX, E2BIG past SEMOPM.
        set.setValue(0, SemaphoreSet.VALUE_MAX);
        IpcException over = assertThrows(IpcException.InvalidArgumentException.class, () -> set.member(0).post());
        assertEquals(Errno.ERANGE.value, over.errno());
        assertEquals("semop 0:+1 would take a member of semid=" + set.semid() + " over SEMVMX=32767 [semop: ERANGE]",
                over.getMessage());
        int semopm = (int) Limits.semopm();
        List<Op> many = new ArrayList<>();
        for (int i = 0; i <= semopm; i++) {
            many.add(new Op(1, 1));
        }
        IpcException tooMany = assertThrows(IpcException.class, () -> set.semop(many, false, true, null));
        assertEquals(Errno.E2BIG.value, tooMany.errno());
        assertTrue(tooMany.getMessage().startsWith("too many operations in one semop: " + (semopm + 1) + " (SEMOPM=" + semopm + ")"),
                tooMany.getMessage());
        assertEquals(0, set.value(1), "nothing was done");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "0:", ":1", "0:-", "a:1", "0:1:2", "0:--1", "-1:1", "0:+40000", "70000:1", "0:99999999999"})
    void shouldRefuseAMalformedOperation(String text) {
        IpcException e = assertThrows(IpcException.InvalidArgumentException.class, () -> Op.parse(text));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    @Test
    void shouldParseTheThreeOperationForms() {
        assertEquals(new Op(0, -1), Op.parse("0:-1"));
        assertEquals(new Op(2, 3), Op.parse("2:+3"));
        assertEquals(new Op(1, 0), Op.parse("1:0"));
        assertEquals("2:+3", Op.parse("2:+3").toString());
    }

    @Test
    void shouldRefuseUseAfterDetachAndUndoOnMemory() {
        SemaphoreSet set = privateSet(1);
        set.detach();
        assertFalse(set.isOpen());
        assertThrows(IpcException.DetachedException.class, () -> set.value(0));
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        assertEquals("--undo needs a SysV semaphore set; a sem_t in memory has no undo",
                assertThrows(IpcException.InvalidArgumentException.class, () -> seg.semaphore(OptionalLong.empty(), true))
                        .getMessage());
    }
}
