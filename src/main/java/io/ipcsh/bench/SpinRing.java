package io.ipcsh.bench;

import io.ipcsh.ipc.Memory;

import java.lang.foreign.MemorySegment;

import static io.ipcsh.bench.BenchDescriptor.DATA;
import static io.ipcsh.bench.BenchDescriptor.HEAD;
import static io.ipcsh.bench.BenchDescriptor.TAIL;

/**
 * {@code shm-spin}'s one-way ring: one writer, one reader, {@link BenchDescriptor#spinSlots}
 * message-sized slots at {@link BenchDescriptor#DATA}, and two counters on lines of their own: {@code head}
 * (messages the writer has published) and {@code tail} (messages the reader has taken).
 * ipcbench.c's {@code tput_parent}/{@code tput_child} are the same ring, step for step.
 *
 * <p>What each side pays per message is a copy, {@link Memory#copy(byte[], int,
 * MemorySegment, long, int) Memory.copy}: the library's, so that the ring measures what a
 * user of {@link Memory} gets (at 8 B one {@code long} each way, at 64 B one vector where
 * the JVM has the Vector API, see {@link Memory#VECTOR_MOVES}; the bench's JVMs have it).
 * The other side's counter is read only when the cached copy says the ring is full
 * (writer) or empty (reader). The reader hands
 * slots back once per {@link #RELEASE_PARTS}th of the ring, and before it waits for more,
 * as Agrona's {@code OneToOneRingBuffer} moves its head once per batch: a store to
 * {@code tail} per message took that cache line from the writer each time, and a writer
 * waiting on a full ring read it back each time, so the line crossed between the cores
 * twice per message. The writer publishes {@code head} the same way, once per
 * {@link #PUBLISH_BYTES} of messages and at the end: published per
 * message, a reader that had caught up read {@code head}'s line back after every store,
 * and a writer a few nanoseconds slower per message than its reader fell into that state
 * and stayed there (in C, four empty loop turns per message took 8 B from 83-94 to 34-40
 * M msgs/s; see explanation.md).
 * Slots are found by stepping an offset, not by {@code i % slots} (a 64-bit division per
 * message on each side, in C as in Java).
 *
 * <p>A release store and an acquire load are plain moves on x86_64; the data before a
 * counter is visible once the counter is (see {@link Memory#putLongRelease}).
 */
final class SpinRing {
    /** The reader gives slots back at least this many times per lap of the ring. */
    static final int RELEASE_PARTS = 4;
    /** The writer publishes {@code head} at least once per this many bytes of messages. */
    static final long PUBLISH_BYTES = 512;

    private SpinRing() {
    }

    /** Slots the reader takes before it gives them back, unless it has to wait first. */
    static long releaseBatch(long slots) {
        return Math.max(1, slots / RELEASE_PARTS);
    }

    /**
     * Messages the writer sends before it publishes them: {@link #PUBLISH_BYTES} of them
     * (one message, for a message that size or larger), never more than the reader's batch.
     */
    static long publishBatch(long size, long slots) {
        return Math.max(1, Math.min(PUBLISH_BYTES / size, releaseBatch(slots)));
    }

    /** Sends {@code count} messages of {@code size} bytes; returns the nanoseconds until the reader took the last. */
    static long send(Memory seg, int size, long count) {
        byte[] message = new byte[size];
        java.util.Arrays.fill(message, (byte) 'x');
        MemorySegment mem = seg.segment();
        long slots = BenchDescriptor.spinSlots(size);
        long batch = publishBatch(size, slots);
        long end = DATA + slots * size;
        long at = DATA;
        long tail = 0;
        long published = 0;
        long t0 = System.nanoTime();
        for (long i = 0; i < count; i++) {
            // No publication is owed before this wait: a full ring means the reader has
            // not given back what it took, so it is not waiting for head (it gives back
            // first), and what is unpublished is less than a batch, a quarter lap at most.
            while (i - tail >= slots) {
                tail = seg.getLongAcquire(TAIL);
                ShmRoles.checkAborted(tail);
                if (i - tail >= slots) {
                    Thread.onSpinWait();
                }
            }
            Memory.copy(message, 0, mem, at, size);
            if (i + 1 - published >= batch) {
                seg.putLongRelease(HEAD, i + 1);
                published = i + 1;
            }
            at += size;
            if (at == end) {
                at = DATA;
            }
        }
        if (published < count) {
            seg.putLongRelease(HEAD, count);
        }
        long v;
        while ((v = seg.getLongAcquire(TAIL)) != count) {
            ShmRoles.checkAborted(v);
            Thread.onSpinWait();
        }
        return System.nanoTime() - t0;
    }

    /** Takes {@code count} messages of {@code size} bytes, copying each out. */
    static void receive(Memory seg, int size, long count) {
        byte[] message = new byte[size];
        MemorySegment mem = seg.segment();
        long slots = BenchDescriptor.spinSlots(size);
        long batch = releaseBatch(slots);
        long end = DATA + slots * size;
        long at = DATA;
        long head = 0;
        long released = 0;
        for (long i = 0; i < count; i++) {
            if (head <= i) {
                // Give back what was taken before waiting: the writer may be waiting for it.
                if (released < i) {
                    seg.putLongRelease(TAIL, i);
                    released = i;
                }
                while ((head = seg.getLongAcquire(HEAD)) <= i) {
                    Thread.onSpinWait();
                }
            }
            Memory.copy(mem, at, message, 0, size);
            at += size;
            if (at == end) {
                at = DATA;
            }
            if (i + 1 - released >= batch) {
                seg.putLongRelease(TAIL, i + 1);
                released = i + 1;
            }
        }
        if (released < count) {
            seg.putLongRelease(TAIL, count);
        }
    }
}
