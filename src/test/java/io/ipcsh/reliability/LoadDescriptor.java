package io.ipcsh.reliability;

import io.ipcsh.demo.ChannelDescriptor;

/**
 * The load test's segment: the demo's synchronized channel, then the fields that let
 * many producers and consumers share it and prove that every item arrived exactly once.
 * {@code src/test/c/load_worker.c} repeats these offsets.
 *
 * <pre>
 *     0  channel (value, kind, magic, empty, full)   ChannelDescriptor, 80 bytes
 *    80  int32 producers_done   producers that sent all their items
 *    88  sem_t start            each worker waits on it once: all start together
 *  4096  int32 counts[ITEMS]    a consumer adds 1 (atomically) to counts[item] per item taken
 * </pre>
 *
 * <p>The single slot guarded by {@code empty}/{@code full} is safe with any number of
 * producers and consumers: {@code empty} lets one producer at a time fill the slot,
 * {@code full} lets one consumer at a time empty it. End of stream needs the producer
 * count: the producer whose increment of {@code producers_done} reaches PRODUCERS sends
 * one END per consumer, after every item was handed over, and each consumer stops at
 * the first END it takes.
 */
final class LoadDescriptor {
    static final int PRODUCERS_DONE_OFFSET = ChannelDescriptor.LENGTH;
    static final int START_OFFSET = 88;
    static final int COUNTS_OFFSET = 4096;

    private LoadDescriptor() {
    }

    static long countOffset(int item) {
        return COUNTS_OFFSET + 4L * item;
    }

    static long segmentSize(int items) {
        return COUNTS_OFFSET + 4L * items;
    }
}
