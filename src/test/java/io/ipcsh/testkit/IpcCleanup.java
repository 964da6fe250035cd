package io.ipcsh.testkit;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.IpcObject;
import io.ipcsh.ipc.MessageQueue;
import io.ipcsh.ipc.MessageQueueStat;
import io.ipcsh.ipc.PosixName;
import io.ipcsh.ipc.Segment;
import io.ipcsh.ipc.SemaphoreSet;
import io.ipcsh.ipc.SemaphoreSetStat;
import io.ipcsh.posix.Ipc;
import io.ipcsh.posix.Mman;
import io.ipcsh.posix.Mqueue;
import io.ipcsh.posix.Msg;
import io.ipcsh.posix.Semaphores;
import io.ipcsh.posix.Sem;
import io.ipcsh.posix.Shm;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Makes fresh keys and removes, after each test, every segment the test made, even when
 * it failed half way. Register it on an instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final IpcCleanup ipc = new IpcCleanup();
 *
 * @Test
 * void shouldSeeTheSameBytes() {
 *     Segment seg = ipc.track(Segment.createNew(ipc.freshKey(), 4096, 0600));
 *     ...
 * }
 * }</pre>
 *
 * <p>After each test it detaches and destroys the tracked objects (any {@link IpcObject}
 * kind), then IPC_RMIDs (by shmid)
 * every segment that appeared during the test and was tracked, has one of the keys this
 * extension handed out, or was created by this JVM or by a process the kit started. Other
 * people's segments, which appear too when tests run side by side, are left alone.
 * Finally it deletes the key files.
 *
 * <p>POSIX names come from {@link #freshName()}: {@code /ipcsh-test-PID-N}, with this JVM's
 * pid. After each test every POSIX shared memory object and named semaphore in /dev/shm
 * with such a name is unlinked, whoever made it (a C peer, a child ipcsh).
 *
 * <p>If the test JVM is stopped before afterEach runs (surefire's timeout, Ctrl-C), a
 * shutdown hook removes what this JVM made and the kit's child processes created, and
 * deletes the key files. Only SIGKILL gets past that.
 */
public final class IpcCleanup implements BeforeEachCallback, AfterEachCallback {
    /** A key from {@code ftok(file, projId)}, with the file and project id a C peer needs to derive it. */
    public record FreshKey(Path file, int projId, IpcKey key) {
    }

    /** Tracked objects of every kind: each is detached, then destroyed, after the test. */
    private final List<IpcObject> objects = new ArrayList<>();
    /** SysV shmids to IPC_RMID after the test (tracked by id, or swept: see afterEach). */
    private final Set<Integer> shmids = new LinkedHashSet<>();
    /** SysV semids to IPC_RMID after the test: tracked, or swept by key (a set records no creator pid). */
    private final Set<Integer> semids = new LinkedHashSet<>();
    private Set<Integer> semidsBefore = Set.of();
    private final List<FreshKey> keys = new ArrayList<>();
    private Set<Integer> before = Set.of();
    /** SysV msqids to IPC_RMID after the test, and the queues there were before it. */
    private final Set<Integer> msqids = new LinkedHashSet<>();
    private Set<Integer> queuesBefore = Set.of();
    /** POSIX names handed out by {@link #freshPosixName()}: mq_unlink'ed after the test. */
    private final List<String> posixNames = new ArrayList<>();
    private static final Set<String> LIVE_NAMES = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Keys handed out in this JVM and not yet cleaned up, for the shutdown hook. */
    private static final Set<FreshKey> LIVE_KEYS = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(IpcCleanup::atExit, "ipc-cleanup-at-exit"));
    }

    /** The start of every POSIX name this JVM hands out: {@code ipcsh-test-PID-}. */
    private static final String POSIX_PREFIX = "ipcsh-test-" + ProcessHandle.current().pid() + "-";
    private static final AtomicInteger POSIX_NUMBER = new AtomicInteger();

    private static void atExit() {
        sweepPosix();
        Set<Integer> keys = new HashSet<>();
        LIVE_KEYS.forEach(k -> keys.add(k.key().value()));
        int self = (int) ProcessHandle.current().pid();
        for (SysvShm s : SysvShm.all()) {
            if (keys.contains(s.key()) || s.cpid() == self || Children.contains(s.cpid())) {
                Shm.shmctl(s.shmid(), Ipc.IPC_RMID, MemorySegment.NULL);
            }
        }
        for (SemaphoreSetStat s : SemaphoreSetStat.list()) {
            if (keys.contains(s.key().value())) {
                Sem.semctl(s.semid(), 0, Ipc.IPC_RMID);
            }
        }
        for (MessageQueueStat q : MessageQueueStat.list()) {
            if (keys.contains(q.key().value()) || q.lspid() == self || q.lrpid() == self
                    || Children.contains(q.lspid()) || Children.contains(q.lrpid())) {
                Msg.msgctl(q.msqid(), Ipc.IPC_RMID, MemorySegment.NULL);
            }
        }
        LIVE_NAMES.forEach(Mqueue::mq_unlink);
        LIVE_KEYS.forEach(k -> k.file().toFile().delete());
    }

    /**
     * As {@link #freshName()}, for a message queue: after the test, whatever queue has that
     * name is removed (mq_unlink; queues are not in /dev/shm).
     */
    public synchronized String freshPosixName() {
        String name = freshName().value();
        posixNames.add(name);
        LIVE_NAMES.add(name);
        return name;
    }

    /** A key nobody uses now: ftok on a new temp file (65, 'A', unless that key is taken). */
    public IpcKey freshKey() {
        return freshKeyFile().key();
    }

    /**
     * A POSIX name nobody uses: {@code /ipcsh-test-PID-N}. Whatever is made under it (shared
     * memory, a named semaphore) is unlinked after the test.
     */
    public PosixName freshName() {
        return PosixName.of("/" + POSIX_PREFIX + POSIX_NUMBER.incrementAndGet());
    }

    /** As {@link #freshKey()}, with the file and project id. */
    public synchronized FreshKey freshKeyFile() {
        try {
            for (int attempt = 0; attempt < 50; attempt++) {
                // In java.io.tmpdir itself (not a 0700 subdirectory), so that a peer run as
                // nobody can ftok it too: ftok only stats the file.
                Path file = Files.createTempFile("ipcsh-key-", ".tmp");
                for (int proj : new int[] {65, 66, 67, 90, 122}) {
                    int key = Ipc.ftok(file.toString(), proj);
                    if (key != -1 && key != Ipc.IPC_PRIVATE && Shm.shmget(key, 0, 0) == -1 && Sem.semget(key, 0, 0) == -1
                            && Msg.msgget(key, 0) == -1) {
                        FreshKey k = new FreshKey(file, proj, IpcKey.of(key));
                        keys.add(k);
                        LIVE_KEYS.add(k);
                        return k;
                    }
                }
                Files.deleteIfExists(file);
            }
            throw new AssertionError("could not find an unused ftok key in 50 tries");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Detaches and destroys {@code object} after the test, unless the test did: any kind
     * ({@link IpcObject#detach()}, then {@link IpcObject#destroy()}, failures ignored).
     */
    public synchronized <T extends IpcObject> T track(T object) {
        objects.add(object);
        if (object instanceof Segment s) {
            // Also by id: the sweep below then removes it even if destroy() is refused.
            shmids.add(s.shmid());
        }
        if (object instanceof SemaphoreSet s) {
            semids.add(s.semid());
        }
        if (object instanceof MessageQueue q) {
            msqids.add(q.msqid());
        }
        return object;
    }

    /** Destroys the semaphore set with this id after the test (if it still exists). */
    public synchronized int trackSemaphoreSet(int semid) {
        semids.add(semid);
        return semid;
    }

    /** Destroys the segment with this id after the test (if it still exists). */
    public synchronized int track(int shmid) {
        shmids.add(shmid);
        return shmid;
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        Set<Integer> ids = new HashSet<>();
        for (SysvShm s : SysvShm.all()) {
            ids.add(s.shmid());
        }
        before = ids;
        Set<Integer> sets = new HashSet<>();
        for (SemaphoreSetStat s : SemaphoreSetStat.list()) {
            sets.add(s.semid());
        }
        semidsBefore = sets;
        Set<Integer> queues = new HashSet<>();
        for (MessageQueueStat q : MessageQueueStat.list()) {
            queues.add(q.msqid());
        }
        queuesBefore = queues;
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        for (IpcObject o : objects) {
            try {
                o.detach();
            } catch (RuntimeException ignored) {
                // A wait still holds it (the test failed mid-way): destroy below still marks it.
            }
        }
        for (IpcObject o : objects) {
            try {
                o.destroy();
            } catch (RuntimeException ignored) {
                // The test removed it already, which is what we want.
            }
        }
        sweepSysvShm();
        sweepPosix();
        sweepSemaphoreSets();
        sweepSysvQueues();
        for (String name : posixNames) {
            // ENOENT: the test removed it, or never made it.
            Mqueue.mq_unlink(name);
            LIVE_NAMES.remove(name);
        }
        posixNames.clear();
        for (FreshKey k : keys) {
            LIVE_KEYS.remove(k);
            try {
                Files.deleteIfExists(k.file());
            } catch (IOException ignored) {
                // A temp file; nothing else depends on it.
            }
        }
        objects.clear();
        keys.clear();
    }

    /**
     * POSIX objects under this JVM's names: shm_unlink or sem_unlink every /dev/shm file
     * named {@code ipcsh-test-PID-*} or {@code sem.ipcsh-test-PID-*}.
     */
    private static void sweepPosix() {
        try (Stream<Path> files = Files.list(PosixName.DEV_SHM)) {
            for (Path p : files.toList()) {
                String f = p.getFileName().toString();
                if (f.startsWith(POSIX_PREFIX)) {
                    Mman.shm_unlink("/" + f);
                } else if (f.startsWith("sem." + POSIX_PREFIX)) {
                    Semaphores.sem_unlink("/" + f.substring(4));
                }
            }
        } catch (IOException e) {
            // No /dev/shm: nothing POSIX was made.
        }
    }

    /** The /dev/shm entries now (names only), for tests that check they left it as they found it. */
    public static Set<String> devShm() {
        try (Stream<Path> files = Files.list(PosixName.DEV_SHM)) {
            return new java.util.TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
        } catch (IOException e) {
            return Set.of();
        }
    }

    /**
     * SysV shared memory this test made and did not track: IPC_RMIDs every segment that
     * appeared during the test and has one of our keys, or was created by this JVM or a
     * process the kit started. Each further kind adds its own sweep here (POSIX names
     * containing the pid, SysV semaphore sets and queues by key and creator).
     */
    private void sweepSysvShm() {
        Set<Integer> ourKeys = new HashSet<>();
        keys.forEach(k -> ourKeys.add(k.key().value()));
        int self = (int) ProcessHandle.current().pid();
        Set<Integer> doomed = new LinkedHashSet<>(shmids);
        for (SysvShm s : SysvShm.all()) {
            if (!before.contains(s.shmid())
                    && (ourKeys.contains(s.key()) || s.cpid() == self || Children.contains(s.cpid()))) {
                doomed.add(s.shmid());
            }
        }
        for (int shmid : doomed) {
            // EINVAL/EIDRM: the test removed it already, which is what we want.
            Shm.shmctl(shmid, Ipc.IPC_RMID, MemorySegment.NULL);
        }
        shmids.clear();
    }

    /**
     * SysV semaphore sets this test made: the tracked ones, and every set that appeared
     * during the test with one of our keys. A set records no creator pid, so a set made with
     * IPC_PRIVATE by a child process must be tracked by id ({@link #trackSemaphoreSet}).
     */
    private void sweepSemaphoreSets() {
        Set<Integer> ourKeys = new HashSet<>();
        keys.forEach(k -> ourKeys.add(k.key().value()));
        Set<Integer> doomed = new LinkedHashSet<>(semids);
        for (SemaphoreSetStat s : SemaphoreSetStat.list()) {
            if (!semidsBefore.contains(s.semid()) && ourKeys.contains(s.key().value())) {
                doomed.add(s.semid());
            }
        }
        for (int semid : doomed) {
            // EINVAL/EIDRM: the test removed it already, which is what we want.
            Sem.semctl(semid, 0, Ipc.IPC_RMID);
        }
        semids.clear();
    }

    /**
     * SysV queues this test made and did not remove: the tracked ones, and every queue that
     * appeared during the test with one of our keys or last used by this JVM or a process
     * the kit started (a queue records no creator pid, only lspid and lrpid).
     */
    private void sweepSysvQueues() {
        Set<Integer> ourKeys = new HashSet<>();
        keys.forEach(k -> ourKeys.add(k.key().value()));
        int self = (int) ProcessHandle.current().pid();
        Set<Integer> doomed = new LinkedHashSet<>(msqids);
        for (MessageQueueStat q : MessageQueueStat.list()) {
            if (!queuesBefore.contains(q.msqid()) && (ourKeys.contains(q.key().value()) || q.lspid() == self
                    || q.lrpid() == self || Children.contains(q.lspid()) || Children.contains(q.lrpid()))) {
                doomed.add(q.msqid());
            }
        }
        for (int msqid : doomed) {
            Msg.msgctl(msqid, Ipc.IPC_RMID, MemorySegment.NULL);
        }
        msqids.clear();
    }
}
