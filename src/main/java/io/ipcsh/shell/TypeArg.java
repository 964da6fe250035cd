package io.ipcsh.shell;

import io.ipcsh.ipc.Struct;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The TYPE of {@code read}, {@code write} and {@code watch}: one of the fixed
 * {@link ValueType}s ({@code i32}), or a struct the session defined ({@code rec}) with an
 * optional member path ({@code rec.in.x}, {@code rec.arr[2]}). Which struct a name means
 * is known only when the command runs, in its session: {@link #struct} resolves it then.
 */
record TypeArg(ValueType value, String text) {
    private static final Pattern STRUCT_PATH = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)((?:\\.[A-Za-z_][A-Za-z0-9_]*|\\[\\d{1,12}])*)");

    /** A struct and the member path inside it ("" for the whole struct). */
    record StructPath(Struct struct, String path) {
    }

    boolean isStruct() {
        return value == null;
    }

    /**
     * The struct this TYPE names in {@code session}, or the usage error {@code read 0 i33}
     * has always given ({@code not a type: 'i33' (use i8 ...)}), naming the structs there are.
     */
    StructPath struct(Session session, CommandSpec spec) {
        Matcher m = STRUCT_PATH.matcher(text);
        if (m.matches()) {
            var found = session.structs().get(m.group(1));
            if (found.isPresent()) {
                String path = m.group(2).startsWith(".") ? m.group(2).substring(1) : m.group(2);
                return new StructPath(found.get(), path);
            }
        }
        throw new ParameterException(spec.commandLine(), "Invalid value for positional parameter at index 1 (TYPE): "
                + notAType(text, session.structs().names()));
    }

    static String notAType(String text, List<String> structs) {
        return "not a type: '" + text + "' (use " + String.join(" ", ValueType.labels())
                + (structs.isEmpty() ? "" : ", or a struct: " + String.join(" ", structs)) + ")";
    }

    /** {@code i32} as a ValueType; anything shaped like a struct path is kept for the session to resolve. */
    static final class Converter implements ITypeConverter<TypeArg> {
        /** Each type by its label, for the usual case of a label typed as it is spelt. */
        private static final java.util.Map<String, ValueType> BY_LABEL = java.util.Map.ofEntries(
                java.util.Arrays.stream(ValueType.values()).map(t -> java.util.Map.entry(t.label(), t))
                        .toArray(java.util.Map.Entry[]::new));

        @Override
        public TypeArg convert(String value) {
            // A hash lookup, not a loop over a fresh copy of values(): this runs on every read and write line.
            ValueType exact = BY_LABEL.get(value);
            if (exact != null) {
                return new TypeArg(exact, value);
            }
            for (ValueType t : ValueType.values()) {
                if (t.label().equalsIgnoreCase(value)) {
                    return new TypeArg(t, value);
                }
            }
            if (STRUCT_PATH.matcher(value).matches()) {
                return new TypeArg(null, value);
            }
            throw new TypeConversionException(notAType(value, List.of()));
        }
    }

    /** For completion and help: the type labels (struct names are the session's). */
    static final class Labels extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Labels() {
            super(ValueType.labels());
        }
    }
}
