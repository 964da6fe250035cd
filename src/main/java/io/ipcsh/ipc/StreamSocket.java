package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.SysSocket;
import io.ipcsh.posix.Unistd;
import io.ipcsh.posix.sockaddr_in;
import io.ipcsh.posix.sockaddr_un;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * A listening stream socket, Unix ({@code AF_UNIX} at a path) or TCP on the loopback
 * address, whose connections are {@link ByteStream}s, as are the ones {@link #connectUnix}
 * and {@link #connectTcpLoopback} make: {@code read(2)}/{@code write(2)} through FFM, as
 * in C. TCP connections send each write at once ({@code TCP_NODELAY}), as message
 * protocols between processes want.
 *
 * <pre>{@code
 * try (StreamSocket server = StreamSocket.listenUnix(Path.of("/tmp/jobs.sock"))) {
 *     ByteStream s = server.accept();      // the other process: StreamSocket.connectUnix(path)
 * }
 * }</pre>
 */
public final class StreamSocket implements AutoCloseable {
    private static final int BACKLOG = 16;

    private final String label;
    /** The Unix socket's path, removed on close; null for TCP. */
    private final Path path;
    private final boolean tcp;
    private int fd;

    private StreamSocket(int fd, String label, Path path, boolean tcp) {
        this.fd = fd;
        this.label = label;
        this.path = path;
        this.tcp = tcp;
    }

    /** Listens at {@code path}, which must not exist yet; {@link #close()} removes it. */
    public static StreamSocket listenUnix(Path path) {
        String label = "Unix socket " + path;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = unixAddress(arena, path);
            int fd = socket(SysSocket.AF_UNIX, label);
            StreamSocket s = new StreamSocket(fd, label, null, false);
            bindAndListen(s, fd, sa, label);
            return new StreamSocket(fd, label, path, false);
        }
    }

    /** Listens on 127.0.0.1:{@code port}; 0 picks a free port ({@link #port()} tells which). */
    public static StreamSocket listenTcpLoopback(int port) {
        checkPort(port);
        String label = "TCP socket 127.0.0.1:" + port;
        try (Arena arena = Arena.ofConfined()) {
            int fd = socket(SysSocket.AF_INET, label);
            StreamSocket s = new StreamSocket(fd, label, null, true);
            bindAndListen(s, fd, sockaddr_in.of(arena, SysSocket.INADDR_LOOPBACK, port), label);
            return new StreamSocket(fd, "TCP socket 127.0.0.1:" + boundPort(fd, label), null, true);
        }
    }

    /** A connection to the Unix socket listening at {@code path}. */
    public static ByteStream connectUnix(Path path) {
        String label = "Unix socket " + path;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = unixAddress(arena, path);
            return connect(SysSocket.AF_UNIX, sa, label, false);
        }
    }

    /** A connection to 127.0.0.1:{@code port}, with TCP_NODELAY. */
    public static ByteStream connectTcpLoopback(int port) {
        checkPort(port);
        if (port == 0) {
            throw new IpcException.InvalidArgumentException("port must be 1 to 65535 to connect: port=0");
        }
        String label = "TCP socket 127.0.0.1:" + port;
        try (Arena arena = Arena.ofConfined()) {
            return connect(SysSocket.AF_INET, sockaddr_in.of(arena, SysSocket.INADDR_LOOPBACK, port), label, true);
        }
    }

    /** Waits for the next connection. {@link #shutdown()} from another thread ends the wait. */
    public ByteStream accept() {
        int f = open();
        int c = SysSocket.accept4(f, SysSocket.SOCK_CLOEXEC);
        if (c < 0) {
            int errno = Errno.last();
            if (Errno.EINVAL.is(errno)) {
                throw new IpcException.RemovedException(label + " was shut down: no more connections", "accept4", errno);
            }
            throw IpcException.of("accept4", errno, "accept failed on " + label, null);
        }
        ByteStream s = new ByteStream(c, "connection on " + label);
        if (tcp) {
            noDelay(s, label);
        }
        return s;
    }

    /** The port a TCP socket listens on; -1 for a Unix socket. */
    public int port() {
        if (!tcp) {
            return -1;
        }
        return boundPort(open(), label);
    }

    /** Wakes a thread blocked in {@link #accept()} (which then fails); the socket accepts no more. */
    public void shutdown() {
        // A listening socket isn't connected: Linux answers ENOTCONN, after waking accept.
        SysSocket.shutdown(open(), SysSocket.SHUT_RDWR);
    }

    /** Closes it, and removes a Unix socket's path. A second close does nothing. */
    @Override
    public void close() {
        int f = fd;
        if (f < 0) {
            return;
        }
        fd = -1;
        int r = Unistd.close(f);
        int errno = r == 0 ? 0 : Errno.last();
        if (path != null && Unistd.unlink(path.toString()) != 0 && !Errno.ENOENT.is(Errno.last())) {
            throw IpcException.of("unlink", Errno.last(), "cannot remove " + path, null);
        }
        if (r != 0) {
            throw IpcException.of("close", errno, "close failed on " + label, null);
        }
    }

    @Override
    public String toString() {
        return "StreamSocket[" + label + (fd >= 0 ? " fd=" + fd : " closed") + "]";
    }

    private int open() {
        int f = fd;
        if (f < 0) {
            throw new IpcException.DetachedException(label + " is closed in this process (listen again)");
        }
        return f;
    }

    private static MemorySegment unixAddress(Arena arena, Path path) {
        MemorySegment sa = sockaddr_un.of(arena, path.toString());
        if (sa == null) {
            throw new IpcException.InvalidArgumentException("Unix socket path too long: " + path + " (at most "
                    + sockaddr_un.PATH_MAX + " bytes)");
        }
        return sa;
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IpcException.InvalidArgumentException("port out of range: port=" + port + " (use 0 to 65535)");
        }
    }

    private static int socket(int domain, String label) {
        int fd = SysSocket.socket(domain, SysSocket.SOCK_STREAM | SysSocket.SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw IpcException.of("socket", Errno.last(), "cannot make a socket for " + label, null);
        }
        return fd;
    }

    /** bind + listen, closing {@code s} (without touching a path it didn't make) on failure. */
    private static void bindAndListen(StreamSocket s, int fd, MemorySegment sa, String label) {
        if (SysSocket.bind(fd, sa) != 0) {
            int errno = Errno.last();
            s.close();
            Errno e = Errno.of(errno);
            String hint = e == Errno.EADDRINUSE ? "something is there already: another listener, or a file to remove"
                    : e == Errno.ENOENT ? "its directory must exist" : null;
            throw IpcException.of("bind", errno, "cannot listen on " + label, hint);
        }
        if (SysSocket.listen(fd, BACKLOG) != 0) {
            int errno = Errno.last();
            s.close();
            throw IpcException.of("listen", errno, "cannot listen on " + label, null);
        }
    }

    private static int boundPort(int fd, String label) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(sockaddr_in.LAYOUT);
            MemorySegment len = arena.allocateFrom(JAVA_INT, (int) sa.byteSize());
            if (SysSocket.getsockname(fd, sa, len) != 0) {
                throw IpcException.of("getsockname", Errno.last(), "cannot tell the port of " + label, null);
            }
            return sockaddr_in.port(sa);
        }
    }

    private static ByteStream connect(int domain, MemorySegment sa, String label, boolean tcp) {
        ByteStream s = new ByteStream(socket(domain, label), label);
        if (SysSocket.connect(s.fd(), sa) != 0) {
            int errno = Errno.last();
            s.close();
            Errno e = Errno.of(errno);
            String hint = e == Errno.ECONNREFUSED || e == Errno.ENOENT ? "nobody listens there: start the listener first" : null;
            throw IpcException.of("connect", errno, "cannot connect to " + label, hint);
        }
        if (tcp) {
            noDelay(s, label);
        }
        return s;
    }

    private static void noDelay(ByteStream s, String label) {
        try (Arena arena = Arena.ofConfined()) {
            if (SysSocket.setsockopt(s.fd(), SysSocket.IPPROTO_TCP, SysSocket.TCP_NODELAY, arena.allocateFrom(JAVA_INT, 1)) != 0) {
                int errno = Errno.last();
                s.close();
                throw IpcException.of("setsockopt", errno, "cannot set TCP_NODELAY on " + label, null);
            }
        }
    }
}
