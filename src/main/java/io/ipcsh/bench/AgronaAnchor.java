package io.ipcsh.bench;

import io.ipcsh.ipc.Memory;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.lang.foreign.MemorySegment;

/**
 * The anchor row: Agrona's {@link OneToOneRingBuffer}, the ring Aeron's IPC is built on,
 * over the data region of the same System V segment ({@link BenchDescriptor#DATA}) between
 * the same two JVMs, so that ipcsh's own ring ({@code shm-spin}) has a published
 * yardstick beside it. The sender writes {@code count} messages of {@code size} bytes,
 * the receiver copies each one out, as ipcsh's ring and ipcbench.c do.
 */
final class AgronaAnchor {
    /** A power of two, as Agrona needs, with its trailer inside the segment's 4 MiB data region. */
    static final int CAPACITY = 1 << 21;
    private static final int MSG_TYPE = 1;

    private AgronaAnchor() {
    }

    /** Zeroes the ring and its trailer (head, tail, correlation counters) before a run. */
    static void clear(Memory memory) {
        region(memory).fill((byte) 0);
    }

    private static MemorySegment region(Memory memory) {
        return memory.segment().asSlice(BenchDescriptor.DATA, CAPACITY + RingBufferDescriptor.TRAILER_LENGTH);
    }

    private static OneToOneRingBuffer ring(Memory memory) {
        MemorySegment region = region(memory);
        return new OneToOneRingBuffer(new UnsafeBuffer(region.address(), (int) region.byteSize()));
    }

    /** Sends; returns the nanoseconds until the receiver has taken the last message. */
    static long send(Memory memory, int size, long count) {
        OneToOneRingBuffer ring = ring(memory);
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) 'x');
        UnsafeBuffer message = new UnsafeBuffer(bytes);
        long t0 = System.nanoTime();
        for (long i = 0; i < count; i++) {
            while (!ring.write(MSG_TYPE, message, 0, size)) {
                ShmRoles.checkAborted(0);
                Thread.onSpinWait();
            }
        }
        long end = ring.producerPosition();
        while (ring.consumerPosition() != end) {
            ShmRoles.checkAborted(0);
            Thread.onSpinWait();
        }
        return System.nanoTime() - t0;
    }

    /** Receives {@code count} messages, copying each out. */
    static void receive(Memory memory, int size, long count) {
        OneToOneRingBuffer ring = ring(memory);
        Copier copier = new Copier(new byte[size]);
        while (copier.taken < count) {
            if (ring.read(copier) == 0) {
                Thread.onSpinWait();
            }
        }
    }

    private static final class Copier implements MessageHandler {
        private final byte[] to;
        long taken;

        Copier(byte[] to) {
            this.to = to;
        }

        @Override
        public void onMessage(int msgTypeId, org.agrona.MutableDirectBuffer buffer, int index, int length) {
            buffer.getBytes(index, to, 0, length);
            taken++;
        }
    }
}
