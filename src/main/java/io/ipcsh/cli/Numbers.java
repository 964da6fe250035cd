package io.ipcsh.cli;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;

/**
 * How the command language writes numbers, the one parser for each: integers in decimal or
 * {@code 0x} hex, permission modes in octal (as chmod reads them), sizes with
 * {@code k}/{@code m}/{@code g} suffixes ({@code 4k} = 4096) and durations such as
 * {@code 250ms}, {@code 2s}, {@code 1m}. Bad text is an {@link IllegalArgumentException}
 * whose message is the one line the user sees.
 */
public final class Numbers {
    private Numbers() {
    }

    /** What {@link #plainDecimal} returns for text it leaves to {@link #integer}. */
    public static final long NOT_PLAIN = Long.MIN_VALUE;

    /**
     * The value of the commonest number, plain decimal digits with at most a leading
     * {@code -} and at most 18 digits (so it fits a long): what {@link #integer} makes of
     * it, without the BigInteger. {@link #NOT_PLAIN} for anything else (hex, {@code _},
     * {@code +}, spaces, long numbers): ask {@link #integer}. A script of small commands
     * parses a few numbers per line.
     */
    public static long plainDecimal(String text) {
        int n = text.length();
        int from = n > 0 && text.charAt(0) == '-' ? 1 : 0;
        if (n == from || n - from > 18) {
            return NOT_PLAIN;
        }
        long v = 0;
        for (int i = from; i < n; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return NOT_PLAIN;
            }
            v = v * 10 + (c - '0');
        }
        return from == 1 ? -v : v;
    }

    /** A whole number in decimal or 0x hex, with an optional sign and {@code _}; null if it is not one. */
    public static BigInteger integer(String text) {
        long plain = plainDecimal(text);
        if (plain != NOT_PLAIN) {
            return BigInteger.valueOf(plain);
        }
        String t = text.strip().replace("_", "");
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) {
            t = t.substring(1);
        }
        int radix = 10;
        if (t.startsWith("0x") || t.startsWith("0X")) {
            radix = 16;
            t = t.substring(2);
        }
        if (t.isEmpty() || !t.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return null;
        }
        try {
            BigInteger v = new BigInteger(t, radix);
            return negative ? v.negate() : v;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A size in bytes: {@code 4096}, {@code 0x1000}, {@code 4k}, {@code 1m}, {@code 1g}. */
    public static long size(String value) {
        String t = value.strip().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!t.startsWith("0x") && !t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                default -> unit = 1;
            }
            if (unit != 1) {
                t = t.substring(0, t.length() - 1);
            }
        }
        BigInteger v = integer(t);
        if (v == null || v.signum() < 0) {
            throw new IllegalArgumentException("not a size: '" + value + "' (use bytes, or a k, m or g suffix: 4k)");
        }
        BigInteger bytes = v.multiply(BigInteger.valueOf(unit));
        if (bytes.bitLength() > 62) {
            throw new IllegalArgumentException("size too large: " + value);
        }
        return bytes.longValueExact();
    }

    /** Permission bits in octal: {@code 0600}, {@code 600}, {@code 0o644}; at most 0777. */
    public static int mode(String value) {
        String t = value.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("0o")) {
            t = t.substring(2);
        }
        if (t.isEmpty() || t.length() > 4 || !t.chars().allMatch(c -> c >= '0' && c <= '7')) {
            throw new IllegalArgumentException("not a mode: '" + value + "' (use octal permission bits such as 0600)");
        }
        int mode = Integer.parseInt(t, 8);
        if (mode > 0777) {
            throw new IllegalArgumentException("mode out of range: " + value + " (use 0 to 0777, such as 0600)");
        }
        return mode;
    }

    /**
     * A duration: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 1m}, {@code 1h}, {@code 500us},
     * {@code 7ns}; a bare number is seconds. Reads back everything {@link #format} writes.
     */
    public static Duration duration(String value) {
        String t = value.strip().toLowerCase(Locale.ROOT);
        int split = 0;
        while (split < t.length() && (Character.isDigit(t.charAt(split)) || t.charAt(split) == '.')) {
            split++;
        }
        String number = t.substring(0, split);
        String unit = t.substring(split);
        long nanosPerUnit = switch (unit) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s", "" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> -1;
        };
        if (number.isEmpty() || nanosPerUnit < 0 || number.chars().filter(c -> c == '.').count() > 1 || number.equals(".")) {
            throw new IllegalArgumentException("not a duration: '" + value + "' (use 250ms, 2s or 1m)");
        }
        double nanos = Double.parseDouble(number) * nanosPerUnit;
        if (nanos > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("duration too long: " + value);
        }
        return Duration.ofNanos(Math.round(nanos));
    }

    /** {@code 1ms}, {@code 250us}, {@code 2s}, {@code 1m}, {@code 0}: the shortest exact form. */
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
