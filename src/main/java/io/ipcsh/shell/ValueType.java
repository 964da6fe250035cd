package io.ipcsh.shell;

import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.Memory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The TYPE of {@code write}, {@code read} and {@code watch}: C's fixed-width integers,
 * floats, a NUL-terminated UTF-8 string and raw bytes. Values use the machine's byte
 * order, as a C program on this host sees them.
 */
enum ValueType {
    I8(1, true), U8(1, false), I16(2, true), U16(2, false), I32(4, true), U32(4, false),
    I64(8, true), U64(8, false), F32(4, true), F64(8, true), STR(1, false), BYTES(1, false);

    /** Bytes per value; 1 for str and bytes, whose length varies. */
    final int width;
    private final boolean signed;

    ValueType(int width, boolean signed) {
        this.width = width;
        this.signed = signed;
    }

    /** {@code i32}, as typed. */
    String label() {
        return label;
    }

    /** Made once: TYPE is matched against every label on every read and write line. */
    private final String label = name().toLowerCase(Locale.ROOT);

    /** Every label, for help and completion. */
    static List<String> labels() {
        return Arrays.stream(values()).map(ValueType::label).toList();
    }

    /** The bytes that {@code values} occupy: parsed and checked, in native order. */
    byte[] encode(List<String> values) {
        return switch (this) {
            case STR -> {
                byte[] utf8 = String.join(" ", values).getBytes(StandardCharsets.UTF_8);
                yield Arrays.copyOf(utf8, utf8.length + 1);
            }
            case BYTES -> hex(String.join("", values));
            default -> {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(width * values.size()).order(java.nio.ByteOrder.nativeOrder());
                for (String v : values) {
                    switch (this) {
                        case F32 -> buf.putFloat(parseFloat(v));
                        case F64 -> buf.putDouble(parseDouble(v));
                        default -> {
                            long bits = parseInteger(v);
                            switch (width) {
                                case 1 -> buf.put((byte) bits);
                                case 2 -> buf.putShort((short) bits);
                                case 4 -> buf.putInt((int) bits);
                                default -> buf.putLong(bits);
                            }
                        }
                    }
                }
                yield buf.array();
            }
        };
    }

    /**
     * Stores {@code values} at {@code offset}: one typed store per value, so that a reader
     * in another process never sees half of one. The whole range is checked first.
     *
     * @return the bytes written
     */
    int write(Memory segment, long offset, List<String> values) {
        byte[] encoded = encode(values);
        segment.checkRange(offset, encoded.length);
        if (this == STR || this == BYTES) {
            segment.putBytes(offset, encoded);
            return encoded.length;
        }
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(encoded).order(java.nio.ByteOrder.nativeOrder());
        for (long at = offset; buf.hasRemaining(); at += width) {
            switch (this) {
                case I8, U8 -> segment.putByte(at, buf.get());
                case I16, U16 -> segment.putShort(at, buf.getShort());
                case I32, U32 -> segment.putInt(at, buf.getInt());
                case F32 -> segment.putFloat(at, buf.getFloat());
                case F64 -> segment.putDouble(at, buf.getDouble());
                default -> segment.putLong(at, buf.getLong());
            }
        }
        return encoded.length;
    }

    /**
     * Loads {@code count} values from {@code offset}: numbers as Long, Double or
     * BigInteger (u64); a String for str (count must be 1); Integers 0-255 for bytes.
     */
    List<Object> read(Memory segment, long offset, int count) {
        if (this == STR) {
            if (count != 1) {
                throw new IpcException.InvalidArgumentException("COUNT does not apply to str: count=" + count
                        + " (str reads up to the NUL; use bytes to read a fixed length)");
            }
            segment.checkRange(offset, 1);
            return List.of(segment.getString(offset));
        }
        segment.checkRange(offset, (long) width * count);
        List<Object> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = offset + (long) i * width;
            out.add(switch (this) {
                case I8 -> (long) segment.getByte(at);
                case U8, BYTES -> (long) segment.getUnsignedByte(at);
                case I16 -> (long) segment.getShort(at);
                case U16 -> (long) segment.getUnsignedShort(at);
                case I32 -> (long) segment.getInt(at);
                case U32 -> segment.getUnsignedInt(at);
                case I64 -> segment.getLong(at);
                case U64 -> new BigInteger(Long.toUnsignedString(segment.getLong(at)));
                case F32 -> (double) segment.getFloat(at);
                case F64 -> segment.getDouble(at);
                case STR -> throw new AssertionError();
            });
        }
        return out;
    }

    /** One value as {@code read} prints it: {@code 42}, {@code 1.5}, {@code ff} for bytes. */
    String show(Object value) {
        if (this == BYTES) {
            return String.format("%02x", (Long) value);
        }
        if (this == F32) {
            return Float.toString(((Double) value).floatValue());
        }
        return value.toString();
    }

    /** Values as one line: space-separated, bytes as hex pairs. */
    String show(List<Object> values) {
        if (values.size() == 1) {
            return show(values.get(0));
        }
        StringBuilder s = new StringBuilder();
        for (Object v : values) {
            s.append(s.isEmpty() ? "" : " ").append(show(v));
        }
        return s.toString();
    }

    private long parseInteger(String text) {
        long small = io.ipcsh.cli.Numbers.plainDecimal(text);
        if (small != io.ipcsh.cli.Numbers.NOT_PLAIN && (width < Long.BYTES || signed)) {
            long min = signed ? -(1L << (width * 8 - 1)) : 0; // i64: Long.MIN_VALUE
            long max = signed ? (1L << (width * 8 - 1)) - 1 : (1L << (width * 8)) - 1;
            if (small >= min && small <= max) {
                return small; // else the same out-of-range line as below
            }
        }
        BigInteger v = Numbers.integer(text);
        if (v == null) {
            throw new IpcException.InvalidArgumentException("not an integer: '" + text + "' (" + label()
                    + " takes decimal or 0x hex)");
        }
        BigInteger min = signed ? BigInteger.ONE.shiftLeft(width * 8 - 1).negate() : BigInteger.ZERO;
        BigInteger max = signed ? BigInteger.ONE.shiftLeft(width * 8 - 1).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(width * 8).subtract(BigInteger.ONE);
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new IpcException.InvalidArgumentException("value out of range for " + label() + ": " + text
                    + " (use " + min + " to " + max + ")");
        }
        return v.longValue();
    }

    private static float parseFloat(String text) {
        double d = parseDouble(text);
        float f = (float) d;
        if (Float.isInfinite(f) && !Double.isInfinite(d)) {
            throw new IpcException.InvalidArgumentException("value out of range for f32: " + text
                    + " (largest is " + Float.MAX_VALUE + ")");
        }
        return f;
    }

    private static double parseDouble(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "nan" -> { return Double.NaN; }
            case "inf", "+inf", "infinity", "+infinity" -> { return Double.POSITIVE_INFINITY; }
            case "-inf", "-infinity" -> { return Double.NEGATIVE_INFINITY; }
            default -> { }
        }
        try {
            if (t.endsWith("f") || t.endsWith("d")) {
                throw new NumberFormatException();
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IpcException.InvalidArgumentException("not a number: '" + text
                    + "' (use 1.5, -2e3, nan, inf)");
        }
    }

    /** Hex bytes as write bytes takes them: {@code de ad be ef}, {@code deadbeef}, {@code 0xdead}. */
    static byte[] hex(String text) {
        String t = text.replace(" ", "").replace(":", "");
        if (t.startsWith("0x") || t.startsWith("0X")) {
            t = t.substring(2);
        }
        if (t.isEmpty() || t.length() % 2 != 0) {
            throw new IpcException.InvalidArgumentException("not hex bytes: '" + text
                    + "' (use pairs of hex digits: de ad be ef or deadbeef)");
        }
        try {
            return HexFormat.of().parseHex(t);
        } catch (IllegalArgumentException e) {
            throw new IpcException.InvalidArgumentException("not hex bytes: '" + text
                    + "' (use pairs of hex digits: de ad be ef or deadbeef)");
        }
    }

    /** Reads {@code i32} and the rest, refusing anything else with the list of types. */
    static final class Converter implements ITypeConverter<ValueType> {
        @Override
        public ValueType convert(String value) {
            for (ValueType t : values()) {
                if (t.label().equalsIgnoreCase(value)) {
                    return t;
                }
            }
            throw new TypeConversionException("not a type: '" + value + "' (use " + String.join(" ", labels()) + ")");
        }
    }

    /** For picocli's completion and help: the type labels. */
    static final class Labels extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Labels() {
            super(labels());
        }
    }
}
