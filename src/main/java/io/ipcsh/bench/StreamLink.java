package io.ipcsh.bench;

import io.ipcsh.ipc.ByteStream;
import io.ipcsh.ipc.Fifo;
import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.StreamSocket;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One side's ends of a pipe pair, Unix socket or loopback TCP connection.
 *
 * <p>Pipes are two FIFOs in a temporary directory, through ipcsh's {@link Fifo} and
 * {@link ByteStream}: one {@code read(2)} or {@code write(2)} per call through FFM, as in
 * C. The parent's opens never wait, so that a peer that fails to start can't leave it
 * stuck in {@code open}: it opens "up" to read before it tells the peer; the peer opens
 * "up" to write (at once: the reader is there) and then "down" to read, which waits for
 * the parent's writer; the parent tries "down" until the peer's reader is there (or the
 * peer failed). The peer says ready only then, so nobody reads before its writer came.
 * Neither side holds the other's ends, so a peer that dies ends the parent's reads (end
 * of stream) and writes (EPIPE).
 *
 * <p>Sockets too are ipcsh's ({@link StreamSocket}): the parent listens, the peer
 * connects, the parent accepts before the peer says ready. A failed peer is noticed by
 * {@link Listener#abort()}, which shuts the listener down under a waiting accept.
 */
final class StreamLink implements AutoCloseable {
    private final ByteStream in;
    private final ByteStream out;
    private final List<AutoCloseable> resources;

    private StreamLink(ByteStream in, ByteStream out, List<AutoCloseable> resources) {
        this.in = in;
        this.out = out;
        this.resources = resources;
    }

    /** The parent's half: made before the peer is told, then {@link Listener#accept()}ed. */
    static final class Listener implements AutoCloseable {
        private final Mechanism mechanism;
        private final Path dir;
        private final List<AutoCloseable> resources = new ArrayList<>();
        private StreamSocket server;
        private ByteStream up;
        private volatile boolean closed;

        Listener(Mechanism mechanism) throws IOException {
            this.mechanism = mechanism;
            this.dir = Files.createTempDirectory("ipcsh-bench");
            try {
                switch (mechanism) {
                    case PIPE -> {
                        Fifo.create(dir.resolve("down"), 0600);
                        up = Fifo.create(dir.resolve("up"), 0600).tryOpenReader();
                        resources.add(up);
                    }
                    case UNIX -> server = StreamSocket.listenUnix(dir.resolve("socket"));
                    case TCP -> server = StreamSocket.listenTcpLoopback(0);
                    default -> throw new IllegalArgumentException(mechanism.label());
                }
            } catch (IpcException e) {
                close();
                throw new IOException(e.getMessage(), e);
            }
        }

        /** What the peer needs to reach it: a directory, or the TCP port. */
        String address() {
            return mechanism == Mechanism.TCP ? Integer.toString(server.port()) : dir.toString();
        }

        /**
         * Accepts the peer's connection (before the peer says ready): a socket's accept, or
         * "down"'s write end once the peer's reader is there.
         */
        StreamLink accept() throws IOException {
            if (mechanism == Mechanism.PIPE) {
                return new StreamLink(up, openDown(), List.of());
            }
            try {
                ByteStream s = server.accept();
                resources.add(s);
                return new StreamLink(s, s, List.of());
            } catch (IpcException e) {
                throw new IOException(e.getMessage(), e);
            }
        }

        /** Tries "down" until the peer opened it to read; an abort (the peer failed) or a minute stops it. */
        private ByteStream openDown() throws IOException {
            Fifo down = Fifo.at(dir.resolve("down"));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!closed && System.nanoTime() < deadline) {
                try {
                    ByteStream end = down.tryOpenWriter();
                    resources.add(end);
                    return end;
                } catch (IpcException.WouldBlockException e) {
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                } catch (IpcException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
            throw new IOException("the peer did not open " + down.path() + (closed ? "" : " within 60 s"));
        }

        /**
         * From another thread, the peer having failed: unblocks this side's waits. Reads and
         * writes end by themselves once the peer's ends are closed (end of stream, EPIPE),
         * and descriptors must not be closed under a call (the number could be reused), so
         * only the waits for the peer to come are stopped: the listener's accept, the
         * tries of "down".
         */
        void abort() {
            closed = true;
            StreamSocket s = server;
            if (s != null) {
                try {
                    s.shutdown();
                } catch (IpcException e) {
                    // closed already
                }
            }
        }

        /** Closes everything and removes the directory. */
        @Override
        public void close() {
            closed = true;
            for (AutoCloseable r : resources) {
                closeQuietly(r);
            }
            if (server != null) {
                closeQuietly(server);
            }
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // a temp dir left behind is harmless
            }
        }
    }

    /** The peer's half, reaching the parent at {@code address}. */
    static StreamLink connect(Mechanism mechanism, String address) throws IOException {
        ByteStream up = null;
        try {
            switch (mechanism) {
                case PIPE -> {
                    up = Fifo.at(Path.of(address, "up")).tryOpenWriter();
                    ByteStream down = Fifo.at(Path.of(address, "down")).openReader();
                    return new StreamLink(down, up, List.of(down, up));
                }
                case UNIX -> {
                    ByteStream s = StreamSocket.connectUnix(Path.of(address, "socket"));
                    return new StreamLink(s, s, List.of(s));
                }
                case TCP -> {
                    ByteStream s = StreamSocket.connectTcpLoopback(Integer.parseInt(address));
                    return new StreamLink(s, s, List.of(s));
                }
                default -> throw new IllegalArgumentException(mechanism.label());
            }
        } catch (IpcException e) {
            if (up != null) {
                closeQuietly(up);
            }
            throw new IOException(e.getMessage(), e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing to clean up; nothing more to do
        }
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            closeQuietly(r);
        }
    }

    /** ipcsh's failures (end of stream, EPIPE) as the IOExceptions the bench reports. */
    private void writeFully(MemorySegment buf) throws IOException {
        try {
            out.writeFully(buf);
        } catch (IpcException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void readFully(MemorySegment buf) throws IOException {
        try {
            in.readFully(buf);
        } catch (IpcException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    // ---- the protocol, as ipcbench.c: one write per message, reads until it is whole ----
    // Buffers are native and confined to the measuring thread: a shared arena's segment
    // would be acquired atomically around every call.

    long[] rttParent(int rounds, int warmup) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(BenchDescriptor.RTT_MESSAGE);
            long[] samples = new long[rounds];
            for (long i = 1; i <= rounds + warmup; i++) {
                long t0 = System.nanoTime();
                buf.set(ValueLayout.JAVA_LONG_UNALIGNED, 0, i);
                writeFully(buf);
                readFully(buf);
                long t1 = System.nanoTime();
                if (i > warmup) {
                    samples[(int) (i - warmup - 1)] = t1 - t0;
                }
            }
            return samples;
        }
    }

    void rttChild(long total) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(BenchDescriptor.RTT_MESSAGE);
            for (long i = 0; i < total; i++) {
                readFully(buf);
                writeFully(buf);
            }
        }
    }

    long tputParent(int size, long count) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(size);
            buf.fill((byte) 'x');
            MemorySegment ack = arena.allocate(1);
            long t0 = System.nanoTime();
            for (long i = 0; i < count; i++) {
                writeFully(buf);
            }
            readFully(ack);
            return System.nanoTime() - t0;
        }
    }

    void tputChild(int size, long count) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(size);
            for (long i = 0; i < count; i++) {
                readFully(buf);
            }
            MemorySegment ack = arena.allocate(1);
            ack.set(ValueLayout.JAVA_BYTE, 0, (byte) 'k');
            writeFully(ack);
        }
    }
}
