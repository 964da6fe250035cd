package io.ipcsh.reliability;

import io.ipcsh.demo.Channel;
import io.ipcsh.demo.ChannelDescriptor;
import io.ipcsh.ipc.Segment;
import io.ipcsh.ipc.Semaphore;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Many producers and consumers, C and Java, through one synchronized channel: every item
 * must arrive exactly once. Each consumer adds 1 to a per-item counter in the segment;
 * afterwards every counter must be 1 (0 is a lost item, 2 or more a duplicate), and the
 * consumers' counts and sums must add up.
 *
 * <p>20,000 items by default; {@code -Dipcsh.load.items=1000000} for a million (run
 * {@code mvn test -Dtest=ChannelLoadTest -Dipcsh.load.items=1000000}). The figures
 * (items, processes, seconds, items/s) are printed, never asserted.
 */
class ChannelLoadTest {
    private static final int ITEMS = Integer.getInteger("ipcsh.load.items", 20_000);
    private static final Duration START_PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    /** Who plays each role: the first of each is a JVM, the others C. */
    private static final List<String> PRODUCERS = List.of("jvm", "c", "c");
    private static final List<String> CONSUMERS = List.of("jvm", "c", "c");

    @Test
    void shouldHandEveryItemOverExactlyOnceBetweenJvmAndCProducersAndConsumers() {
        Segment seg = ipc.track(Segment.createNew(ipc.freshKey(), LoadDescriptor.segmentSize(ITEMS), 0600));
        Channel.of(seg).init();
        Semaphore start = seg.semaphore(LoadDescriptor.START_OFFSET).init(0);
        int p = PRODUCERS.size();
        int c = CONSUMERS.size();

        List<Proc> producers = new ArrayList<>();
        List<Proc> consumers = new ArrayList<>();
        try {
            for (int i = 0; i < p; i++) {
                producers.add(start(PRODUCERS.get(i), seg.shmid(), "produce", i, p, c));
            }
            for (int i = 0; i < c; i++) {
                consumers.add(start(CONSUMERS.get(i), seg.shmid(), "consume", i, p, c));
            }
            for (Proc w : producers) {
                w.awaitLine("ready", START_PATIENCE);
            }
            for (Proc w : consumers) {
                w.awaitLine("ready", START_PATIENCE);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < p + c; i++) {
                start.post();
            }
            // Generous: a million items takes about a minute on two noisy cores.
            Duration limit = Duration.ofSeconds(120 + ITEMS / 2_000);
            long sent = 0;
            for (Proc w : producers) {
                Proc.Result r = w.waitFor(limit);
                assertEquals(0, r.exitCode(), r::describe);
                sent += Long.parseLong(line(r, "sent ").substring("sent ".length()));
            }
            long took = 0;
            long sum = 0;
            long bad = 0;
            for (Proc w : consumers) {
                Proc.Result r = w.waitFor(limit);
                assertEquals(0, r.exitCode(), r::describe);
                String[] f = line(r, "took ").split(" ");
                took += Long.parseLong(f[1]);
                sum += Long.parseLong(f[2]);
                bad += Long.parseLong(f[3]);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;

            long lost = 0;
            long duplicated = 0;
            for (int item = 0; item < ITEMS; item++) {
                int n = seg.getInt(LoadDescriptor.countOffset(item));
                if (n == 0) {
                    lost++;
                } else if (n > 1) {
                    duplicated += n - 1;
                }
            }
            System.out.println(String.format(Locale.ROOT,
                    "channel load: items=%d producers=%d (%s) consumers=%d (%s) seconds=%.2f items/s=%.0f"
                            + " lost=%d duplicated=%d",
                    ITEMS, p, mix(PRODUCERS), c, mix(CONSUMERS), seconds, ITEMS / seconds, lost, duplicated));
            assertEquals(0, lost, "items no consumer took");
            assertEquals(0, duplicated, "items taken more than once");
            assertEquals(0, bad, "values out of range");
            assertEquals(ITEMS, sent, "items the producers sent");
            assertEquals(ITEMS, took, "items the consumers took");
            assertEquals((long) ITEMS * (ITEMS - 1) / 2, sum, "checksum of the items taken");
            assertEquals(1, seg.semaphore(ChannelDescriptor.EMPTY_OFFSET).value(), "the slot is left free");
            assertEquals(0, seg.semaphore(ChannelDescriptor.FULL_OFFSET).value(), "and nothing is left in it");
        } finally {
            producers.forEach(Proc::close);
            consumers.forEach(Proc::close);
        }
    }

    private static Proc start(String kind, int shmid, String role, int index, int p, int c) {
        String[] args = {Integer.toString(shmid), role, Integer.toString(index), Integer.toString(p),
                Integer.toString(c), Integer.toString(ITEMS)};
        if (kind.equals("jvm")) {
            return Jvm.start(LoadWorker.class, args);
        }
        List<String> cmd = new ArrayList<>(List.of(CProgram.compile("load_worker.c").toString()));
        cmd.addAll(List.of(args));
        return Proc.start(cmd);
    }

    private static String line(Proc.Result r, String prefix) {
        return r.stdout().lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "...'\n" + r.describe()));
    }

    private static String mix(List<String> kinds) {
        long jvm = kinds.stream().filter("jvm"::equals).count();
        return jvm + " JVM, " + (kinds.size() - jvm) + " C";
    }
}
