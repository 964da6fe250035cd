package io.ipcsh.ipc;

import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.ScriptedPeer;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two JVMs on one segment: the second attaches by key, sees writes, and trades semaphore posts. */
class CrossProcessTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int ROUNDS = 5;

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private static String answer(Proc peer) {
        return peer.awaitLine(l -> l.startsWith("ok") || l.startsWith("error"), PATIENCE, "an answer");
    }

    @Test
    void shouldSeeEachOthersWritesAndHandOffASemaphoreBothWays() throws Exception {
        IpcKey key = ipc.freshKey();
        Segment seg = ipc.track(Segment.createNew(key, 4096, 0600));
        seg.putInt(0, 0x7eadbeef);
        seg.putString(100, "written by the test JVM");
        Semaphore toPeer = seg.semaphore(1024).init(0);
        Semaphore toTest = seg.semaphore(1056).init(0);

        try (Proc peer = Jvm.start(ScriptedPeer.class)) {
            peer.awaitLine("ready", PATIENCE);
            peer.println("open " + key.hex());
            assertEquals("ok shmid=" + seg.shmid() + " size=4096", answer(peer));

            peer.println("get-int 0");
            assertEquals("ok " + 0x7eadbeef, answer(peer));
            peer.println("get-string 100");
            assertEquals("ok written by the test JVM", answer(peer));
            peer.println("put-string 200 written by the peer JVM");
            assertEquals("ok", answer(peer));
            assertEquals("written by the peer JVM", seg.getString(200));

            for (int round = 0; round < ROUNDS; round++) {
                // Test -> peer: the peer blocks until we post.
                peer.println("await 1024 60000");
                Await.until(() -> toPeer.waiters() > 0, PATIENCE, "the peer blocked on offset 1024 in round " + round);
                seg.putInt(4, round);
                toPeer.post();
                assertEquals("ok true", answer(peer));
                peer.println("get-int 4");
                assertEquals("ok " + round, answer(peer));

                // ScriptedPeer -> test: we block until the peer posts.
                peer.println("put-int 8 " + (round * 10));
                assertEquals("ok", answer(peer));
                peer.println("post 1056");
                assertTrue(toTest.await(PATIENCE), "the peer's post woke us in round " + round);
                assertEquals("ok", answer(peer));
                assertEquals(round * 10, seg.getInt(8));
            }
            peer.println("try 1056");
            assertEquals("ok false", answer(peer));
            peer.println("exit");
            assertEquals(0, peer.waitFor(PATIENCE).exitCode());
        }
        assertEquals(0, toPeer.value());
        assertEquals(0, toTest.value());
        assertEquals(1, seg.stat().nattch());
    }
}
