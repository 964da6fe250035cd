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
 * Java and C on the same segment and the same {@code sem_t}: the C peer
 * ({@code src/test/c/shm_interop.c}, built with gcc here) derives the key with its own
 * ftok, reads what Java wrote, writes back, wakes a blocked Java waiter with sem_post and
 * is woken by Java's post.
 */
class CInteropTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldShareBytesAndSemaphoresWithACProgram() throws Exception {
        String exe = CProgram.compile("shm_interop.c").toString();
        IpcCleanup.FreshKey k = ipc.freshKeyFile();
        Segment seg = ipc.track(Segment.createNew(k.key(), 4096, 0600));
        seg.putString(0, "héllo from Java");
        seg.putInt(256, -123456789);
        seg.putLong(264, -9_000_000_000_000_000_000L);
        seg.putDouble(272, -1234.5);
        seg.putFloat(280, 1.25f);
        seg.putShort(284, (short) 65535);
        seg.putByte(286, (byte) -128);
        Semaphore javaWaits = seg.semaphore(64).init(0);
        Semaphore cWaits = seg.semaphore(128).init(0);

        try (Proc c = Proc.start(List.of(exe, k.file().toString(), Integer.toString(k.projId())))) {
            assertEquals("key " + k.key().hex(), c.awaitLineStartingWith("key ", PATIENCE), "the same ftok key in C");
            assertEquals("size 4096", c.awaitLineStartingWith("size ", PATIENCE));
            assertEquals("read str=héllo from Java i32=-123456789 i64=-9000000000000000000 f64=-1234.5 f32=1.25"
                    + " u16=65535 i8=-128", c.awaitLineStartingWith("read ", PATIENCE));

            // Java blocks first; C's sem_post must wake it.
            CompletableFuture<Boolean> woken = CompletableFuture.supplyAsync(() -> javaWaits.await(PATIENCE));
            Await.until(() -> javaWaits.waiters() > 0 || woken.isDone(), PATIENCE, "the Java waiter blocked");
            c.println("go");
            assertTrue(woken.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), "C's sem_post woke the Java waiter");
            c.awaitLine("posted", PATIENCE);

            // What C wrote before it posted is visible now.
            assertEquals("from C", seg.getString(512));
            assertEquals(0x0a0b0c0d, seg.getInt(600));
            assertEquals(2.718281828459045, seg.getDouble(608));

            // C blocks in sem_timedwait; Java's post must wake it.
            c.awaitLine("waiting", PATIENCE);
            Await.until(() -> cWaits.waiters() > 0, PATIENCE, "the C waiter blocked in sem_timedwait");
            cWaits.post();
            c.awaitLine("woke", PATIENCE);
            Proc.Result r = c.waitFor(PATIENCE);
            assertEquals(0, r.exitCode(), r::describe);
            assertEquals("", r.stderr());
        }
        assertEquals(0, javaWaits.value());
        assertEquals(0, cWaits.value());
        assertEquals(1, seg.stat().nattch(), "C detached");
    }
}
