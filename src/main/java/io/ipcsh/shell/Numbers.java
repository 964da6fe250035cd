package io.ipcsh.shell;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Locale;

/**
 * How the command language reads numbers: decimal or {@code 0x} hex everywhere, octal
 * for modes (as chmod does), {@code k}/{@code m}/{@code g} suffixes for sizes and
 * {@code 250ms}/{@code 2s}/{@code 1m} for durations. Each nested class is a picocli
 * converter, named on the option or parameter that uses it.
 */
final class Numbers {
    private Numbers() {
    }

    /** A whole number in decimal or 0x hex, with an optional sign; null if it is not one. */
    static BigInteger integer(String text) {
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

    /** A long in {@code [min, max]}, or a conversion error naming {@code what} and the range. */
    static long inRange(String text, long min, long max, String what) {
        BigInteger v = integer(text);
        if (v == null) {
            throw new TypeConversionException("not a number: '" + text + "' (use decimal or 0x hex)");
        }
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new TypeConversionException(what + " out of range: " + text + " (use " + min + " to " + max + ")");
        }
        return v.longValueExact();
    }

    /** An offset into a segment: 0 or more, decimal or 0x hex. */
    static final class Offset implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return inRange(value, 0, Long.MAX_VALUE, "offset");
        }
    }

    /** A count of values or bytes: 1 or more. */
    static final class Count implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) inRange(value, 1, Integer.MAX_VALUE, "count");
        }
    }

    /** A non-negative int, such as a shmid or a semaphore value. */
    static final class NonNegative implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) inRange(value, 0, Integer.MAX_VALUE, "value");
        }
    }

    /** A size in bytes: {@code 4096}, {@code 0x1000}, {@code 4k}, {@code 1m}, {@code 1g}. */
    static final class Size implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return size(value);
        }
    }

    static long size(String value) {
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
            throw new TypeConversionException("not a size: '" + value + "' (use bytes, or a k, m or g suffix: 4k)");
        }
        BigInteger bytes = v.multiply(BigInteger.valueOf(unit));
        if (bytes.bitLength() > 62) {
            throw new TypeConversionException("size too large: " + value);
        }
        return bytes.longValueExact();
    }

    /** Permission bits in octal, as chmod reads them: {@code 0600}, {@code 600}, {@code 0o644}. */
    static final class Mode implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String t = value.strip().toLowerCase(Locale.ROOT);
            if (t.startsWith("0o")) {
                t = t.substring(2);
            }
            if (t.isEmpty() || t.length() > 4 || !t.chars().allMatch(c -> c >= '0' && c <= '7')) {
                throw new TypeConversionException("not a mode: '" + value + "' (use octal permission bits such as 0600)");
            }
            int mode = Integer.parseInt(t, 8);
            if (mode > 0777) {
                throw new TypeConversionException("mode out of range: " + value + " (use 0 to 0777, such as 0600)");
            }
            return mode;
        }
    }

    /** A duration: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 1m}, {@code 1h}; a bare number is seconds. */
    static final class Time implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return duration(value);
        }
    }

    static Duration duration(String value) {
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
            throw new TypeConversionException("not a duration: '" + value + "' (use 250ms, 2s or 1m)");
        }
        double nanos = Double.parseDouble(number) * nanosPerUnit;
        if (nanos > Long.MAX_VALUE / 2) {
            throw new TypeConversionException("duration too long: " + value);
        }
        return Duration.ofNanos(Math.round(nanos));
    }
}
