package io.ipcsh.reliability;

import io.ipcsh.demo.ChannelDescriptor;
import io.ipcsh.ipc.Segment;
import io.ipcsh.ipc.Semaphore;

/**
 * The Java twin of {@code src/test/c/load_worker.c}: a producer or consumer on the
 * synchronized channel, started as a second JVM by {@link ChannelLoadTest}. Same
 * arguments, same output lines, same protocol (see {@link LoadDescriptor}).
 *
 * <pre>
 * LoadWorker SHMID produce|consume INDEX PRODUCERS CONSUMERS ITEMS
 * </pre>
 */
public final class LoadWorker {
    private LoadWorker() {
    }

    public static void main(String[] args) {
        if (args.length != 6) {
            System.err.println("usage: LoadWorker SHMID produce|consume INDEX PRODUCERS CONSUMERS ITEMS");
            System.exit(2);
        }
        int index = Integer.parseInt(args[2]);
        int producers = Integer.parseInt(args[3]);
        int consumers = Integer.parseInt(args[4]);
        int items = Integer.parseInt(args[5]);
        try (Segment seg = Segment.attach(Integer.parseInt(args[0]))) {
            Semaphore empty = seg.semaphore(ChannelDescriptor.EMPTY_OFFSET);
            Semaphore full = seg.semaphore(ChannelDescriptor.FULL_OFFSET);
            System.out.println("ready");
            System.out.flush();
            seg.semaphore(LoadDescriptor.START_OFFSET).awaitUninterruptibly();
            if (args[1].equals("produce")) {
                long sent = 0;
                for (int i = index; i < items; i += producers) {
                    handOver(seg, empty, full, i, ChannelDescriptor.KIND_ITEM);
                    sent++;
                }
                if (seg.getAndAddInt(LoadDescriptor.PRODUCERS_DONE_OFFSET, 1) + 1 == producers) {
                    for (int c = 0; c < consumers; c++) {
                        handOver(seg, empty, full, items, ChannelDescriptor.KIND_END);
                    }
                }
                System.out.println("sent " + sent);
            } else {
                long took = 0;
                long sum = 0;
                long bad = 0;
                while (true) {
                    full.awaitAdaptive();
                    int kind = seg.getIntVolatile(ChannelDescriptor.KIND_OFFSET);
                    int value = seg.getIntVolatile(ChannelDescriptor.VALUE_OFFSET);
                    empty.post();
                    if (kind == ChannelDescriptor.KIND_END) {
                        break;
                    }
                    if (value < 0 || value >= items) {
                        bad++;
                    } else {
                        seg.getAndAddInt(LoadDescriptor.countOffset(value), 1);
                    }
                    took++;
                    sum += value;
                }
                System.out.println("took " + took + " " + sum + " " + bad);
            }
        }
    }

    private static void handOver(Segment seg, Semaphore empty, Semaphore full, int value, int kind) {
        empty.awaitAdaptive();
        seg.putIntVolatile(ChannelDescriptor.VALUE_OFFSET, value);
        seg.putIntVolatile(ChannelDescriptor.KIND_OFFSET, kind);
        full.post();
    }
}
