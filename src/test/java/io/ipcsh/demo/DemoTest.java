package io.ipcsh.demo;

import io.ipcsh.ipc.IpcException;
import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.SysvShm;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code demo}: two peer JVMs per mode, a report, and nothing left behind. */
class DemoTest {
    private static final Pattern STARTING = Pattern.compile("(\\w+): shmid=(\\d+), starting consumer and producer");

    @Test
    void shouldRunBothModesInTwoProcessesAndRemoveTheSegments() {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        List<Demo.Row> rows = Demo.run(100, Duration.ofMillis(1), lines::add);

        assertEquals(List.of(Channel.Mode.UNSYNCHRONIZED, Channel.Mode.SYNCHRONIZED),
                rows.stream().map(Demo.Row::mode).toList());
        Demo.Row unsync = rows.get(0);
        Demo.Row sync = rows.get(1);
        assertEquals(100, unsync.producer().sent());
        assertEquals(100, unsync.consumer().received() - unsync.consumer().duplicated() + unsync.consumer().missed(),
                unsync.consumer()::toString);
        assertEquals(List.of(100L, 100L, 0L, 0L), List.of(sync.producer().sent(), sync.consumer().received(),
                sync.consumer().missed(), sync.consumer().duplicated()));
        assertTrue(lines.contains("synchronized: consumer pid " + consumerPid(lines)
                + " printed Received: 0, Received: 1, Received: 2, ... Received: 99 (100 lines)"), lines::toString);
        for (Demo.Row r : rows) {
            assertTrue(SysvShm.byId(r.shmid()).isEmpty(), "segment " + r.shmid() + " removed");
        }
        String table = Demo.table(rows);
        assertEquals("mode              sent  received  missed  duplicated      time   throughput",
                table.lines().findFirst().orElseThrow());
        assertTrue(table.lines().skip(2).findFirst().orElseThrow()
                .startsWith("synchronized       100       100       0           0 "), table);
    }

    @Test
    void shouldRemoveWhatItMadeWhenInterrupted() throws Exception {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<List<Demo.Row>> run = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                run.complete(Demo.run(100_000, Duration.ofMillis(1), lines::add));
            } catch (RuntimeException e) {
                run.completeExceptionally(e);
            }
        });
        int shmid = Await.value(() -> startedShmid(lines), id -> id >= 0, Duration.ofSeconds(60), () -> "demo started: " + lines);
        // Into the run: both peers attached, and so the demo marked the segment for removal (dest).
        Await.until(() -> SysvShm.byId(shmid).map(k -> (k.perms() & 01000) != 0).orElse(true),
                Duration.ofSeconds(60), () -> "both peers attached (segment " + shmid + " dest): " + lines);
        t.interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(60, TimeUnit.SECONDS));
        assertInstanceOf(IpcException.InterruptedIpcException.class, e.getCause());
        assertEquals("demo cancelled", e.getCause().getMessage());
        // Peers killed, segment destroyed: the kernel frees it once their detach is done.
        Await.until(() -> SysvShm.byId(shmid).isEmpty(), Duration.ofSeconds(30), "segment " + shmid + " freed");
        assertTrue(SysvShm.byId(shmid).isEmpty(), "segment " + shmid + " removed");
    }

    private static int startedShmid(List<String> lines) {
        for (String l : List.copyOf(lines)) {
            Matcher m = STARTING.matcher(l);
            if (m.matches()) {
                return Integer.parseInt(m.group(2));
            }
        }
        return -1;
    }

    private static String consumerPid(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("synchronized: consumer pid ")).findFirst()
                .map(l -> l.split(" ")[3]).orElse("?");
    }
}
