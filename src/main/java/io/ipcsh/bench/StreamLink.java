package io.ipcsh.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One side's ends of a pipe pair, Unix socket or loopback TCP connection, as plain
 * blocking NIO channels with direct buffers: what a Java program would use.
 *
 * <p>Pipes are two FIFOs in a temporary directory. The parent opens both read-write
 * (which on Linux never blocks waiting for the other side), so a peer that fails to
 * start can't leave the parent stuck in {@code open}.
 */
final class StreamLink implements AutoCloseable {
    final ReadableByteChannel in;
    final WritableByteChannel out;
    private final List<AutoCloseable> resources;

    private StreamLink(ReadableByteChannel in, WritableByteChannel out, List<AutoCloseable> resources) {
        this.in = in;
        this.out = out;
        this.resources = resources;
    }

    /** The parent's half: made before the peer is told, then {@link Listener#accept()}ed. */
    static final class Listener implements AutoCloseable {
        private final Mechanism mechanism;
        private final Path dir;
        private final ServerSocketChannel server;
        private final List<AutoCloseable> resources = new ArrayList<>();

        Listener(Mechanism mechanism) throws IOException {
            this.mechanism = mechanism;
            this.dir = Files.createTempDirectory("ipcsh-bench");
            switch (mechanism) {
                case PIPE -> {
                    mkfifo(dir.resolve("down"));
                    mkfifo(dir.resolve("up"));
                    server = null;
                }
                case UNIX -> {
                    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                    server.bind(UnixDomainSocketAddress.of(dir.resolve("socket")));
                }
                case TCP -> {
                    server = ServerSocketChannel.open(StandardProtocolFamily.INET);
                    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                }
                default -> throw new IllegalArgumentException(mechanism.label());
            }
        }

        /** What the peer needs to reach it: a directory, or the TCP port. */
        String address() throws IOException {
            return mechanism == Mechanism.TCP
                    ? Integer.toString(((InetSocketAddress) server.getLocalAddress()).getPort())
                    : dir.toString();
        }

        StreamLink accept() throws IOException {
            if (mechanism == Mechanism.PIPE) {
                FileChannel down = FileChannel.open(dir.resolve("down"), StandardOpenOption.READ, StandardOpenOption.WRITE);
                resources.add(down);
                FileChannel up = FileChannel.open(dir.resolve("up"), StandardOpenOption.READ, StandardOpenOption.WRITE);
                resources.add(up);
                return new StreamLink(up, down, List.of());
            }
            SocketChannel s = server.accept();
            resources.add(s);
            if (mechanism == Mechanism.TCP) {
                s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            return new StreamLink(s, s, List.of());
        }

        /** Closes everything, unblocking a thread inside accept, read or write. */
        @Override
        public void close() {
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
        switch (mechanism) {
            case PIPE -> {
                FileChannel down = FileChannel.open(Path.of(address, "down"), StandardOpenOption.READ);
                FileChannel up = FileChannel.open(Path.of(address, "up"), StandardOpenOption.WRITE);
                return new StreamLink(down, up, List.of(down, up));
            }
            case UNIX -> {
                SocketChannel s = SocketChannel.open(UnixDomainSocketAddress.of(Path.of(address, "socket")));
                return new StreamLink(s, s, List.of(s));
            }
            case TCP -> {
                SocketChannel s = SocketChannel.open(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(address)));
                s.setOption(StandardSocketOptions.TCP_NODELAY, true);
                return new StreamLink(s, s, List.of(s));
            }
            default -> throw new IllegalArgumentException(mechanism.label());
        }
    }

    private static void mkfifo(Path path) throws IOException {
        try {
            Process p = new ProcessBuilder("mkfifo", "-m", "600", path.toString()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes()).strip();
            if (p.waitFor() != 0) {
                throw new IOException("mkfifo " + path + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted making " + path, e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing to unblock or clean up; nothing more to do
        }
    }

    @Override
    public void close() {
        for (AutoCloseable r : resources) {
            closeQuietly(r);
        }
    }

    // ---- the protocol, as ipcbench.c ----

    static void writeFully(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    static void readFully(ReadableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new IOException("the other side closed the stream");
            }
        }
    }

    long[] rttParent(int rounds, int warmup) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(BenchDescriptor.RTT_MESSAGE);
        long[] samples = new long[rounds];
        for (long i = 1; i <= rounds + warmup; i++) {
            long t0 = System.nanoTime();
            buf.clear();
            buf.putLong(0, i);
            writeFully(out, buf);
            buf.clear();
            readFully(in, buf);
            long t1 = System.nanoTime();
            if (i > warmup) {
                samples[(int) (i - warmup - 1)] = t1 - t0;
            }
        }
        return samples;
    }

    void rttChild(long total) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(BenchDescriptor.RTT_MESSAGE);
        for (long i = 0; i < total; i++) {
            buf.clear();
            readFully(in, buf);
            buf.flip();
            writeFully(out, buf);
        }
    }

    long tputParent(int size, long count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(size);
        while (buf.hasRemaining()) {
            buf.put((byte) 'x');
        }
        long t0 = System.nanoTime();
        for (long i = 0; i < count; i++) {
            buf.clear();
            writeFully(out, buf);
        }
        ByteBuffer ack = ByteBuffer.allocateDirect(1);
        readFully(in, ack);
        return System.nanoTime() - t0;
    }

    void tputChild(int size, long count) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(size);
        for (long i = 0; i < count; i++) {
            buf.clear();
            readFully(in, buf);
        }
        writeFully(out, ByteBuffer.allocateDirect(1).put(0, (byte) 'k'));
    }
}
