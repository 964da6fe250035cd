package io.ipcsh.ipc;

import io.ipcsh.posix.Trace;

import java.util.function.Consumer;

/**
 * strace-style tracing of every libc call this library makes:
 * {@code shmget(0x4100c1ab, 4096, IPC_CREAT|0600) = 32769}, one line per call, and the
 * errno name and text after a failure. Off by default.
 */
public final class Tracing {
    private Tracing() {
    }

    /** Sends each traced call to {@code sink} (from any thread); null turns tracing off. */
    public static void sink(Consumer<String> sink) {
        Trace.sink(sink);
    }

    /** True while a sink is set. */
    public static boolean enabled() {
        return Trace.enabled();
    }
}
