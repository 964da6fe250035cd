package io.ipcsh.posix;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bindings the new kinds will use, called as C would call them, against the kernel:
 * each returns C's result, errno arrives through {@link Errno#last()}, and each is traced
 * strace-style. Every object made here is removed in {@link #removeAll()}.
 */
class BindingsTest {
    private static final String PREFIX = "/ipcsh-bindings-" + ProcessHandle.current().pid() + "-";

    private final List<String> lines = new ArrayList<>();
    private final List<Integer> semids = new ArrayList<>();
    private final List<Integer> msqids = new ArrayList<>();
    private final List<String> shmNames = new ArrayList<>();
    private final List<String> semNames = new ArrayList<>();
    private final List<String> mqNames = new ArrayList<>();

    @AfterEach
    void removeAll() {
        Trace.sink(null);
        semids.forEach(id -> Sem.semctl(id, 0, Ipc.IPC_RMID));
        msqids.forEach(id -> Msg.msgctl(id, Ipc.IPC_RMID, MemorySegment.NULL));
        shmNames.forEach(Mman::shm_unlink);
        semNames.forEach(Semaphores::sem_unlink);
        mqNames.forEach(Mqueue::mq_unlink);
    }

    private String name(String what, List<String> names) {
        String n = PREFIX + what;
        names.add(n);
        return n;
    }

    @Test
    void shouldRunASysvSemaphoreSetThroughSemgetSemopAndTheVariadicSemctl() {
        try (Arena arena = Arena.ofConfined()) {
            int id = Sem.semget(Ipc.IPC_PRIVATE, 2, Ipc.IPC_CREAT | 0600);
            assertNotEquals(-1, id, () -> Errno.name(Errno.last()));
            semids.add(id);
            Trace.sink(lines::add);
            assertEquals(0, Sem.semctl(id, 1, Sem.SETVAL, 3));
            assertEquals(3, Sem.semctl(id, 1, Sem.GETVAL));
            MemorySegment ops = sembuf.allocate(arena, 2);
            sembuf.set(ops, 0, 1, -1, Sem.SEM_UNDO);
            sembuf.set(ops, 1, 0, 1, 0);
            assertEquals(0, Sem.semop(id, ops, 2));
            assertEquals(2, Sem.semctl(id, 1, Sem.GETVAL));
            assertEquals(1, Sem.semctl(id, 0, Sem.GETVAL));
            MemorySegment take = sembuf.allocate(arena, 1);
            sembuf.set(take, 0, 0, -2, Ipc.IPC_NOWAIT);
            assertEquals(-1, Sem.semtimedop(id, take, 1, MemorySegment.NULL));
            assertEquals(Errno.EAGAIN.value, Errno.last());
            MemorySegment ds = semid_ds.allocate(arena);
            assertEquals(0, Sem.semctl(id, 0, Ipc.IPC_STAT, ds));
            assertEquals(2, semid_ds.sem_nsems(ds));
            assertEquals(0600, ipc_perm.mode(semid_ds.sem_perm(ds)) & 0777);
            MemorySegment all = arena.allocate(JAVA_SHORT, 2);
            assertEquals(0, Sem.semctl(id, 0, Sem.GETALL, all));
            assertEquals(1, all.getAtIndex(JAVA_SHORT, 0));
            assertEquals(2, all.getAtIndex(JAVA_SHORT, 1));
            Trace.sink(null);
            assertEquals(List.of(
                    "semctl(" + id + ", 1, SETVAL, 3) = 0",
                    "semctl(" + id + ", 1, GETVAL) = 3",
                    "semop(" + id + ", [{1, -1, SEM_UNDO}, {0, 1, 0}], 2) = 0",
                    "semctl(" + id + ", 1, GETVAL) = 2",
                    "semctl(" + id + ", 0, GETVAL) = 1",
                    "semtimedop(" + id + ", [{0, -2, IPC_NOWAIT}], 1, NULL) = -1 EAGAIN (Resource temporarily unavailable)"),
                    lines.subList(0, 6));
            assertEquals(0, Sem.semctl(id, 0, Ipc.IPC_RMID));
            semids.clear();
            assertEquals(-1, Sem.semctl(id, 0, Sem.GETVAL));
            assertTrue(Errno.last() == Errno.EINVAL.value || Errno.last() == Errno.EIDRM.value, Errno.name(Errno.last()));
        }
    }

    @Test
    void shouldMoveBytesThroughAFifoWithReadAndWriteAndTraceEachCall() throws Exception {
        Path dir = Files.createTempDirectory("ipcsh-bindings");
        String fifo = dir.resolve("f").toString();
        try (Arena arena = Arena.ofConfined()) {
            Trace.sink(lines::add);
            assertEquals(0, SysStat.mkfifo(fifo, 0600));
            int r = Fcntl.open(fifo, Fcntl.O_RDONLY | Fcntl.O_NONBLOCK);
            int w = Fcntl.open(fifo, Fcntl.O_WRONLY | Fcntl.O_NONBLOCK);
            assertTrue(r >= 0 && w >= 0, () -> Errno.name(Errno.last()));
            int flags = Fcntl.getfl(w);
            assertEquals(Fcntl.O_NONBLOCK, flags & Fcntl.O_NONBLOCK);
            assertEquals(0, Fcntl.setfl(w, flags & ~Fcntl.O_NONBLOCK));
            MemorySegment hello = arena.allocateFrom("hello");
            assertEquals(5, Unistd.write(w, hello, 5));
            MemorySegment in = arena.allocate(16);
            assertEquals(5, Unistd.read(r, in, 16));
            assertEquals(-1, Unistd.read(r, in, 16), "empty and non-blocking");
            assertEquals(Errno.EAGAIN.value, Errno.last());
            assertEquals(0, Unistd.close(w));
            assertEquals(0, Unistd.read(r, in, 16), "end of stream: no writer left");
            assertEquals(0, Unistd.close(r));
            assertEquals(0, Unistd.unlink(fifo));
            assertEquals(-1, Unistd.unlink(fifo));
            assertEquals(Errno.ENOENT.value, Errno.last());
            Trace.sink(null);
            assertEquals(List.of(
                    "mkfifo(\"" + fifo + "\", 0600) = 0",
                    "open(\"" + fifo + "\", O_RDONLY|O_NONBLOCK) = " + r,
                    "open(\"" + fifo + "\", O_WRONLY|O_NONBLOCK) = " + w,
                    "fcntl(" + w + ", F_GETFL) = " + flags,
                    "fcntl(" + w + ", F_SETFL, " + Trace.openFlags(flags & ~Fcntl.O_NONBLOCK) + ") = 0",
                    "write(" + w + ", \"hello\", 5) = 5",
                    "read(" + r + ", \"hello\", 16) = 5",
                    "read(" + r + ", " + Trace.pointer(in) + ", 16) = -1 EAGAIN (Resource temporarily unavailable)",
                    "close(" + w + ") = 0",
                    "read(" + r + ", " + Trace.pointer(in) + ", 16) = 0",
                    "close(" + r + ") = 0",
                    "unlink(\"" + fifo + "\") = 0",
                    "unlink(\"" + fifo + "\") = -1 ENOENT (No such file or directory)"), lines);
        } finally {
            Files.deleteIfExists(dir.resolve("f"));
            Files.delete(dir);
        }
    }

    /**
     * Untraced, read and write go to the kernel through syscall(2), not glibc's wrappers
     * (see Unistd): the same results, and errno where they fail.
     */
    @Test
    void shouldReadAndWriteUntracedWithTheResultsAndErrnoOfReadAndWrite() throws Exception {
        Path dir = Files.createTempDirectory("ipcsh-bindings");
        String fifo = dir.resolve("f").toString();
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(0, SysStat.mkfifo(fifo, 0600));
            int r = Fcntl.open(fifo, Fcntl.O_RDONLY | Fcntl.O_NONBLOCK);
            int w = Fcntl.open(fifo, Fcntl.O_WRONLY | Fcntl.O_NONBLOCK);
            assertTrue(r >= 0 && w >= 0, () -> Errno.name(Errno.last()));
            MemorySegment hello = arena.allocateFrom("hello");
            assertEquals(5, Unistd.write(w, hello, 5));
            MemorySegment in = arena.allocate(16);
            assertEquals(3, Unistd.read(r, in, 3), "at most count bytes");
            assertEquals(2, Unistd.read(r, in.asSlice(3), 13));
            assertEquals("hello", in.getString(0));
            assertEquals(-1, Unistd.read(r, in, 16), "empty and non-blocking");
            assertEquals(Errno.EAGAIN.value, Errno.last());
            assertEquals(0, Unistd.close(w));
            assertEquals(0, Unistd.read(r, in, 16), "end of stream: no writer left");
            assertEquals(-1, Unistd.write(-1, hello, 5), "no descriptor");
            assertEquals(Errno.EBADF.value, Errno.last());
            assertEquals(-1, Unistd.write(r, hello, 5), "a read end");
            assertEquals(Errno.EBADF.value, Errno.last());
            assertEquals(0, Unistd.close(r));
            assertEquals(0, Unistd.unlink(fifo));
        } finally {
            Files.deleteIfExists(dir.resolve("f"));
            Files.delete(dir);
        }
    }

    @Test
    void shouldSendAndReceiveOnASysvQueue() {
        try (Arena arena = Arena.ofConfined()) {
            int id = Msg.msgget(Ipc.IPC_PRIVATE, Ipc.IPC_CREAT | 0600);
            assertNotEquals(-1, id);
            msqids.add(id);
            byte[] text = "hello".getBytes(StandardCharsets.UTF_8);
            MemorySegment buf = arena.allocate(Msg.MTEXT_OFFSET + 64, 8);
            buf.set(JAVA_LONG, 0, 2);
            MemorySegment.copy(MemorySegment.ofArray(text), 0, buf, Msg.MTEXT_OFFSET, text.length);
            Trace.sink(lines::add);
            assertEquals(0, Msg.msgsnd(id, buf, text.length, 0));
            MemorySegment ds = msqid_ds.allocate(arena);
            assertEquals(0, Msg.msgctl(id, Ipc.IPC_STAT, ds));
            assertEquals(1, msqid_ds.msg_qnum(ds));
            assertEquals(text.length, msqid_ds.msg_cbytes(ds));
            assertEquals(Unistd.getpid(), msqid_ds.msg_lspid(ds));
            MemorySegment in = arena.allocate(Msg.MTEXT_OFFSET + 64, 8);
            assertEquals(-1, Msg.msgrcv(id, in, 64, 3, Ipc.IPC_NOWAIT));
            assertEquals(Errno.ENOMSG.value, Errno.last());
            assertEquals(-1, Msg.msgrcv(id, in, 2, 0, Ipc.IPC_NOWAIT));
            assertEquals(Errno.E2BIG.value, Errno.last());
            assertEquals(text.length, Msg.msgrcv(id, in, 64, 0, 0));
            assertEquals(2, in.get(JAVA_LONG, 0));
            assertEquals("hello", new String(in.asSlice(Msg.MTEXT_OFFSET, text.length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8));
            Trace.sink(null);
            assertEquals("msgsnd(" + id + ", {2, \"hello\"}, 5, 0) = 0", lines.get(0));
            assertEquals("msgrcv(" + id + ", {2, \"hello\"}, 64, 0, 0) = 5", lines.get(lines.size() - 1));
            assertTrue(lines.get(3).startsWith("msgrcv(" + id + ", 0x"), lines.get(3));
            assertTrue(lines.get(3).endsWith(", 2, 0, IPC_NOWAIT) = -1 E2BIG (Argument list too long)"), lines.get(3));
        }
    }

    @Test
    void shouldMakeSizeMapAndUnlinkPosixSharedMemory() throws Exception {
        String name = name("shm", shmNames);
        Trace.sink(lines::add);
        int fd = Mman.shm_open(name, Fcntl.O_RDWR | Fcntl.O_CREAT | Fcntl.O_EXCL, 0600);
        assertTrue(fd >= 0, () -> Errno.name(Errno.last()));
        assertEquals(0, Unistd.ftruncate(fd, 8192));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = stat.allocate(arena);
            assertEquals(0, SysStat.fstat(fd, st));
            assertEquals(8192, stat.st_size(st));
            assertEquals(SysStat.S_IFREG | 0600, stat.st_mode(st));
            assertEquals(Unistd.geteuid(), stat.st_uid(st));
            MemorySegment p = Mman.mmap(MemorySegment.NULL, 8192, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED, fd, 0);
            assertNotEquals(Mman.MAP_FAILED, p.address());
            Pointers.sized(p, 8192, arena).set(JAVA_INT, 4096, 0x1234abcd);
            byte[] file = Files.readAllBytes(Path.of("/dev/shm" + name));
            assertEquals(0x1234abcd, MemorySegment.ofArray(file).get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 4096));
            assertEquals(0, Mman.munmap(p, 8192));
        }
        assertEquals(0, Unistd.close(fd));
        assertEquals(-1, Mman.shm_open(name, Fcntl.O_RDWR | Fcntl.O_CREAT | Fcntl.O_EXCL, 0600));
        assertEquals(Errno.EEXIST.value, Errno.last());
        assertEquals(0, Mman.shm_unlink(name));
        shmNames.clear();
        Trace.sink(null);
        assertFalse(Files.exists(Path.of("/dev/shm" + name)));
        assertEquals("shm_open(\"" + name + "\", O_RDWR|O_CREAT|O_EXCL, 0600) = " + fd, lines.get(0));
        assertEquals("ftruncate(" + fd + ", 8192) = 0", lines.get(1));
        assertEquals("fstat(" + fd + ", {st_mode=S_IFREG|0600, st_size=8192, ...}) = 0", lines.get(2));
        assertTrue(lines.get(3).matches("mmap\\(NULL, 8192, PROT_READ\\|PROT_WRITE, MAP_SHARED, " + fd + ", 0\\) = 0x[0-9a-f]+"),
                lines.get(3));
        assertTrue(lines.get(4).matches("munmap\\(0x[0-9a-f]+, 8192\\) = 0"), lines.get(4));
        assertEquals("close(" + fd + ") = 0", lines.get(5));
        assertEquals("shm_open(\"" + name + "\", O_RDWR|O_CREAT|O_EXCL, 0600) = -1 EEXIST (File exists)", lines.get(6));
        assertEquals("shm_unlink(\"" + name + "\") = 0", lines.get(7));
    }

    @Test
    void shouldOpenANamedSemaphoreThroughTheVariadicSemOpen() {
        String name = name("sem", semNames);
        Trace.sink(lines::add);
        assertEquals(Semaphores.SEM_FAILED, Semaphores.sem_open(name, Fcntl.O_RDWR).address());
        assertEquals(Errno.ENOENT.value, Errno.last());
        MemorySegment sem = Semaphores.sem_open(name, Fcntl.O_RDWR | Fcntl.O_CREAT | Fcntl.O_EXCL, 0600, 2);
        assertNotEquals(Semaphores.SEM_FAILED, sem.address(), () -> Errno.name(Errno.last()));
        MemorySegment sized = sem.reinterpret(Semaphores.SEM_T_SIZE);
        assertEquals(0, Semaphores.sem_trywait(sized));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(JAVA_INT);
            assertEquals(0, Semaphores.sem_getvalue(sized, v));
            assertEquals(1, v.get(JAVA_INT, 0));
        }
        assertTrue(Files.exists(Path.of("/dev/shm/sem." + name.substring(1))));
        assertEquals(0, Semaphores.sem_close(sem));
        assertEquals(0, Semaphores.sem_unlink(name));
        semNames.clear();
        Trace.sink(null);
        assertEquals("sem_open(\"" + name + "\", O_RDWR) = NULL ENOENT (No such file or directory)", lines.get(0));
        assertTrue(lines.get(1).matches("sem_open\\(\"" + name + "\", O_RDWR\\|O_CREAT\\|O_EXCL, 0600, 2\\) = 0x[0-9a-f]+"),
                lines.get(1));
        assertEquals("sem_unlink(\"" + name + "\") = 0", lines.get(lines.size() - 1));
    }

    @Test
    void shouldFindMqueueInLibcAndPassMessagesByPriority() {
        String name = name("mq", mqNames);
        try (Arena arena = Arena.ofConfined()) {
            Trace.sink(lines::add);
            assertEquals(-1, Mqueue.mq_open(name, Fcntl.O_RDWR));
            assertEquals(Errno.ENOENT.value, Errno.last());
            int mq = Mqueue.mq_open(name, Fcntl.O_RDWR | Fcntl.O_CREAT | Fcntl.O_EXCL, 0600, mq_attr.of(arena, 4, 128));
            assertTrue(mq >= 0, () -> Errno.name(Errno.last()));
            MemorySegment msg = arena.allocateFrom("low", StandardCharsets.UTF_8);
            assertEquals(0, Mqueue.mq_timedsend(mq, msg, 3, 1, MemorySegment.NULL));
            msg = arena.allocateFrom("urgent", StandardCharsets.UTF_8);
            assertEquals(0, Mqueue.mq_timedsend(mq, msg, 6, 9, MemorySegment.NULL));
            MemorySegment attr = mq_attr.allocate(arena);
            assertEquals(0, Mqueue.mq_getattr(mq, attr));
            assertEquals(4, mq_attr.mq_maxmsg(attr));
            assertEquals(128, mq_attr.mq_msgsize(attr));
            assertEquals(2, mq_attr.mq_curmsgs(attr));
            MemorySegment in = arena.allocate(128);
            MemorySegment prio = arena.allocate(JAVA_INT);
            assertEquals(-1, Mqueue.mq_timedreceive(mq, in, 64, prio, MemorySegment.NULL));
            assertEquals(Errno.EMSGSIZE.value, Errno.last());
            assertEquals(6, Mqueue.mq_timedreceive(mq, in, 128, prio, MemorySegment.NULL));
            assertEquals(9, prio.get(JAVA_INT, 0));
            assertEquals("urgent", in.getString(0, StandardCharsets.UTF_8).substring(0, 6));
            assertEquals(0, Mqueue.mq_close(mq));
            assertEquals(0, Mqueue.mq_unlink(name));
            mqNames.clear();
            Trace.sink(null);
            assertEquals("mq_open(\"" + name + "\", O_RDWR) = -1 ENOENT (No such file or directory)", lines.get(0));
            assertEquals("mq_open(\"" + name + "\", O_RDWR|O_CREAT|O_EXCL, 0600, {mq_maxmsg=4, mq_msgsize=128}) = " + mq,
                    lines.get(1));
            assertEquals("mq_timedsend(" + mq + ", \"low\", 3, 1, NULL) = 0", lines.get(2));
            assertEquals("mq_getattr(" + mq + ", {mq_flags=0, mq_maxmsg=4, mq_msgsize=128, mq_curmsgs=2}) = 0", lines.get(4));
            assertTrue(lines.get(6).matches(Pattern.quote("mq_timedreceive(" + mq + ", \"urgent\", 128, [9], NULL) = 6")),
                    lines.get(6));
        }
    }

    @Test
    void shouldLockARobustSharedMutexAndReturnErrorNumbersNotErrno() throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment attr = arena.allocate(pthread_mutex_t.ATTR_SIZE, 4);
            MemorySegment m = arena.allocate(pthread_mutex_t.LAYOUT);
            assertEquals(0, Pthread.pthread_mutexattr_init(attr));
            assertEquals(0, Pthread.pthread_mutexattr_setpshared(attr, Pthread.PTHREAD_PROCESS_SHARED));
            assertEquals(0, Pthread.pthread_mutexattr_setrobust(attr, Pthread.PTHREAD_MUTEX_ROBUST));
            assertEquals(0, Pthread.pthread_mutex_init(m, attr));
            assertEquals(0, Pthread.pthread_mutexattr_destroy(attr));
            Trace.sink(lines::add);
            // The owner is another thread that unlocks before it ends: a robust mutex sits on
            // its owner's robust list, and the kernel writes to it when that thread exits.
            CountDownLatch locked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Integer> unlocked = new CompletableFuture<>();
            int[] tid = new int[1];
            Thread owner = new Thread(() -> {
                int r = Pthread.pthread_mutex_lock(m);
                tid[0] = Unistd.gettid();
                locked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                unlocked.complete(r == 0 ? Pthread.pthread_mutex_unlock(m) : r);
            });
            owner.start();
            assertTrue(locked.await(60, TimeUnit.SECONDS));
            assertEquals(tid[0], pthread_mutex_t.owner(m));
            assertEquals(Errno.EBUSY.value, Pthread.pthread_mutex_trylock(m));
            assertEquals(Errno.EPERM.value, Pthread.pthread_mutex_unlock(m));
            release.countDown();
            assertEquals(0, unlocked.get(60, TimeUnit.SECONDS));
            owner.join(60_000);
            assertEquals(0, pthread_mutex_t.owner(m));
            assertEquals(0, Pthread.pthread_mutex_destroy(m));
            Trace.sink(null);
            String at = "0x" + Long.toHexString(m.address());
            assertEquals(List.of("pthread_mutex_lock(" + at + ") = 0",
                    "pthread_mutex_trylock(" + at + ") = 16 EBUSY (Device or resource busy)",
                    "pthread_mutex_unlock(" + at + ") = 1 EPERM (Operation not permitted)",
                    "pthread_mutex_unlock(" + at + ") = 0",
                    "pthread_mutex_destroy(" + at + ") = 0"), lines);
        }
    }
}
