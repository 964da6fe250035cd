package io.ipcsh.ipc;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A C struct layout: its members with their offsets and sizes as gcc lays them out on
 * x86_64 (System V ABI, glibc), parsed from a C declaration (see {@link Structs} for the
 * subset). It reads and writes an instance in any {@link Memory}, so the bytes a C
 * program keeps in shared memory can be seen by member name.
 *
 * <pre>{@code
 * var rec = Struct.parse("struct rec { int id; char name[16]; double t; sem_t ready; }");
 * rec.show();                       // pahole's view: offsets, sizes, holes, padding
 * seg.memory().read(0, rec);        // every member with its offset and value
 * rec.write(seg.memory(), 0, "name", "hello");
 * }</pre>
 */
public final class Struct {
    /** A member: its name, type and offset from the start of the struct. */
    public record Field(String name, CType type, long offset) {
        /** {@code sizeof} the member. */
        public long size() {
            return type.size();
        }
    }

    /** A member path resolved inside a struct: {@code in.x}, {@code arr[2]}, with its type and offset. */
    public record Member(String path, CType type, long offset) {
    }

    /**
     * One value as read: the member path, its type, where it is in the memory, and the
     * value ({@code Long}, {@code BigInteger} for 64-bit unsigned, {@code Float},
     * {@code Double}, {@code Boolean}, {@link Pointer}, {@code String} for a char
     * array, a {@code List} for other arrays, {@link SemState}, {@link Mutex.State}).
     */
    public record Value(String path, CType type, long offset, Object value) {
        /** The value as {@code read} prints it: {@code 42}, {@code "hello"}, {@code 0x7f12...}. */
        public String text() {
            return Struct.text(value);
        }

        /** {@code char name[16]}: how C declares the member. */
        public String declaration() {
            return CType.declare(type, path);
        }
    }

    /** A pointer's value: only an address, meaningless in another process. */
    public record Pointer(long address) {
        @Override
        public String toString() {
            return "0x" + Long.toHexString(address);
        }
    }

    /** A {@code sem_t}'s state: {@code sem_getvalue} and the waiters glibc counts. */
    public record SemState(int value, int waiters) {
        @Override
        public String toString() {
            return "value " + value + ", waiters " + waiters;
        }

        /** For JSON. */
        public Map<String, Object> fields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("value", value);
            m.put("waiters", waiters);
            return m;
        }
    }

    /** What {@link #read} returns: every value, and the text {@code read} prints as its {@code toString}. */
    public record Reading(Struct struct, long offset, List<Value> values) {
        /** The value at {@code path} ({@code id}, {@code in.x}, {@code arr[2]}). */
        public Object get(String path) {
            for (Value v : values) {
                if (v.path().equals(path)) {
                    return v.value();
                }
            }
            throw new IpcException.InvalidArgumentException("no value '" + path + "' in this reading of struct " + struct.name());
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder("struct " + struct.name() + " at offset " + offset + " (" + struct.size() + " bytes)\n");
            int width = values.stream().mapToInt(v -> v.declaration().length()).max().orElse(0);
            for (Value v : values) {
                b.append(String.format(Locale.ROOT, "%8d  %-" + width + "s = %s%n", v.offset(), v.declaration(), v.text()));
            }
            return b.toString();
        }
    }

    private static final int CACHELINE = 64;
    private static final Pattern STEP = Pattern.compile("\\.?([A-Za-z_][A-Za-z0-9_]*)|\\[(\\d+)]");

    private final String name;
    private final List<Field> fields;
    private final long size;
    private final long alignment;
    private final boolean flexible;

    Struct(String name, List<Field> fields, long size, long alignment, boolean flexible) {
        this.name = name;
        this.fields = List.copyOf(fields);
        this.size = size;
        this.alignment = alignment;
        this.flexible = flexible;
    }

    /**
     * The one struct (or the last of several) in {@code declaration}, with no structs
     * known before; use {@link Structs} to build on earlier ones.
     */
    public static Struct parse(String declaration) {
        List<Struct> all = new Structs().define(declaration);
        if (all.isEmpty()) {
            throw new IpcException.InvalidArgumentException("struct: no struct definition in '" + declaration.strip() + "'");
        }
        return all.get(all.size() - 1);
    }

    /** Its tag, or its typedef name. */
    public String name() {
        return name;
    }

    /** Its members, in order. */
    public List<Field> fields() {
        return fields;
    }

    /** {@code sizeof}, tail padding included. */
    public long size() {
        return size;
    }

    /** {@code _Alignof}: its strictest member's. */
    public long alignment() {
        return alignment;
    }

    /** True if it ends in a flexible array member ({@code char data[];}). */
    public boolean isFlexible() {
        return flexible;
    }

    /** The same layout under another name (a typedef of an anonymous struct). */
    Struct renamed(String newName) {
        return new Struct(newName, fields, size, alignment, flexible);
    }

    /** A hole: {@code size} unused bytes after {@code after}, before the next member. */
    public record Hole(String after, long offset, long size) {
    }

    /** The holes between members, in order. */
    public List<Hole> holes() {
        List<Hole> out = new ArrayList<>();
        for (int i = 1; i < fields.size(); i++) {
            Field prev = fields.get(i - 1);
            long end = prev.offset() + prev.size();
            if (fields.get(i).offset() > end) {
                out.add(new Hole(prev.name(), end, fields.get(i).offset() - end));
            }
        }
        return out;
    }

    /** The bytes after the last member, up to {@link #size()}. */
    public long padding() {
        Field last = fields.get(fields.size() - 1);
        return size - (last.offset() + last.size());
    }

    /**
     * pahole's view of the layout: each member with offset and size, the holes
     * ({@code XXX 4 bytes hole, try to pack}), cacheline boundaries, and the totals.
     */
    public String show() {
        StringBuilder b = new StringBuilder("struct " + name + " {\n");
        long cacheline = 0;
        long sumMembers = 0;
        List<Hole> holes = holes();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (i > 0) {
                Field prev = fields.get(i - 1);
                long gap = f.offset() - (prev.offset() + prev.size());
                if (gap > 0) {
                    b.append("\n\t/* XXX ").append(gap).append(gap == 1 ? " byte" : " bytes").append(" hole, try to pack */\n\n");
                }
            }
            long line = f.offset() / CACHELINE;
            if (line > cacheline) {
                cacheline = line;
                long boundary = line * CACHELINE;
                b.append("\t/* --- cacheline ").append(line).append(" boundary (").append(boundary).append(" bytes)")
                        .append(f.offset() > boundary ? " was " + (f.offset() - boundary) + " bytes ago" : "").append(" --- */\n");
            }
            String type = f.type().name();
            String member = f.name() + (f.type() instanceof CType.Array a ? a.dimensions() : "") + ";";
            b.append(String.format(Locale.ROOT, "\t%-26s %-21s /* %5d %5d */%n", type, member, f.offset(), f.size()));
            sumMembers += f.size();
        }
        long lines = (size + CACHELINE - 1) / CACHELINE;
        b.append("\n\t/* size: ").append(size).append(", cachelines: ").append(lines).append(", members: ").append(fields.size()).append(" */\n");
        if (!holes.isEmpty()) {
            b.append("\t/* sum members: ").append(sumMembers).append(", holes: ").append(holes.size()).append(", sum holes: ")
                    .append(holes.stream().mapToLong(Hole::size).sum()).append(" */\n");
        }
        if (padding() > 0) {
            b.append("\t/* padding: ").append(padding()).append(" */\n");
        }
        if (size % CACHELINE != 0) {
            b.append("\t/* last cacheline: ").append(size % CACHELINE).append(" bytes */\n");
        }
        return b.append("};").toString();
    }

    /**
     * The member at {@code path}: {@code id}, {@code in.x} (a nested struct's member),
     * {@code arr[2]}, {@code m[1][0]}, {@code recs[1].id}. An empty path is the whole struct.
     */
    public Member member(String path) {
        CType type = new CType.Nested("struct " + name, this);
        long offset = 0;
        StringBuilder walked = new StringBuilder();
        Matcher m = STEP.matcher(path);
        int at = 0;
        while (at < path.length()) {
            if (!m.find(at) || m.start() != at || (at == 0 && path.startsWith("."))) {
                throw new IpcException.InvalidArgumentException("bad member path '" + path + "' in struct " + name
                        + " (use NAME, NAME.INNER, NAME[2])");
            }
            if (m.group(1) != null) {
                if (!(type instanceof CType.Nested n)) {
                    throw new IpcException.InvalidArgumentException("'" + walked + "' in struct " + name + " is "
                            + describe(type) + ", not a struct: it has no member '" + m.group(1) + "'");
                }
                Field f = n.struct().fields().stream().filter(x -> x.name().equals(m.group(1))).findFirst()
                        .orElseThrow(() -> new IpcException.InvalidArgumentException("no member '" + m.group(1) + "' in "
                                + (walked.isEmpty() ? "struct " + name : walked + " (struct " + n.struct().name() + ")")
                                + " (members: " + String.join(" ", n.struct().fields().stream().map(Field::name).toList()) + ")"));
                if (!walked.isEmpty()) {
                    walked.append('.');
                }
                walked.append(f.name());
                type = f.type();
                offset += f.offset();
            } else {
                if (!(type instanceof CType.Array a)) {
                    throw new IpcException.InvalidArgumentException("'" + (walked.isEmpty() ? name : walked) + "' in struct " + name
                            + " is " + describe(type) + ", not an array: " + m.group() + " does not apply");
                }
                long index = Long.parseLong(m.group(2).length() > 12 ? "999999999999" : m.group(2));
                if (index >= a.length()) {
                    throw new IpcException.InvalidArgumentException("index out of range: " + walked + m.group() + " (" + walked
                            + " has " + a.length() + " elements)");
                }
                walked.append(m.group());
                type = a.element();
                offset += index * a.element().size();
            }
            at = m.end();
        }
        return new Member(walked.toString(), type, offset);
    }

    /** Every member's path, nested structs' members included ({@code id}, {@code in}, {@code in.x}); array elements not. */
    public List<String> memberPaths() {
        List<String> out = new ArrayList<>();
        paths(this, "", out);
        return out;
    }

    private static void paths(Struct s, String prefix, List<String> out) {
        for (Field f : s.fields) {
            out.add(prefix + f.name());
            if (f.type() instanceof CType.Nested n) {
                paths(n.struct(), prefix + f.name() + ".", out);
            }
        }
    }

    private static String describe(CType t) {
        return t instanceof CType.Array a ? "an array " + a.name() + a.dimensions() : "a " + t.name();
    }

    /** Every member with its value, read from {@code memory} with the struct at {@code offset}. */
    public Reading read(Memory memory, long offset) {
        memory.checkRange(offset, size);
        List<Value> out = new ArrayList<>();
        leaves(memory, offset, "", new CType.Nested("struct " + name, this), out);
        return new Reading(this, offset, out);
    }

    /** The member at {@code path} (a struct member: each of its members), read with the struct at {@code offset}. */
    public List<Value> read(Memory memory, long offset, String path) {
        memory.checkRange(offset, size);
        Member m = member(path);
        List<Value> out = new ArrayList<>();
        leaves(memory, offset + m.offset(), m.path(), m.type(), out);
        return out;
    }

    /** Nested structs and arrays of them are walked down to their members; other arrays are one value. */
    private static void leaves(Memory memory, long at, String path, CType type, List<Value> out) {
        switch (type) {
            case CType.Nested n -> {
                for (Field f : n.struct().fields()) {
                    leaves(memory, at + f.offset(), path.isEmpty() ? f.name() : path + "." + f.name(), f.type(), out);
                }
            }
            case CType.Array a when !(a.innermost() instanceof CType.Scalar) -> {
                for (long i = 0; i < a.length(); i++) {
                    leaves(memory, at + i * a.element().size(), path + "[" + i + "]", a.element(), out);
                }
            }
            default -> out.add(new Value(path, type, at, value(memory, at, type)));
        }
    }

    private static Object value(Memory m, long at, CType type) {
        return switch (type) {
            case CType.Scalar s -> scalar(m, at, s);
            case CType.Array a when a.element() instanceof CType.Scalar s && s.isCharacter() -> {
                byte[] bytes = m.getBytes(at, (int) a.length());
                int end = 0;
                while (end < bytes.length && bytes[end] != 0) {
                    end++;
                }
                yield new String(bytes, 0, end, StandardCharsets.UTF_8);
            }
            case CType.Array a -> {
                List<Object> list = new ArrayList<>();
                for (long i = 0; i < a.length(); i++) {
                    list.add(value(m, at + i * a.element().size(), a.element()));
                }
                yield list;
            }
            case CType.SemT s -> {
                try {
                    Semaphore sem = m.semaphore(at);
                    yield new SemState(sem.value(), sem.waiters());
                } catch (IpcException e) {
                    yield "unreadable sem_t: " + e.getMessage();
                }
            }
            case CType.MutexT x -> {
                try {
                    yield m.mutex(at).state();
                } catch (IpcException e) {
                    yield "unreadable pthread_mutex_t: " + e.getMessage();
                }
            }
            case CType.Nested n -> throw new AssertionError("walked by leaves");
        };
    }

    private static Object scalar(Memory m, long at, CType.Scalar s) {
        return switch (s.kind()) {
            case SIGNED -> switch (s.bytes()) {
                case Byte.BYTES -> (long) m.getByte(at);
                case Short.BYTES -> (long) m.getShort(at);
                case Integer.BYTES -> (long) m.getInt(at);
                default -> m.getLong(at);
            };
            case UNSIGNED -> switch (s.bytes()) {
                case Byte.BYTES -> (long) m.getUnsignedByte(at);
                case Short.BYTES -> (long) m.getUnsignedShort(at);
                case Integer.BYTES -> m.getUnsignedInt(at);
                default -> new BigInteger(Long.toUnsignedString(m.getLong(at)));
            };
            case FLOAT -> s.bytes() == 4 ? (Object) m.getFloat(at) : (Object) m.getDouble(at);
            case BOOL -> {
                int b = m.getUnsignedByte(at);
                yield b <= 1 ? (Object) (b == 1) : (Object) (long) b;
            }
            case POINTER -> new Pointer(m.getLong(at));
        };
    }

    /** A value as {@code read} prints it. */
    static String text(Object value) {
        return switch (value) {
            case String s -> quote(s);
            case List<?> list -> {
                StringBuilder b = new StringBuilder("{");
                for (int i = 0; i < list.size(); i++) {
                    b.append(i == 0 ? "" : ", ").append(text(list.get(i)));
                }
                yield b.append('}').toString();
            }
            default -> String.valueOf(value);
        };
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * Stores {@code values} in the member at {@code path}, the struct being at
     * {@code offset}: one value for a number, bool or pointer; text for a char array
     * (words joined by one space; NUL-padded to its length); up to its length of values
     * for an array of numbers. A {@code sem_t}, a mutex or a whole struct is refused, with
     * what to do instead.
     *
     * @return the member written, with its offset in the memory
     */
    public Member write(Memory memory, long offset, String path, List<String> values) {
        memory.checkRange(offset, size);
        Member m = member(path);
        long at = offset + m.offset();
        String label = name + "." + m.path();
        switch (m.type()) {
            case CType.Scalar s -> {
                if (values.size() != 1) {
                    throw new IpcException.InvalidArgumentException(label + " is " + describe(s) + ": it takes one value, not " + values.size());
                }
                putScalar(memory, at, s, values.get(0), label);
            }
            case CType.Array a when a.element() instanceof CType.Scalar s && s.isCharacter() -> {
                byte[] text = String.join(" ", values).getBytes(StandardCharsets.UTF_8);
                if (text.length > a.length()) {
                    throw new IpcException.InvalidArgumentException("text too long for " + label + " (" + a.name() + a.dimensions()
                            + "): " + text.length + " bytes, at most " + a.length());
                }
                memory.checkWritable(at);
                byte[] padded = java.util.Arrays.copyOf(text, (int) a.length());
                memory.putBytes(at, padded);
            }
            case CType.Array a when a.innermost() instanceof CType.Scalar s && !s.isCharacter() -> {
                // All of a (multi-dimensional) array of numbers, in C's row-major order.
                long elements = a.size() / s.size();
                if (values.size() > elements) {
                    throw new IpcException.InvalidArgumentException(label + " has " + elements + " elements: " + values.size() + " values given");
                }
                for (int i = 0; i < values.size(); i++) {
                    putScalar(memory, at + i * s.size(), s, values.get(i), label + "[" + i + "]");
                }
            }
            case CType.Array a -> throw new IpcException.InvalidArgumentException(label + " is " + describe(a)
                    + ": write one element at a time (" + label + "[0]...)");
            case CType.SemT s -> throw new IpcException.InvalidArgumentException(label + " is a sem_t at offset " + at
                    + ": use sem init " + at + " VALUE, post " + at + " or wait " + at);
            case CType.MutexT x -> throw new IpcException.InvalidArgumentException(label + " is a pthread_mutex_t at offset " + at
                    + ": it is changed by locking it, not by writing");
            case CType.Nested n -> throw new IpcException.InvalidArgumentException(label + " is a " + n.name()
                    + ": write one of its members (" + label + "." + n.struct().fields().get(0).name() + ")");
        }
        return new Member(m.path(), m.type(), at);
    }

    private static void putScalar(Memory memory, long at, CType.Scalar s, String text, String label) {
        switch (s.kind()) {
            case FLOAT -> {
                double d = parseDouble(text, label);
                if (s.bytes() == 4) {
                    memory.putFloat(at, (float) d);
                } else {
                    memory.putDouble(at, d);
                }
            }
            case BOOL -> {
                String t = text.toLowerCase(Locale.ROOT);
                if (!t.equals("true") && !t.equals("false") && !t.equals("0") && !t.equals("1")) {
                    throw new IpcException.InvalidArgumentException("not a bool for " + label + ": '" + text + "' (use true, false, 1 or 0)");
                }
                memory.putByte(at, (byte) (t.equals("true") || t.equals("1") ? 1 : 0));
            }
            default -> {
                BigInteger v = integer(text);
                boolean signed = s.kind() == CType.Kind.SIGNED;
                int bits = s.bytes() * 8;
                BigInteger min = signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
                BigInteger max = signed ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE) : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
                if (v == null) {
                    throw new IpcException.InvalidArgumentException("not an integer for " + label + " (" + s.name() + "): '" + text
                            + "' (decimal or 0x hex)");
                }
                if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                    throw new IpcException.InvalidArgumentException("value out of range for " + label + " (" + s.name() + "): " + text
                            + " (use " + min + " to " + max + ")");
                }
                long bitsValue = v.longValue();
                switch (s.bytes()) {
                    case Byte.BYTES -> memory.putByte(at, (byte) bitsValue);
                    case Short.BYTES -> memory.putShort(at, (short) bitsValue);
                    case Integer.BYTES -> memory.putInt(at, (int) bitsValue);
                    default -> memory.putLong(at, bitsValue);
                }
            }
        }
    }

    private static BigInteger integer(String text) {
        String t = text.strip();
        boolean negative = t.startsWith("-");
        String digits = negative || t.startsWith("+") ? t.substring(1) : t;
        try {
            BigInteger v = digits.startsWith("0x") || digits.startsWith("0X") ? new BigInteger(digits.substring(2), 16)
                    : new BigInteger(digits);
            if (digits.startsWith("-") || digits.startsWith("+") || digits.substring(digits.startsWith("0x") || digits.startsWith("0X") ? 2 : 0).isEmpty()) {
                return null;
            }
            return negative ? v.negate() : v;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return null;
        }
    }

    private static double parseDouble(String text, String label) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "nan" -> { return Double.NaN; }
            case "inf", "+inf", "infinity" -> { return Double.POSITIVE_INFINITY; }
            case "-inf", "-infinity" -> { return Double.NEGATIVE_INFINITY; }
            default -> { }
        }
        try {
            if (t.endsWith("f") || t.endsWith("d") || t.startsWith("0x")) {
                throw new NumberFormatException();
            }
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            throw new IpcException.InvalidArgumentException("not a number for " + label + ": '" + text + "' (use 1.5, -2e3, nan, inf)");
        }
    }

    /** {@link #show()}: pahole's view, so JShell echoes something useful. */
    @Override
    public String toString() {
        return show();
    }
}
