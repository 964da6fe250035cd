package io.ipcsh.bench;

import io.ipcsh.ipc.Semaphore;

/**
 * The layout of the segment the shared-memory mechanisms use, in Java and in
 * {@code src/main/c/bench/ipcbench.c} alike (keep the two in step).
 *
 * <pre>
 *   0      ping   int64  round trip: parent stores round i        (own 128-byte line pair)
 *   128    pong   int64  round trip: child answers with i
 *   256    sem A  sem_t  round trip: request;   throughput: slots filled
 *   320    sem B  sem_t  round trip: reply;     throughput: slots free (starts at the slot count)
 *   384    done   sem_t  throughput: the receiver took the last message
 *   512    head   int64  throughput (shm-spin): messages published by the sender
 *   640    tail   int64  throughput (shm-spin): messages taken by the receiver
 *   4096   ring   RING_BYTES of message slots, each one message long (at most MAX_SLOTS
 *                 of them, SPIN_MAX_SLOTS for shm-spin)
 * </pre>
 *
 * Counters sit 128 bytes apart so that the two processes never write the same cache
 * line (nor its adjacent-line prefetch partner).
 */
final class BenchDescriptor {
    static final long PING = 0;
    static final long PONG = 128;
    static final long SEM_A = 256;
    static final long SEM_B = 320;
    static final long SEM_DONE = 384;
    static final long HEAD = 512;
    static final long TAIL = 640;
    static final long DATA = 4096;
    static final long RING_BYTES = 4L << 20;
    static final long MAX_SLOTS = 4096;
    /**
     * shm-spin's ring may have more slots than the semaphores' bounded buffer: at 64 B its
     * 2 MiB are what Agrona's anchor ring has ({@link AgronaAnchor#CAPACITY}), so that a
     * side that loses its CPU for a while (this machine is shared) stalls the other as late.
     */
    static final long SPIN_MAX_SLOTS = 32768;
    static final long SEGMENT_SIZE = DATA + RING_BYTES;
    /** Bytes each way in a stream round trip. */
    static final int RTT_MESSAGE = 8;

    static {
        assert SEM_DONE + Semaphore.SIZE <= HEAD;
    }

    private BenchDescriptor() {
    }

    /** Ring slots for messages of {@code size} bytes: as many as fit, at most MAX_SLOTS. */
    static long slots(long size) {
        return Math.min(RING_BYTES / size, MAX_SLOTS);
    }

    /** shm-spin's ring slots for messages of {@code size} bytes: as many as fit, at most SPIN_MAX_SLOTS. */
    static long spinSlots(long size) {
        return Math.min(RING_BYTES / size, SPIN_MAX_SLOTS);
    }
}
