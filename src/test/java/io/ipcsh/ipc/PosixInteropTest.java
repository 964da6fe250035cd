package io.ipcsh.ipc;

import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java and C on the same POSIX shared memory and the same named semaphore: the C peer
 * ({@code src/test/c/posix_interop.c}, built with gcc here) maps what Java made, reads and
 * writes it, wakes a blocked Java waiter with sem_post and is woken by Java's post, then
 * makes shared memory of its own that Java maps.
 */
class PosixInteropTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldShareMemoryAndANamedSemaphoreWithACProgramBothWays() throws Exception {
        String exe = CProgram.compile("posix_interop.c").toString();
        PosixName shmName = ipc.freshName();
        PosixName semName = ipc.freshName();
        PosixName cName = ipc.freshName();
        SharedMemory shm = ipc.track(SharedMemory.createNew(shmName, 4096, 0600));
        NamedSemaphore sem = ipc.track(NamedSemaphore.createNew(semName, 0, 0600));
        shm.putString(0, "héllo from Java");
        shm.putInt(256, -123456789);
        shm.putDouble(264, -1234.5);

        try (Proc c = Proc.start(List.of(exe, shmName.value(), semName.value(), cName.value()))) {
            assertEquals("size 4096", c.awaitLineStartingWith("size ", PATIENCE), "C's fstat sees the size Java gave");
            assertEquals("read str=héllo from Java i32=-123456789 f64=-1234.5", c.awaitLineStartingWith("read ", PATIENCE));
            c.awaitLine("opened", PATIENCE);
            assertEquals("from C", shm.getString(512), "what C wrote before sem_open is visible");
            assertEquals(0x0a0b0c0d, shm.getInt(600));
            assertEquals(2, shm.stat().nattch(), "this JVM and the C peer map it");
            assertEquals(2, sem.stat().nattch(), "both have the semaphore open (mapped)");

            // Java blocks first; C's sem_post must wake it.
            CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> sem.await(PATIENCE));
            Await.until(() -> sem.waiters() > 0 || woken.isDone(), PATIENCE, "the Java waiter blocked");
            c.println("go");
            // C's line first: if C failed, its output says why.
            c.awaitLine("posted", PATIENCE);
            assertTrue(woken.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), "C's sem_post woke the Java waiter");

            // C blocks in sem_timedwait; Java's post must wake it.
            c.println("next");
            c.awaitLine("waiting", PATIENCE);
            Await.until(() -> sem.waiters() > 0, PATIENCE, "the C waiter blocked in sem_timedwait");
            sem.post();
            c.awaitLine("woke", PATIENCE);

            // C made this one; Java learns its size from fstat and sees C's bytes.
            c.awaitLine("created", PATIENCE);
            try (SharedMemory made = SharedMemory.open(cName)) {
                assertEquals(8192, made.size());
                assertEquals("made by C", made.getString(0));
                assertEquals(77, made.getInt(4096));
                SharedMemoryStat st = made.stat();
                assertEquals(8192, st.size());
                assertEquals(0600, st.mode());
                assertEquals(2, st.nattch(), "C and this JVM map it");
                made.putInt(4096, 78);
                made.destroy();
            }
            c.println("done");
            Proc.Result r = c.waitFor(PATIENCE);
            assertEquals(0, r.exitCode(), r::describe);
            assertEquals("", r.stderr());
        }
        assertEquals(0, sem.value());
        assertEquals(1, shm.stat().nattch(), "C unmapped it");
        assertEquals(1, sem.stat().nattch(), "C closed it");
    }
}
