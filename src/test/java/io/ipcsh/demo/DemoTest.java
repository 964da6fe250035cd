package io.ipcsh.demo;

import io.ipcsh.ipc.IpcException;
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
        int shmid = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (shmid < 0 && System.nanoTime() < deadline) {
            for (String l : List.copyOf(lines)) {
                Matcher m = STARTING.matcher(l);
                if (m.matches()) {
                    shmid = Integer.parseInt(m.group(2));
                }
            }
            Thread.sleep(20);
        }
        assertTrue(shmid >= 0, "demo started: " + lines);
        Thread.sleep(1500); // into the run: the peers have attached, or are about to
        t.interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> run.get(60, TimeUnit.SECONDS));
        assertInstanceOf(IpcException.InterruptedIpcException.class, e.getCause());
        assertEquals("demo cancelled", e.getCause().getMessage());
        // Peers killed, segment destroyed: the kernel frees it once their detach is done.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (SysvShm.byId(shmid).isPresent() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertTrue(SysvShm.byId(shmid).isEmpty(), "segment " + shmid + " removed");
    }

    private static String consumerPid(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("synchronized: consumer pid ")).findFirst()
                .map(l -> l.split(" ")[3]).orElse("?");
    }
}
