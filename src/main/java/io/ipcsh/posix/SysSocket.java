package io.ipcsh.posix;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code <sys/socket.h>} (with {@code <netinet/in.h>}, {@code <netinet/tcp.h>}): stream
 * sockets, Unix and loopback TCP, for {@code ipc.StreamSocket}. Returns what C returns
 * (-1 on failure, errno in {@link Errno#last()}). Reads and writes are {@link Unistd}'s.
 */
public final class SysSocket {
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_CLOEXEC = 02000000;
    public static final int IPPROTO_TCP = 6;
    public static final int TCP_NODELAY = 1;
    public static final int SHUT_RDWR = 2;
    public static final int INADDR_LOOPBACK = 0x7f000001;

    private SysSocket() {
    }

    // int socket(int domain, int type, int protocol);  https://man7.org/linux/man-pages/man2/socket.2.html
    private static final MethodHandle SOCKET = Downcall.capturing("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));

    public static int socket(int domain, int type, int protocol) {
        try {
            int r = (int) SOCKET.invokeExact(Downcall.capture(), domain, type, protocol);
            if (Trace.enabled()) {
                Trace.call("socket", r, Errno.last(), domain == AF_UNIX ? "AF_UNIX" : domain == AF_INET ? "AF_INET" : domain,
                        (type & ~SOCK_CLOEXEC) == SOCK_STREAM ? "SOCK_STREAM" + ((type & SOCK_CLOEXEC) != 0 ? "|SOCK_CLOEXEC" : "") : type,
                        protocol);
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen);  https://man7.org/linux/man-pages/man2/bind.2.html
    private static final MethodHandle BIND = Downcall.capturing("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    /** {@code addr} is a {@link sockaddr_un} or {@link sockaddr_in}. */
    public static int bind(int fd, MemorySegment addr) {
        try {
            int r = (int) BIND.invokeExact(Downcall.capture(), fd, addr, (int) addr.byteSize());
            if (Trace.enabled()) {
                Trace.call("bind", r, Errno.last(), fd, Trace.pointer(addr), addr.byteSize());
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int listen(int sockfd, int backlog);  https://man7.org/linux/man-pages/man2/listen.2.html
    private static final MethodHandle LISTEN = Downcall.capturing("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    public static int listen(int fd, int backlog) {
        try {
            int r = (int) LISTEN.invokeExact(Downcall.capture(), fd, backlog);
            if (Trace.enabled()) {
                Trace.call("listen", r, Errno.last(), fd, backlog);
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);  https://man7.org/linux/man-pages/man2/accept.2.html
    // Blocks until a peer connects.
    private static final MethodHandle ACCEPT4 = Downcall.capturing("accept4",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));

    /** Without the peer's address (NULL, NULL). */
    public static int accept4(int fd, int flags) {
        try {
            int r = (int) ACCEPT4.invokeExact(Downcall.capture(), fd, MemorySegment.NULL, MemorySegment.NULL, flags);
            if (Trace.enabled()) {
                Trace.call("accept4", r, Errno.last(), fd, "NULL", "NULL", (flags & SOCK_CLOEXEC) != 0 ? "SOCK_CLOEXEC" : flags);
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen);  https://man7.org/linux/man-pages/man2/connect.2.html
    private static final MethodHandle CONNECT = Downcall.capturing("connect", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    public static int connect(int fd, MemorySegment addr) {
        try {
            int r = (int) CONNECT.invokeExact(Downcall.capture(), fd, addr, (int) addr.byteSize());
            if (Trace.enabled()) {
                Trace.call("connect", r, Errno.last(), fd, Trace.pointer(addr), addr.byteSize());
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int getsockname(int sockfd, struct sockaddr *addr, socklen_t *addrlen);  https://man7.org/linux/man-pages/man2/getsockname.2.html
    private static final MethodHandle GETSOCKNAME = Downcall.capturing("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));

    /** {@code addrlen} is a socklen_t (int) holding the size of {@code addr}, and gets the size written. */
    public static int getsockname(int fd, MemorySegment addr, MemorySegment addrlen) {
        try {
            int r = (int) GETSOCKNAME.invokeExact(Downcall.capture(), fd, addr, addrlen);
            if (Trace.enabled()) {
                Trace.call("getsockname", r, Errno.last(), fd, Trace.pointer(addr), Trace.pointer(addrlen));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen);
    // https://man7.org/linux/man-pages/man2/setsockopt.2.html
    private static final MethodHandle SETSOCKOPT = Downcall.capturing("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));

    /** {@code optval} is an int option's value. */
    public static int setsockopt(int fd, int level, int optname, MemorySegment optval) {
        try {
            int r = (int) SETSOCKOPT.invokeExact(Downcall.capture(), fd, level, optname, optval, (int) optval.byteSize());
            if (Trace.enabled()) {
                Trace.call("setsockopt", r, Errno.last(), fd, level == IPPROTO_TCP ? "IPPROTO_TCP" : level,
                        level == IPPROTO_TCP && optname == TCP_NODELAY ? "TCP_NODELAY" : optname,
                        "[" + optval.get(JAVA_INT, 0) + "]", optval.byteSize());
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int shutdown(int sockfd, int how);  https://man7.org/linux/man-pages/man2/shutdown.2.html
    // Wakes a thread blocked in accept, read or write on the socket, without freeing its number.
    private static final MethodHandle SHUTDOWN = Downcall.capturing("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    public static int shutdown(int fd, int how) {
        try {
            int r = (int) SHUTDOWN.invokeExact(Downcall.capture(), fd, how);
            if (Trace.enabled()) {
                Trace.call("shutdown", r, Errno.last(), fd, how == SHUT_RDWR ? "SHUT_RDWR" : how);
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }
}
