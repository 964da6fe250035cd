package io.ipcsh.posix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;

/**
 * strace-style reporting of every libc call made through this package:
 * {@code shmget(0x4100c1ab, 4096, IPC_CREAT|0600) = 32769}. Off unless a sink is set.
 *
 * <p>{@link #enabled()} is a plain read, not a volatile one: it sits in every fast path
 * (a {@code Semaphore.post()} asks it before its compare-and-swap), where a volatile
 * read, which orders every access after it, cost 2.5 ns of a 10.5 ns post + tryAcquire
 * pair (JMH; an opaque read cost as much). The thread that sets the sink sees it at
 * once, as does a thread started after; a loop already running in another thread may
 * keep its earlier answer until it returns, so its calls in Java's fast paths may go
 * untraced meanwhile.
 */
public final class Trace {
    /** strace's default {@code -s}: how many bytes of a buffer a line shows. */
    private static final int STRING_LIMIT = 32;
    private static volatile Consumer<String> sink;
    /** Whether {@link #sink} is set, for {@link #enabled()}'s plain read. */
    private static boolean on;

    private Trace() {
    }

    /** Sends each traced call to {@code sink}; null turns tracing off. */
    public static void sink(Consumer<String> sink) {
        Trace.sink = sink;
        on = sink != null;
    }

    /** True when a sink is set (as this thread last saw it: see above). */
    public static boolean enabled() {
        return on;
    }

    /** A call that returns -1 and sets errno on failure. */
    static void call(String function, long result, int errno, Object... args) {
        Consumer<String> s = sink;
        if (s == null) {
            return;
        }
        StringBuilder line = line(function, args).append(") = ").append(result);
        if (result == -1) {
            failure(line, errno);
        }
        s.accept(line.toString());
    }

    /** A call that returns a pointer, -1 ({@code MAP_FAILED}, shmat) on failure. */
    static void pointerCall(String function, long address, int errno, Object... args) {
        pointer(function, address, -1L, errno, args);
    }

    /** A call that returns a pointer, NULL on failure ({@code sem_open}'s SEM_FAILED). */
    static void nullablePointerCall(String function, long address, int errno, Object... args) {
        pointer(function, address, 0L, errno, args);
    }

    private static void pointer(String function, long address, long failed, int errno, Object[] args) {
        Consumer<String> s = sink;
        if (s == null) {
            return;
        }
        StringBuilder line = line(function, args).append(") = ");
        if (address == failed) {
            failure(line.append(failed == -1L ? "-1" : "NULL"), errno);
        } else {
            line.append("0x").append(Long.toHexString(address));
        }
        s.accept(line.toString());
    }

    /** A call that returns 0 or an error number ({@code pthread_*}), and leaves errno alone. */
    static void errorNumberCall(String function, int result, Object... args) {
        Consumer<String> s = sink;
        if (s == null) {
            return;
        }
        StringBuilder line = line(function, args).append(") = ").append(result);
        if (result != 0) {
            line.append(' ').append(Errno.name(result)).append(" (").append(Strings.strerror(result)).append(')');
        }
        s.accept(line.toString());
    }

    private static StringBuilder line(String function, Object[] args) {
        StringBuilder line = new StringBuilder(function).append('(');
        for (int i = 0; i < args.length; i++) {
            line.append(i == 0 ? "" : ", ").append(args[i]);
        }
        return line;
    }

    private static void failure(StringBuilder line, int errno) {
        line.append(' ').append(Errno.name(errno)).append(" (").append(Strings.strerror(errno)).append(')');
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    static String pointer(MemorySegment p) {
        return p.address() == 0 ? "NULL" : hex(p.address());
    }

    static String octal(int mode) {
        return mode == 0 ? "0" : "0" + Integer.toOctalString(mode);
    }

    static String key(int key) {
        return key == Ipc.IPC_PRIVATE ? "IPC_PRIVATE" : hex(key & 0xffffffffL);
    }

    /** {@code IPC_CREAT|IPC_EXCL|0600}, as strace shows a *get call's flags. */
    static String ipcFlags(int flags) {
        StringBuilder s = new StringBuilder();
        if ((flags & Ipc.IPC_CREAT) != 0) {
            s.append("IPC_CREAT|");
        }
        if ((flags & Ipc.IPC_EXCL) != 0) {
            s.append("IPC_EXCL|");
        }
        return s.append(octal(flags & 0777)).toString();
    }

    /** {@code O_RDWR|O_CREAT|O_EXCL}. */
    static String openFlags(int flags) {
        StringBuilder s = new StringBuilder(switch (flags & 3) {
            case Fcntl.O_RDONLY -> "O_RDONLY";
            case Fcntl.O_WRONLY -> "O_WRONLY";
            case Fcntl.O_RDWR -> "O_RDWR";
            default -> "3";
        });
        int[] bits = {Fcntl.O_CREAT, Fcntl.O_EXCL, Fcntl.O_TRUNC, Fcntl.O_NONBLOCK, Fcntl.O_CLOEXEC};
        String[] names = {"O_CREAT", "O_EXCL", "O_TRUNC", "O_NONBLOCK", "O_CLOEXEC"};
        int rest = flags & ~3;
        for (int i = 0; i < bits.length; i++) {
            if ((rest & bits[i]) != 0) {
                s.append('|').append(names[i]);
                rest &= ~bits[i];
            }
        }
        if (rest != 0) {
            s.append('|').append(octal(rest));
        }
        return s.toString();
    }

    /** Names the bits of {@code flags} that {@code names} knows, then the rest in octal; "0" for none. */
    static String bits(int flags, int[] values, String[] names) {
        StringBuilder s = new StringBuilder();
        int rest = flags;
        for (int i = 0; i < values.length; i++) {
            if ((rest & values[i]) != 0) {
                s.append(s.isEmpty() ? "" : "|").append(names[i]);
                rest &= ~values[i];
            }
        }
        if (rest != 0 || s.isEmpty()) {
            s.append(s.isEmpty() ? "" : "|").append(octal(rest));
        }
        return s.toString();
    }

    /** A C string argument, quoted. */
    static String quote(String s) {
        return '"' + s + '"';
    }

    /** The first bytes of a buffer as strace quotes them: {@code "hello\n"...}. */
    static String bytes(MemorySegment buf, long offset, long length) {
        StringBuilder s = new StringBuilder("\"");
        long n = Math.min(Math.max(length, 0), STRING_LIMIT);
        for (long i = 0; i < n; i++) {
            int b = Byte.toUnsignedInt(buf.get(ValueLayout.JAVA_BYTE, offset + i));
            switch (b) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                case 0 -> s.append("\\0");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        s.append((char) b);
                    } else {
                        s.append(String.format("\\x%02x", b));
                    }
                }
            }
        }
        s.append('"');
        return length > STRING_LIMIT ? s.append("...").toString() : s.toString();
    }

    /** {@code {tv_sec=1, tv_nsec=0}}, or NULL. */
    static String timespec(MemorySegment ts) {
        return ts.address() == 0 ? "NULL"
                : "{tv_sec=" + io.ipcsh.posix.timespec.sec(ts) + ", tv_nsec=" + io.ipcsh.posix.timespec.nsec(ts) + "}";
    }
}
