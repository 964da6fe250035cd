package io.ipcsh.ipc;

import io.ipcsh.ipc.IpcException.AlreadyExistsException;
import io.ipcsh.ipc.IpcException.InterruptedIpcException;
import io.ipcsh.ipc.IpcException.InvalidArgumentException;
import io.ipcsh.ipc.IpcException.NotFoundException;
import io.ipcsh.ipc.IpcException.PermissionDeniedException;
import io.ipcsh.ipc.IpcException.RemovedException;
import io.ipcsh.ipc.IpcException.WouldBlockException;
import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Semaphores;
import io.ipcsh.posix.Unistd;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.ScriptedPeer;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Each errno the kernel or glibc really returns, and the exception, message and
 * syscall/errno/strerror it becomes. EIDRM is the exception: see
 * {@link #shouldMapEidrmToRemoved()}.
 */
class ErrorMappingTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private static void assertErrno(IpcException e, String syscall, int errno, String name, String strerror) {
        assertEquals(syscall, e.syscall());
        assertEquals(errno, e.errno());
        assertEquals(name, e.errnoName());
        assertEquals(strerror, e.strerror());
    }

    @Test
    void shouldReportEexistWhenCreatingNewTwice() {
        IpcKey key = ipc.freshKey();
        ipc.track(Segment.createNew(key, 4096, 0600));

        AlreadyExistsException e = assertThrows(AlreadyExistsException.class, () -> Segment.createNew(key, 4096, 0600));

        assertEquals("a segment with key " + key.hex() + " already exists [shmget: EEXIST]"
                + " (open it with Segment.open(key), or destroy it first)", e.getMessage());
        assertErrno(e, "shmget", 17, "EEXIST", "File exists");
    }

    @Test
    void shouldReportEnoentWhenOpeningAMissingKey() {
        IpcKey key = ipc.freshKey();

        NotFoundException e = assertThrows(NotFoundException.class, () -> Segment.open(key));

        assertEquals("no segment with key " + key.hex() + " [shmget: ENOENT] (create it first: Segment.create(key, size))",
                e.getMessage());
        assertErrno(e, "shmget", 2, "ENOENT", "No such file or directory");
    }

    @Test
    void shouldReportEnoentWhenFtokFileIsMissing() {
        Path missing = Path.of("/tmp/ipcsh-no-such-file-" + ProcessHandle.current().pid());

        NotFoundException e = assertThrows(NotFoundException.class, () -> IpcKey.ftok(missing, 65));

        assertEquals("cannot make a key from " + missing + " [ftok: ENOENT]"
                + " (the file must exist: create it first)", e.getMessage());
        assertErrno(e, "ftok", 2, "ENOENT", "No such file or directory");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 256, 1000, Integer.MIN_VALUE})
    void shouldRefuseProjectIdsOutsideOneTo255(int proj) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> IpcKey.ftok(ipc.freshKeyFile().file(), proj));
        assertEquals("project id out of range: proj=" + proj + " (use 1-255 or one character)", e.getMessage());
        assertNull(e.syscall());
        assertEquals(-1, e.errno());
        assertNull(e.errnoName());
    }

    @Test
    void shouldReportEinvalForANewSegmentOfSizeZero() throws Exception {
        IpcKey key = ipc.freshKey();

        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Segment.createNew(key, 0, 0600));

        assertEquals("size=0 is out of range for a new segment [shmget: EINVAL]"
                + " (use 1 byte up to kernel.shmmax=" + LimitsTest.sysctl("shmmax") + ")", e.getMessage());
        assertErrno(e, "shmget", 22, "EINVAL", "Invalid argument");
    }

    @ParameterizedTest
    @ValueSource(longs = {4097, 8192, 1L << 20})
    void shouldReportEinvalWhenAskingMoreThanTheExistingSize(long size) {
        IpcKey key = ipc.freshKey();
        ipc.track(Segment.createNew(key, 4096, 0600));

        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Segment.create(key, size));

        assertEquals("the segment with key " + key.hex() + " has size=4096, smaller than the size=" + size
                + " asked for [shmget: EINVAL] (open it with size 0 to take it as it is)", e.getMessage());
        assertErrno(e, "shmget", 22, "EINVAL", "Invalid argument");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 4095, 4096})
    void shouldAttachTheExistingSegmentWhenAskingNoMoreThanItsSize(long size) {
        IpcKey key = ipc.freshKey();
        Segment first = ipc.track(Segment.createNew(key, 4096, 0600));
        Segment second = ipc.track(Segment.create(key, size));
        assertEquals(first.shmid(), second.shmid());
        assertEquals(4096, second.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MAX_VALUE, 0x7ffe0000, 123_456_789})
    void shouldReportEinvalForAShmidThatDoesNotExist(int shmid) {
        assumeTrue(SegmentStatTestSupport.noSegmentWithId(shmid));

        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Segment.attach(shmid));

        assertEquals("no segment with shmid=" + shmid + ": it was removed, or never existed [shmat: EINVAL] (SegmentStat.list() shows the segments on the host)", e.getMessage());
        assertErrno(e, "shmat", 22, "EINVAL", "Invalid argument");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE})
    void shouldRefuseANegativeShmidInJava(int shmid) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Segment.attach(shmid));
        assertEquals("shmid must not be negative: shmid=" + shmid, e.getMessage());
        assertNull(e.syscall());
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MIN_VALUE})
    void shouldRefuseANegativeSizeInJava(long size) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> Segment.createNew(ipc.freshKey(), size, 0600));
        assertEquals("size must not be negative: size=" + size, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 01000, 0777 + 1, 07777})
    void shouldRefuseModesOutsideThePermissionBits(int mode) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> Segment.createNew(ipc.freshKey(), 4096, mode));
        assertEquals("mode out of range: mode=0" + Integer.toOctalString(mode) + " (use 0 to 0777, such as 0600)",
                e.getMessage());
    }

    @Test
    void shouldRefuseOpeningThePrivateKeyInsteadOfCreatingASegment() {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> Segment.open(IpcKey.PRIVATE));
        assertEquals("IPC_PRIVATE names no existing segment (attach it by id: Segment.attach(shmid))", e.getMessage());
    }

    /**
     * kernel.shmmax here is ULONG_MAX - 2^24, beyond any Java long, so a too-large size
     * gets ENOMEM (no memory for it) instead; EINVAL for size > SHMMAX is shown in a
     * private IPC namespace with a small shmmax (see below).
     */
    @ParameterizedTest
    @ValueSource(longs = {Long.MAX_VALUE, 1L << 50})
    void shouldReportEnomemForASizeNoMemoryCanBack(long size) {
        IpcException e = assertThrows(IpcException.class, () -> Segment.createNew(ipc.freshKey(), size, 0600));
        assertEquals("not enough memory for a segment of size=" + size + " [shmget: ENOMEM]"
                + " (ask for less; see free -m and /proc/sys/vm/overcommit_memory)", e.getMessage());
        assertErrno(e, "shmget", 12, "ENOMEM", "Cannot allocate memory");
    }

    /**
     * EINVAL for size > SHMMAX, for real: a peer JVM in its own IPC namespace
     * ({@code unshare --ipc}) with kernel.shmmax lowered to 64 KiB there, so nobody
     * else's limit changes.
     */
    @Test
    void shouldReportEinvalForASizeBeyondShmmax() {
        assumeTrue(Unistd.geteuid() == 0, "needs root for unshare --ipc");
        IpcKey key = ipc.freshKey();
        List<String> cmd = new ArrayList<>(List.of("unshare", "--ipc", "sh", "-c",
                "echo 65536 > /proc/sys/kernel/shmmax && exec \"$@\"", "sh"));
        cmd.addAll(Jvm.command(ScriptedPeer.class));
        Proc.Result probe = Proc.run(Duration.ofSeconds(10), List.of("unshare", "--ipc", "true"));
        assumeTrue(probe.exitCode() == 0, () -> "unshare --ipc is not allowed here: " + probe.stderr());
        try (Proc peer = Proc.start(cmd)) {
            peer.awaitLine("ready", Duration.ofSeconds(60));
            peer.println("create-new " + key.hex() + " 65537 600");
            assertEquals("error InvalidArgumentException: size=65537 is out of range for a new segment"
                    + " [shmget: EINVAL] (use 1 byte up to kernel.shmmax=65536)",
                    peer.awaitLineStartingWith("error", Duration.ofSeconds(30)));
            peer.println("create-new " + key.hex() + " 65536 600");
            assertTrue(peer.awaitLineStartingWith("ok", Duration.ofSeconds(30)).endsWith(" size=65536"));
            peer.println("exit");
            assertEquals(0, peer.waitFor(Duration.ofSeconds(30)).exitCode());
        }
        // The namespace and its segment died with the peer: nothing with this key out here.
        assertThrows(NotFoundException.class, () -> Segment.open(key));
    }

    @Test
    void shouldReturnFalseFromTryAcquireOnEagainAndMapEagainToWouldBlock() {
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        Semaphore sem = seg.semaphore(0).init(0);

        assertFalse(sem.tryAcquire());

        // The errno behind that false, read from the real call.
        assertEquals(-1, Semaphores.sem_trywait(seg.memory().segment().asSlice(0, Semaphore.SIZE)));
        int errno = Errno.last();
        IpcException e = IpcException.of("sem_trywait", errno, "semaphore at offset=0 is taken", "try again later");
        WouldBlockException wb = assertInstanceOf(WouldBlockException.class, e);
        assertEquals("semaphore at offset=0 is taken [sem_trywait: EAGAIN] (try again later)", wb.getMessage());
        assertErrno(wb, "sem_trywait", 11, "EAGAIN", "Resource temporarily unavailable");
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 0, 1, 30})
    void shouldReturnFalseFromAwaitOnEtimedout(long millis) {
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        Semaphore sem = seg.semaphore(8).init(0);

        assertFalse(sem.await(Duration.ofMillis(millis)));

        // The errno behind that false, from the real call with a deadline already passed.
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment past = arena.allocate(io.ipcsh.posix.timespec.LAYOUT);
            io.ipcsh.posix.timespec.set(past, 1, 0);
            assertEquals(-1, Semaphores.sem_timedwait(seg.memory().segment().asSlice(8, Semaphore.SIZE), past));
            assertEquals(110, Errno.last());
            IpcException e = IpcException.of("sem_timedwait", Errno.last(), "timed out", null);
            assertEquals(IpcException.class, e.getClass());
            assertErrno(e, "sem_timedwait", 110, "ETIMEDOUT", "Connection timed out");
        }
    }

    @Test
    void shouldReportEoverflowWhenPostingAtTheMaximum() {
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        Semaphore sem = seg.semaphore(0).init(Semaphore.VALUE_MAX);

        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, sem::post);

        assertEquals("semaphore value at its maximum at offset=0 [sem_post: EOVERFLOW] (wait on it to take some first)", e.getMessage());
        assertErrno(e, "sem_post", 75, "EOVERFLOW", "Value too large for defined data type");
        assertEquals(Semaphore.VALUE_MAX, sem.value());
    }

    /**
     * The kernel returns EIDRM for shm only when IPC_RMID frees a segment between the id
     * lookup and the lock inside shmat/shmctl: a race, not reproducible on demand. Linux
     * even lets shmat attach a segment already marked for removal (see
     * SegmentStatTest). So this checks the mapping with the real errno value and text.
     */
    @Test
    void shouldMapEidrmToRemoved() {
        IpcException e = IpcException.of("shmat", 43, "segment shmid=7 was removed", null);
        RemovedException r = assertInstanceOf(RemovedException.class, e);
        assertEquals("segment shmid=7 was removed [shmat: EIDRM]", r.getMessage());
        assertErrno(r, "shmat", 43, "EIDRM", "Identifier removed");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 13})
    void shouldMapEpermAndEaccesToPermissionDenied(int errno) {
        assertInstanceOf(PermissionDeniedException.class, IpcException.of("shmctl", errno, "x", null));
    }

    @Test
    void shouldMapEintrToInterruptedAndUnknownErrnosToThePlainException() {
        assertInstanceOf(InterruptedIpcException.class, IpcException.of("sem_wait", 4, "x", null));
        IpcException e = IpcException.of("shmget", 99, "x", null);
        assertEquals(IpcException.class, e.getClass());
        assertEquals("x [shmget: errno 99]", e.getMessage());
        assertEquals("errno 99", e.errnoName());
        assertEquals("Cannot assign requested address", e.strerror());
    }
}
