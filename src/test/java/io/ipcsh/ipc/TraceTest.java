package io.ipcsh.ipc;

import io.ipcsh.posix.Trace;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --trace}: every libc call as strace would print it, through {@link Trace#sink}. */
class TraceTest {
    private static final String ADDR = "0x[0-9a-f]+";

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private final List<String> lines = new ArrayList<>();

    @AfterEach
    void traceOff() {
        Trace.sink(null);
    }

    private void traceOn() {
        Trace.sink(lines::add);
    }

    private static String hexKey(IpcKey key) {
        return "0x" + Integer.toHexString(key.value());
    }

    private void assertLines(String... patterns) {
        assertEquals(patterns.length, lines.size(), () -> "traced:\n" + String.join("\n", lines));
        for (int i = 0; i < patterns.length; i++) {
            String p = patterns[i];
            String line = lines.get(i);
            assertTrue(Pattern.matches(p, line), () -> "line " + line + " does not match " + p + "\ntraced:\n"
                    + String.join("\n", lines));
        }
    }

    @Test
    void shouldTraceShmgetExactlyAsStraceDoes() {
        IpcKey key = ipc.freshKey();
        traceOn();
        Segment seg = ipc.track(Segment.create(key, 4096));
        assertEquals("shmget(" + hexKey(key) + ", 4096, IPC_CREAT|0600) = " + seg.shmid(), lines.get(0));
    }

    @Test
    void shouldTraceEveryCallOfAnAttachLifecycle() {
        IpcKey key = ipc.freshKey();
        traceOn();
        Segment seg = ipc.track(Segment.createNew(key, 8192, 0640));
        int id = seg.shmid();
        Segment ro = Segment.openReadOnly(key);
        ro.detach();
        seg.destroy();
        seg.detach();
        Trace.sink(null);
        ipc.track(Segment.createNew(IpcKey.PRIVATE, 1, 0600)); // not traced once off
        assertLines(
                Pattern.quote("shmget(" + hexKey(key) + ", 8192, IPC_CREAT|IPC_EXCL|0640) = " + id),
                Pattern.quote("shmat(" + id + ", NULL, 0) = ") + ADDR,
                Pattern.quote("shmctl(" + id + ", IPC_STAT, ") + ADDR + Pattern.quote(") = 0"),
                Pattern.quote("shmget(" + hexKey(key) + ", 0, 0) = " + id),
                Pattern.quote("shmat(" + id + ", NULL, SHM_RDONLY) = ") + ADDR,
                Pattern.quote("shmctl(" + id + ", IPC_STAT, ") + ADDR + Pattern.quote(") = 0"),
                "shmdt\\(" + ADDR + "\\) = 0",
                Pattern.quote("shmctl(" + id + ", IPC_RMID, NULL) = 0"),
                "shmdt\\(" + ADDR + "\\) = 0");
    }

    @Test
    void shouldTraceAFailureWithErrnoNameAndText() {
        IpcKey key = ipc.freshKey();
        traceOn();
        assertThrows(IpcException.NotFoundException.class, () -> Segment.open(key));
        assertEquals("shmget(" + hexKey(key) + ", 0, 0) = -1 ENOENT (No such file or directory)", lines.get(0));
        assertEquals(1, lines.size());
    }

    @Test
    void shouldTraceThePrivateKeyByName() {
        traceOn();
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, 100, 0600));
        assertEquals("shmget(IPC_PRIVATE, 100, IPC_CREAT|IPC_EXCL|0600) = " + seg.shmid(), lines.get(0));
    }

    @Test
    void shouldTraceFtokWithItsPathAndTheKey() {
        IpcCleanup.FreshKey k = ipc.freshKeyFile();
        traceOn();
        IpcKey key = IpcKey.ftok(k.file(), k.projId());
        assertEquals("ftok(\"" + k.file() + "\", " + k.projId() + ") = " + key.value(), lines.get(0));
        lines.clear();
        Path missing = Path.of("/tmp/ipcsh-trace-missing");
        assertThrows(IpcException.NotFoundException.class, () -> IpcKey.ftok(missing, 65));
        assertEquals("ftok(\"/tmp/ipcsh-trace-missing\", 65) = -1 ENOENT (No such file or directory)", lines.get(0));
    }

    @Test
    void shouldTraceSemaphoreCalls() {
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        Semaphore sem = seg.semaphore(64);
        traceOn();
        sem.init(1);
        assertTrue(sem.tryAcquire());
        assertFalse(sem.tryAcquire());
        sem.post();
        assertEquals(1, sem.value());
        assertTrue(sem.await(Duration.ofSeconds(1)));
        String at = "0x" + Long.toHexString(seg.memory().segment().address() + 64);
        assertEquals(List.of(
                "sem_init(" + at + ", 1, 1) = 0",
                "sem_trywait(" + at + ") = 0",
                "sem_trywait(" + at + ") = -1 EAGAIN (Resource temporarily unavailable)",
                "sem_post(" + at + ") = 0",
                "sem_getvalue(" + at + ", [1]) = 0"), lines.subList(0, 5));
        assertEquals(6, lines.size(), () -> String.join("\n", lines));
        assertTrue(Pattern.matches(Pattern.quote("sem_timedwait(" + at + ", {tv_sec=") + "\\d+, tv_nsec=\\d+\\}\\) = 0",
                lines.get(5)), lines.get(5));
    }
}
