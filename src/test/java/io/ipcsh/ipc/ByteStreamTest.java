package io.ipcsh.ipc;

import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Fifo}, {@link StreamSocket} and their {@link ByteStream}s against a C program
 * ({@code src/test/c/stream_peer.c}) that echoes what it reads with plain read(2)/write(2):
 * messages of several sizes both ways over a FIFO pair, a Unix socket either side
 * listening, loopback TCP; then each failure as its one line.
 */
class ByteStreamTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int[] SIZES = {1, 8, 4096, 65536};

    @TempDir
    Path dir;

    @Test
    void shouldEchoMessagesThroughAPairOfFifosWithACProgram() {
        Fifo toC = Fifo.create(dir.resolve("to-c"), 0600);
        Fifo fromC = Fifo.create(dir.resolve("from-c"), 0600);
        try (Proc c = Proc.start(List.of(peer(), "fifo", toC.path().toString(), fromC.path().toString()))) {
            // C opens to-c to read first, then from-c to write: the blocking opens meet in that order.
            long sent;
            try (ByteStream out = toC.openWriter(); ByteStream in = fromC.openReader()) {
                sent = echoAll(out, in);
            }
            assertEquals("echoed " + sent, finish(c));
        }
        assertTrue(Files.exists(toC.path()), "closing the ends leaves the FIFO");
        toC.destroy();
        fromC.destroy();
        assertFalse(Files.exists(toC.path()));
    }

    @Test
    void shouldEchoMessagesOverAUnixSocketACProgramConnectsTo() {
        Path path = dir.resolve("s.sock");
        try (StreamSocket server = StreamSocket.listenUnix(path);
             Proc c = Proc.start(List.of(peer(), "unix", path.toString()))) {
            long sent;
            try (ByteStream s = server.accept()) {
                sent = echoAll(s, s);
            }
            assertEquals("echoed " + sent, finish(c));
            assertEquals(-1, server.port());
        }
        assertFalse(Files.exists(path), "close removes the socket's path");
    }

    @Test
    void shouldConnectToACProgramListeningOnAUnixSocket() {
        Path path = dir.resolve("c.sock");
        try (Proc c = Proc.start(List.of(peer(), "listen-unix", path.toString()))) {
            c.awaitLine("listening", PATIENCE);
            long sent;
            try (ByteStream s = StreamSocket.connectUnix(path)) {
                sent = echoAll(s, s);
            }
            assertEquals("echoed " + sent, finish(c));
        }
    }

    @Test
    void shouldEchoMessagesOverLoopbackTcpWithACProgram() {
        try (StreamSocket server = StreamSocket.listenTcpLoopback(0)) {
            int port = server.port();
            assertTrue(port > 0 && port < 65536, "an ephemeral port: " + port);
            assertEquals("StreamSocket[TCP socket 127.0.0.1:" + port + " fd=", server.toString().replaceFirst("fd=\\d+]", "fd="));
            try (Proc c = Proc.start(List.of(peer(), "tcp", Integer.toString(port)))) {
                long sent;
                try (ByteStream s = server.accept()) {
                    sent = echoAll(s, s);
                }
                assertEquals("echoed " + sent, finish(c));
            }
        }
    }

    @Test
    void shouldConnectJavaToJavaOverTcpAndSeeTheEndOfTheStream() {
        try (StreamSocket server = StreamSocket.listenTcpLoopback(0);
             ByteStream client = StreamSocket.connectTcpLoopback(server.port());
             ByteStream accepted = server.accept();
             Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(5);
            buf.copyFrom(MemorySegment.ofArray("hello".getBytes()));
            client.writeFully(buf);
            MemorySegment got = arena.allocate(5);
            accepted.readFully(got);
            assertEquals("hello", new String(got.toArray(ValueLayout.JAVA_BYTE)));
            client.close();
            assertEquals(0, accepted.read(got), "end of stream once the other end closed");
        }
    }

    @Test
    void shouldRefuseAFifoThatExistsAndAWriterWithoutAReader() {
        Fifo f = Fifo.create(dir.resolve("f"), 0600);
        IpcException exists = assertThrows(IpcException.AlreadyExistsException.class, () -> Fifo.create(f.path(), 0600));
        assertEquals("cannot make the FIFO " + f.path() + " [mkfifo: EEXIST] (open it with Fifo.at(path), or remove it first)",
                exists.getMessage());
        IpcException noReader = assertThrows(IpcException.WouldBlockException.class, f::tryOpenWriter);
        assertEquals("nobody has the FIFO " + f.path() + " open for reading [open: ENXIO] (open its read end first)",
                noReader.getMessage());
        IpcException missing = assertThrows(IpcException.NotFoundException.class, () -> Fifo.at(dir.resolve("none")).tryOpenReader());
        assertEquals("no FIFO " + dir.resolve("none") + " [open: ENOENT] (make it first: Fifo.create(path, 0600))", missing.getMessage());
    }

    @Test
    void shouldRefuseAFileThatIsNotAFifo() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "not a pipe");
        IpcException e = assertThrows(IpcException.InvalidArgumentException.class, () -> Fifo.at(file).tryOpenReader());
        assertEquals(file + " is not a FIFO (make one with Fifo.create)", e.getMessage());
    }

    @Test
    void shouldSayHowManyBytesCameBeforeTheWriterClosedAndRefuseWritesNobodyReads() {
        Fifo f = Fifo.create(dir.resolve("f"), 0600);
        try (Arena arena = Arena.ofConfined()) {
            ByteStream in = f.tryOpenReader();
            ByteStream out = f.tryOpenWriter();
            out.writeFully(arena.allocate(3));
            out.close();
            IpcException eof = assertThrows(IpcException.class, () -> in.readFully(arena.allocate(8)));
            assertEquals("the other end of read end of FIFO " + f.path() + " closed it after 3 of 8 bytes", eof.getMessage());
            in.close();

            ByteStream reader = f.tryOpenReader();
            ByteStream writer = f.tryOpenWriter();
            reader.close();
            IpcException pipe = assertThrows(IpcException.class, () -> writer.write(arena.allocate(8)));
            assertEquals("nobody reads write end of FIFO " + f.path() + " any more: the other end closed it [write: EPIPE]",
                    pipe.getMessage());
            assertEquals("write", pipe.syscall());
            writer.close();
            writer.close();
            IpcException closed = assertThrows(IpcException.DetachedException.class, () -> writer.write(arena.allocate(1)));
            assertEquals("write end of FIFO " + f.path() + " is closed in this process (open it again)", closed.getMessage());
            assertEquals("ByteStream[write end of FIFO " + f.path() + " closed]", writer.toString());
        }
    }

    @Test
    void shouldRefuseHeapAndReadOnlyBuffers() {
        Fifo f = Fifo.create(dir.resolve("f"), 0600);
        try (ByteStream in = f.tryOpenReader(); ByteStream out = f.tryOpenWriter(); Arena arena = Arena.ofConfined()) {
            IpcException heap = assertThrows(IpcException.InvalidArgumentException.class,
                    () -> out.write(MemorySegment.ofArray(new byte[8])));
            assertEquals("read and write need native memory (Arena.allocate, Memory.segment()), not a heap segment: write end of FIFO "
                    + f.path(), heap.getMessage());
            IpcException readOnly = assertThrows(IpcException.InvalidArgumentException.class,
                    () -> in.read(arena.allocate(8).asReadOnly()));
            assertEquals("read into a read-only segment refused: read end of FIFO " + f.path(), readOnly.getMessage());
        }
    }

    @Test
    void shouldRefuseConnectionsNobodyListensForAndAPathInUse() throws IOException {
        Path none = dir.resolve("none.sock");
        IpcException unix = assertThrows(IpcException.NotFoundException.class, () -> StreamSocket.connectUnix(none));
        assertEquals("cannot connect to Unix socket " + none + " [connect: ENOENT] (nobody listens there: start the listener first)",
                unix.getMessage());
        int port;
        try (StreamSocket s = StreamSocket.listenTcpLoopback(0)) {
            port = s.port();
        }
        IpcException tcp = assertThrows(IpcException.class, () -> StreamSocket.connectTcpLoopback(port));
        assertEquals("cannot connect to TCP socket 127.0.0.1:" + port
                + " [connect: ECONNREFUSED] (nobody listens there: start the listener first)", tcp.getMessage());
        Path taken = Files.writeString(dir.resolve("taken"), "x");
        IpcException inUse = assertThrows(IpcException.class, () -> StreamSocket.listenUnix(taken));
        assertEquals("cannot listen on Unix socket " + taken
                + " [bind: EADDRINUSE] (something is there already: another listener, or a file to remove)", inUse.getMessage());
        assertTrue(Files.exists(taken), "a failed listen leaves what was there");
        IpcException range = assertThrows(IpcException.InvalidArgumentException.class, () -> StreamSocket.listenTcpLoopback(70000));
        assertEquals("port out of range: port=70000 (use 0 to 65535)", range.getMessage());
        Path longPath = dir.resolve("x".repeat(120));
        IpcException tooLong = assertThrows(IpcException.InvalidArgumentException.class, () -> StreamSocket.listenUnix(longPath));
        assertEquals("Unix socket path too long: " + longPath + " (at most 107 bytes)", tooLong.getMessage());
    }

    @Test
    void shouldWakeAnAcceptWithShutdownFromAnotherThread() throws Exception {
        try (StreamSocket server = StreamSocket.listenUnix(dir.resolve("w.sock"))) {
            CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(catching(server::accept));
            // Shut down before or during the accept: either way it must fail, not wait.
            server.shutdown();
            Throwable t = waiter.get(60, TimeUnit.SECONDS);
            assertEquals(IpcException.RemovedException.class, t.getClass(), String.valueOf(t));
            assertEquals("Unix socket " + dir.resolve("w.sock") + " was shut down: no more connections [accept4: EINVAL]",
                    t.getMessage() + " [" + ((IpcException) t).syscall() + ": " + ((IpcException) t).errnoName() + "]");
        }
    }

    private static Supplier<Throwable> catching(Supplier<?> call) {
        return () -> {
            try {
                call.get();
                return null;
            } catch (Throwable t) {
                return t;
            }
        };
    }

    /** Messages of each size out, and the echo of each back whole; the bytes sent. */
    private static long echoAll(ByteStream out, ByteStream in) {
        long sent = 0;
        try (Arena arena = Arena.ofConfined()) {
            for (int size : SIZES) {
                byte[] message = new byte[size];
                for (int i = 0; i < size; i++) {
                    message[i] = (byte) (i * 31 + size);
                }
                MemorySegment buf = arena.allocate(size);
                buf.copyFrom(MemorySegment.ofArray(message));
                out.writeFully(buf);
                MemorySegment echo = arena.allocate(size);
                in.readFully(echo);
                assertArrayEquals(message, echo.toArray(ValueLayout.JAVA_BYTE), "the echo of " + size + " bytes");
                sent += size;
            }
        }
        return sent;
    }

    private static String peer() {
        return CProgram.compile("stream_peer.c").toString();
    }

    /** The C peer's last line, once it exited 0. */
    private static String finish(Proc c) {
        Proc.Result r = c.waitFor(PATIENCE);
        assertEquals(0, r.exitCode(), r::describe);
        List<String> lines = r.stdout().strip().lines().toList();
        return lines.get(lines.size() - 1);
    }
}
