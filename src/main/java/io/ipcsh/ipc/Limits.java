package io.ipcsh.ipc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel's System V shared memory limits, as {@code ipcs -l} shows them. */
public final class Limits {
    private Limits() {
    }

    /**
     * kernel.shmmax: the largest segment in bytes, or -1 if unknown. The default,
     * ULONG_MAX - 2^24, is beyond a Java long and comes back as {@link Long#MAX_VALUE}.
     */
    public static long shmmax() {
        return clamp(read("shmmax"));
    }

    /** kernel.shmall: all segments together, in pages, or -1 if unknown; clamped like {@link #shmmax()}. */
    public static long shmall() {
        return clamp(read("shmall"));
    }

    /** kernel.shmmni: how many segments the host may have, or -1 if unknown. */
    public static long shmmni() {
        return clamp(read("shmmni"));
    }

    /** kernel.shmmax as the kernel prints it, such as {@code 18446744073692774399}, or {@code unknown}. */
    static String shmmaxText() {
        String v = read("shmmax");
        return v == null ? "unknown" : v;
    }

    private static long clamp(String value) {
        if (value == null) {
            return -1;
        }
        long v = Long.parseUnsignedLong(value);
        return v < 0 ? Long.MAX_VALUE : v;
    }

    /** The value text, or null if unreadable. */
    private static String read(String name) {
        // One read() with a buffer: numeric sysctl files answer EOF to any read at a
        // nonzero offset, so Files.readString (which probes with a 1-byte read first
        // when the size is 0) gets only the first digit.
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel", name))) {
            byte[] buf = new byte[64];
            int n = in.read(buf);
            String v = n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII).strip();
            Long.parseUnsignedLong(v);
            return v;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
