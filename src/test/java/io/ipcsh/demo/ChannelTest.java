package io.ipcsh.demo;

import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The channel within one process: producer and consumer on two threads, each with its own attach. */
class ChannelTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private Segment fresh(long size) {
        return ipc.track(Segment.createNew(IpcKey.PRIVATE, size, 0600));
    }

    private Segment second(Segment s) {
        return ipc.track(Segment.attach(s.shmid()));
    }

    @Test
    void shouldHandOverEveryValueExactlyOnceWhenSynchronized() throws Exception {
        Segment a = fresh(ChannelDescriptor.LENGTH);
        Segment b = second(a);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<ChannelReport> consumer = CompletableFuture.supplyAsync(
                () -> Channel.of(b).consume(Channel.DEFAULT_COUNT, Duration.ofSeconds(60), lines::add));
        ChannelReport produced = Channel.of(a).produce(500, Duration.ZERO);
        ChannelReport consumed = consumer.get(60, TimeUnit.SECONDS);

        assertEquals(500, produced.sent());
        assertTrue(produced.complete());
        assertEquals(List.of(500L, 500L, 0L, 0L, 1L), List.of(consumed.sent(), consumed.received(),
                consumed.missed(), consumed.duplicated(), consumed.complete() ? 1L : 0L));
        assertEquals(IntStream.range(0, 500).mapToObj(i -> "Received: " + i).toList(), lines);
    }

    @Test
    void shouldLeaveTheChannelReadyForAnotherRun() throws Exception {
        Segment a = fresh(ChannelDescriptor.LENGTH);
        Segment b = second(a);
        for (int run = 0; run < 2; run++) {
            CompletableFuture<ChannelReport> consumer = CompletableFuture.supplyAsync(
                    () -> Channel.of(b).consume(1, Duration.ofSeconds(60), line -> { }));
            Channel.of(a).produce(3, Duration.ZERO);
            ChannelReport r = consumer.get(60, TimeUnit.SECONDS);
            assertEquals(3, r.received(), "run " + run);
            assertEquals(0, r.missed(), "run " + run);
        }
        assertEquals(1, a.semaphore(ChannelDescriptor.EMPTY_OFFSET).value());
        assertEquals(0, a.semaphore(ChannelDescriptor.FULL_OFFSET).value());
    }

    @Test
    void shouldStopAtTheLastValueAndCountWhatItMissedWhenUnsynchronized() throws Exception {
        Segment a = fresh(ChannelDescriptor.UNSYNCHRONIZED_LENGTH);
        Segment b = second(a);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        a.putInt(0, -1); // old: the consumer's first look neither prints nor counts it
        CompletableFuture<ChannelReport> consumer = CompletableFuture.supplyAsync(
                () -> Channel.unsynchronized(b).consume(2000, Duration.ofSeconds(60), lines::add));
        // The producer starts once the consumer is looking: it has seen a change. Each poll
        // writes another negative value, so one lands after the consumer's first look.
        int[] marker = {-1};
        Await.until(() -> {
            a.putIntVolatile(0, --marker[0]);
            return !lines.isEmpty() || consumer.isDone();
        }, Duration.ofSeconds(60), "the consumer looking");
        ChannelReport produced = Channel.unsynchronized(a).produce(2000, Duration.ZERO);
        ChannelReport consumed = consumer.get(60, TimeUnit.SECONDS);

        assertEquals(2000, produced.sent());
        assertTrue(consumed.complete());
        assertEquals("Received: 1999", lines.getLast());
        // Whatever the scheduler did: every value is either seen or missed (and the markers were received too).
        long markers = List.copyOf(lines).stream().filter(l -> l.startsWith("Received: -")).count();
        assertTrue(markers >= 1, lines::toString);
        assertEquals(2000 + markers, consumed.received() - consumed.duplicated() + consumed.missed(), consumed::toString);
    }

    @Test
    void shouldRunOnTheSeedsOwnFourByteSegmentAndNotCountAnOldValueWhenUnsynchronized() {
        Segment s = fresh(4);
        s.putInt(0, 9); // an earlier run's last value: no producer now
        List<String> lines = new ArrayList<>();
        ChannelReport r = Channel.unsynchronized(s).consume(10, Duration.ofMillis(200), lines::add);
        assertEquals(List.of(), lines, "the old 9 was not received");
        assertFalse(r.complete());
        assertEquals(List.of(ChannelReport.UNKNOWN, 0L, 0L, 0L), List.of(r.sent(), r.received(), r.missed(), r.duplicated()));
        assertTrue(r.toString().startsWith("consumer unsynchronized: received=0 missed=0 duplicated=0 in "), r.toString());
    }

    @Test
    void shouldRefuseASegmentTooSmallForTheSynchronizedChannel() {
        Segment s = fresh(64);
        IpcException e = assertThrows(IpcException.InvalidArgumentException.class, () -> Channel.of(s));
        assertEquals("segment too small for the synchronized channel: size=64 need=80"
                + " (attach one with --size 80 or more, or use --unsynchronized)", e.getMessage());
    }

    @Test
    void shouldStopWaitingWhenInterrupted() throws Exception {
        Segment s = fresh(ChannelDescriptor.LENGTH);
        Channel.of(s).init();
        CompletableFuture<ChannelReport> result = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> result.complete(Channel.of(s).consume(line -> { })));
        // Interrupted where it matters: blocked in the kernel on `full` (glibc counts it).
        Await.until(() -> s.semaphore(ChannelDescriptor.FULL_OFFSET).waiters() > 0 || result.isDone(),
                Duration.ofSeconds(60), "the consumer blocked on full");
        t.interrupt();
        ChannelReport r = result.get(10, TimeUnit.SECONDS);
        assertFalse(r.complete());
        assertEquals(0, r.received());
    }

    @Test
    void shouldTellAWaitingConsumerTheEndWhenTheProducerIsInterrupted() throws Exception {
        Segment a = fresh(ChannelDescriptor.LENGTH);
        Segment b = second(a);
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<ChannelReport> consumer = CompletableFuture.supplyAsync(
                () -> Channel.of(b).consume(Channel.DEFAULT_COUNT, Duration.ofSeconds(60), lines::add));
        CompletableFuture<ChannelReport> producer = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> producer.complete(Channel.of(a).produce(1000, Duration.ofMillis(5))));
        // Interrupted in mid-run: the consumer has taken a value, 999 are still to come.
        Await.until(() -> !lines.isEmpty() || producer.isDone(), Duration.ofSeconds(60), "the first value received");
        t.interrupt();
        ChannelReport p = producer.get(10, TimeUnit.SECONDS);
        ChannelReport c = consumer.get(10, TimeUnit.SECONDS);
        assertFalse(p.complete());
        assertTrue(c.complete(), "the END hand-off reached the consumer");
        assertEquals(p.sent(), c.sent());
        assertEquals(List.of(p.sent(), 0L, 0L), List.of(c.received(), c.missed(), c.duplicated()));
    }

    @Test
    void shouldReadBackItsReportLine() {
        ChannelReport r = new ChannelReport("consumer", Channel.Mode.UNSYNCHRONIZED, 1000, 990, 12, 2,
                Duration.ofMillis(1250), true);
        assertEquals("report role=consumer mode=unsynchronized sent=1000 received=990 missed=12 duplicated=2"
                + " nanos=1250000000 complete=true", r.toLine());
        assertEquals(r, ChannelReport.parse(r.toLine()));
        assertEquals("consumer unsynchronized: sent=1000 received=990 missed=12 duplicated=2 in 1.250 s (792/s)",
                r.toString());
    }

    @ParameterizedTest
    @CsvSource({"-1, 0", "0, -1"})
    void shouldRefuseANegativeCountOrInterval(int count, long intervalMillis) {
        Segment s = fresh(ChannelDescriptor.LENGTH);
        assertThrows(IpcException.InvalidArgumentException.class,
                () -> Channel.of(s).produce(count, Duration.ofMillis(intervalMillis)));
    }
}
