package io.ipcsh.bench;

import java.io.IOException;

/**
 * How the two Java processes of one measurement reach each other: shared memory
 * ({@link ShmTransport}) or a byte stream ({@link StreamTransport}). {@link Mechanism}
 * names the transport of each row, and {@link Bench} and {@link BenchChild} drive any of
 * them the same way. A new transport (a message queue, say) is one class implementing
 * this, plus its {@link Mechanism} constant and its C twin in ipcbench.c.
 *
 * <p>The parent's sequence: {@link #open}, tell the child {@link Parent#address()},
 * {@link Parent#started()}, wait for the child's "ready", {@link Parent#ready()}, then
 * {@link Parent#rtt} or {@link Parent#tput}; {@link Parent#abort()} may come from another
 * thread at any time when the child fails.
 */
interface Transport {
    /** The parent's end of {@code mechanism}, with room for {@code slots} ring slots (0: round trips only). */
    Parent open(Mechanism mechanism, long slots) throws IOException;

    /** The child's end of {@code mechanism}, at the parent's {@code address}. */
    Child connect(Mechanism mechanism, String address) throws IOException;

    /** The measuring side. */
    interface Parent extends AutoCloseable {
        /** What the child needs to reach this end: a shmid, a directory, a port. */
        String address() throws IOException;

        /** The child has been told the address: wait for it to come, where the transport must. */
        void started() throws IOException;

        /** The child said it is ready. */
        void ready();

        /** One sample per round trip after {@code warmup} rounds. */
        long[] rtt(int rounds, int warmup) throws IOException;

        /** Nanoseconds until the child has taken the last of {@code count} messages of {@code size} bytes. */
        long tput(int size, long count) throws IOException;

        /** Unblocks every wait of this side: the child is gone. */
        void abort();

        @Override
        void close();
    }

    /** The answering side, in the second process. */
    interface Child extends AutoCloseable {
        void rtt(long total) throws IOException;

        void tput(int size, long count) throws IOException;

        @Override
        void close() throws IOException;
    }
}
