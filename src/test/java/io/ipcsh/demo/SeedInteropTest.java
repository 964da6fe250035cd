package io.ipcsh.demo;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's own C++ programs against {@code produce}/{@code consume --unsynchronized}:
 * the same key from {@code ftok("shmfile", 65)} in the same directory, the same int.
 * The seed's producer destroys its segment and the consumer never ends; the test kills
 * the consumer and IpcCleanup removes the segment, which it recognises by key.
 */
class SeedInteropTest {
    private static final int ITEMS = 300;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** CPU time the seed's consumer spins for before a write, so that it is comparing, not printing. */
    private static final Duration SETTLE = Duration.ofMillis(50);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @TempDir
    Path dir;

    /** The seed's key: ftok on {@code shmfile} in a fresh directory, so it is ours alone. */
    private IpcKey seedKey() throws Exception {
        Path shmfile = Files.createFile(dir.resolve("shmfile"));
        IpcKey key = IpcKey.ftok(shmfile, 65);
        return key;
    }

    @Test
    void shouldReadTheSeedProducerWithConsumeUnsynchronized() throws Exception {
        Path producer = SeedPrograms.build(dir, "producer", SeedPrograms.PRODUCER, "ITEMS=" + ITEMS);
        IpcKey key = seedKey();
        // As the seed's consumer does: shmget(key, sizeof(int), 0666 | IPC_CREAT) before the producer runs.
        Segment seg = ipc.track(Segment.create(key, 4, 0666));
        seg.putInt(0, -1);
        List<String> lines = new ArrayList<>();
        ChannelReport report;
        try (Proc p = SeedPrograms.startIn(dir, producer)) {
            report = Channel.unsynchronized(seg).consume(ITEMS, Duration.ofSeconds(60), lines::add);
            assertEquals(0, p.waitFor(Duration.ofSeconds(60)).exitCode());
        }
        assertTrue(report.complete(), report::toString);
        assertEquals("Received: " + (ITEMS - 1), lines.getLast());
        assertEquals(ITEMS, report.received() - report.duplicated() + report.missed(), report::toString);
        // The seed's producer destroyed the segment; we are the last to hold it.
        assertTrue(seg.stat().dest(), "the seed's producer marked it for removal");
    }

    @Test
    void shouldBeReadBySeedConsumerWhenProducingUnsynchronized() throws Exception {
        Path consumer = SeedPrograms.build(dir, "consumer", SeedPrograms.CONSUMER);
        IpcKey key = seedKey();
        Segment seg = ipc.track(Segment.create(key, ChannelDescriptor.UNSYNCHRONIZED_LENGTH, 0666));
        try (Proc c = SeedPrograms.startIn(dir, consumer)) {
            // A fresh segment holds 0, which the seed's consumer prints at once (its last is -1).
            c.awaitLine("Received: 0", PATIENCE);
            // It reads *number three times per change (to compare, to print, to remember), so
            // a value written between its print and its remember is remembered unprinted: even
            // the last one (under load it printed 297 of 0..299 and then nothing). Which values
            // it prints is the scheduler's business. Once it has run a while since printing 0
            // it is comparing again, and the first change it then sees, it prints.
            c.awaitCpu(SETTLE, PATIENCE);
            ChannelReport sent = Channel.unsynchronized(seg).produce(ITEMS, Duration.ofMillis(1));
            assertEquals(ITEMS, sent.sent());
            c.awaitLineStartingWith("Received: ", PATIENCE);
            List<Integer> values = c.stdout().lines().map(l -> Integer.parseInt(l.substring("Received: ".length())))
                    .toList();
            for (int i = 1; i < values.size(); i++) {
                assertTrue(values.get(i) > values.get(i - 1), "values only grow: " + values);
            }
            assertTrue(values.getLast() >= 1 && values.getLast() < ITEMS, "a value the producer wrote: " + values);
        }
    }
}
