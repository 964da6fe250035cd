package io.ipcsh.demo;

import io.ipcsh.ipc.IpcException;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the command language writes them: {@code 250ms}, {@code 2s}, {@code 1m},
 * {@code 500us}, {@code 0}. The shell prints with {@link #format}; the demo's peer
 * processes also read their arguments with {@link #parse}.
 */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d+)(ns|us|ms|s|m)");

    private Durations() {
    }

    static Duration parse(String text) {
        String t = text.strip();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = FORM.matcher(t);
        if (!m.matches()) {
            throw new IpcException.InvalidArgumentException(
                    "not a duration: '" + text + "' (use a number with ns, us, ms, s or m, such as 250ms)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ns" -> Duration.ofNanos(n);
            case "us" -> Duration.ofNanos(n * 1000);
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    /** {@code 1ms}, {@code 250us}, {@code 2s}, {@code 1m}: the shortest exact form. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0";
        }
        if (nanos % 60_000_000_000L == 0) {
            return nanos / 60_000_000_000L + "m";
        }
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1000 == 0) {
            return nanos / 1000 + "us";
        }
        return nanos + "ns";
    }
}
