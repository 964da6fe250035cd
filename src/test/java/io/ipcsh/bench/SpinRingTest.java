package io.ipcsh.bench;

import io.ipcsh.ipc.Segment;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * shm-spin's ring between two threads of this JVM: the writer publishes and the reader
 * gives slots back in batches, so counts just around a batch and a lap of the ring, and
 * a ring whose laps are no whole number of batches, must all end, with every message
 * taken. Nothing is timed; a lost hand-back would hang, and the timeout says so.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpinRingTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @ParameterizedTest
    @CsvSource({
        "1024, 1", "1024, 1023", "1024, 1024", "1024, 1025", "1024, 4096", "1024, 4097", "1024, 12293",
        "8, 63", "8, 64", "8, 65", "8, 8191", "8, 8193", "8, 65537", "64, 7", "64, 9", "24, 32768", "24, 70001",
        "1048576, 1", "1048576, 9",
    })
    void shouldTakeEveryMessageAndGiveEverySlotBack(int size, long count) throws Exception {
        Segment seg = ipc.track(ShmRoles.create(BenchDescriptor.slots(size)));
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> SpinRing.receive(seg.memory(), size, count));
        SpinRing.send(seg.memory(), size, count);
        reader.get(30, TimeUnit.SECONDS);
        assertEquals(count, seg.memory().getLongAcquire(BenchDescriptor.HEAD));
        assertEquals(count, seg.memory().getLongAcquire(BenchDescriptor.TAIL));
    }

    @Test
    void shouldPublishOncePer512BytesOfMessagesButNeverLessOftenThanTheReaderGivesBack() {
        assertEquals(64, SpinRing.publishBatch(8, BenchDescriptor.spinSlots(8)));
        assertEquals(8, SpinRing.publishBatch(64, BenchDescriptor.spinSlots(64)));
        assertEquals(1, SpinRing.publishBatch(4096, BenchDescriptor.spinSlots(4096)));
        assertEquals(1, SpinRing.publishBatch(1 << 20, BenchDescriptor.spinSlots(1 << 20)));
        assertEquals(2, SpinRing.publishBatch(8, 8));
    }

    @Test
    void shouldGiveSlotsBackFourTimesALapAndEachOneWhenTheRingIsTiny() {
        assertEquals(8192, SpinRing.releaseBatch(BenchDescriptor.spinSlots(64)));
        assertEquals(1024, SpinRing.releaseBatch(BenchDescriptor.spinSlots(1024)));
        assertEquals(1, SpinRing.releaseBatch(BenchDescriptor.spinSlots(1 << 20)));
    }
}
