package io.ipcsh.posix;

import java.util.function.Consumer;

/**
 * strace-style reporting of every libc call made through {@link LibC}:
 * {@code shmget(0x4100c1ab, 4096, IPC_CREAT|0600) = 32769}. Off unless a sink is set,
 * and then it costs one volatile read per call.
 */
public final class Trace {
    private static volatile Consumer<String> sink;

    private Trace() {
    }

    /** Sends each traced call to {@code sink}; null turns tracing off. */
    public static void sink(Consumer<String> sink) {
        Trace.sink = sink;
    }

    /** True when a sink is set. */
    public static boolean enabled() {
        return sink != null;
    }

    static void call(String function, long result, int errno, Object... args) {
        Consumer<String> s = sink;
        if (s == null) {
            return;
        }
        StringBuilder line = new StringBuilder(function).append('(');
        for (int i = 0; i < args.length; i++) {
            line.append(i == 0 ? "" : ", ").append(args[i]);
        }
        line.append(") = ").append(result);
        if (result == -1) {
            line.append(' ').append(Errno.name(errno)).append(" (").append(LibC.strerror(errno)).append(')');
        }
        s.accept(line.toString());
    }

    static void pointerCall(String function, long address, int errno, Object... args) {
        Consumer<String> s = sink;
        if (s == null) {
            return;
        }
        if (address == -1L) {
            call(function, -1, errno, args);
            return;
        }
        StringBuilder line = new StringBuilder(function).append('(');
        for (int i = 0; i < args.length; i++) {
            line.append(i == 0 ? "" : ", ").append(args[i]);
        }
        s.accept(line.append(") = 0x").append(Long.toHexString(address)).toString());
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    static String octal(int mode) {
        return mode == 0 ? "0" : "0" + Integer.toOctalString(mode);
    }
}
