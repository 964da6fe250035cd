package io.ipcsh.shell;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.math.BigInteger;
import java.time.Duration;

/**
 * The picocli converters over the command language's one number parser,
 * {@link io.ipcsh.cli.Numbers}: each nested class is named on the option or parameter
 * that uses it, and adds the range its value must fall in.
 */
final class Numbers {
    private Numbers() {
    }

    /** A whole number in decimal or 0x hex, with an optional sign; null if it is not one. */
    static BigInteger integer(String text) {
        return io.ipcsh.cli.Numbers.integer(text);
    }

    /** A long in {@code [min, max]}, or a conversion error naming {@code what} and the range. */
    static long inRange(String text, long min, long max, String what) {
        long plain = io.ipcsh.cli.Numbers.plainDecimal(text);
        if (plain != io.ipcsh.cli.Numbers.NOT_PLAIN && plain >= min && plain <= max) {
            return plain;
        }
        BigInteger v = integer(text);
        if (v == null) {
            throw new TypeConversionException("not a number: '" + text + "' (use decimal or 0x hex)");
        }
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new TypeConversionException(what + " out of range: " + text + " (use " + min + " to " + max + ")");
        }
        return v.longValueExact();
    }

    /**
     * An offset into a segment, decimal or 0x hex. A negative one parses too: the memory's
     * own bounds check refuses it with the same line as one past the end
     * ({@code offset out of range: offset=-1 length=4 size=4096}).
     */
    static final class Offset implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return inRange(value, Long.MIN_VALUE, Long.MAX_VALUE, "offset");
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

    /** Any whole number that fits a C long, with a sign: a message type or priority (the API checks the range). */
    static final class Signed implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return inRange(value, Long.MIN_VALUE, Long.MAX_VALUE, "number");
        }
    }

    /** A size in bytes: {@code 4096}, {@code 0x1000}, {@code 4k}, {@code 1m}, {@code 1g}. */
    static final class Size implements ITypeConverter<Long>, Suggestions {
        @Override
        public java.util.List<String> suggestions() {
            return java.util.List.of("4k", "64k", "1m");
        }

        @Override
        public Long convert(String value) {
            return size(value);
        }
    }

    static long size(String value) {
        try {
            return io.ipcsh.cli.Numbers.size(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** Permission bits in octal, as chmod reads them: {@code 0600}, {@code 600}, {@code 0o644}. */
    static final class Mode implements ITypeConverter<Integer>, Suggestions {
        @Override
        public java.util.List<String> suggestions() {
            return java.util.List.of("0600", "0640", "0660", "0644");
        }

        @Override
        public Integer convert(String value) {
            try {
                return io.ipcsh.cli.Numbers.mode(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
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
        try {
            return io.ipcsh.cli.Numbers.duration(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
