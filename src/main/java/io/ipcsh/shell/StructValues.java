package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.Struct;

import java.util.List;
import java.util.Locale;

/** How the shell prints struct values: the read table, one line for watch, JSON objects. */
final class StructValues {
    private StructValues() {
    }

    /** The lines of {@code read OFFSET NAME}: offset in the memory, declaration, value. */
    static String table(List<Struct.Value> values) {
        int width = values.stream().mapToInt(v -> v.declaration().length()).max().orElse(0);
        StringBuilder b = new StringBuilder();
        for (Struct.Value v : values) {
            b.append(String.format(Locale.ROOT, "%8d  %-" + width + "s = %s%n", v.offset(), v.declaration(), v.text()));
        }
        return b.toString();
    }

    /** One line: the value alone for one member, {@code path = value, ...} for several. */
    static String line(List<Struct.Value> values) {
        if (values.size() == 1) {
            return values.get(0).text();
        }
        StringBuilder b = new StringBuilder();
        for (Struct.Value v : values) {
            b.append(b.isEmpty() ? "" : ", ").append(v.path()).append(" = ").append(v.text());
        }
        return b.toString();
    }

    /** The {@code fields} array of read's JSON. */
    static List<Json> json(List<Struct.Value> values) {
        return values.stream().map(v -> Json.object().put("name", v.path()).put("offset", v.offset())
                .put("type", v.type() instanceof io.ipcsh.ipc.CType.Array a ? a.name() + a.dimensions() : v.type().name())
                .put("size", v.type().size()).put("value", json(v.value()))).toList();
    }

    private static Object json(Object value) {
        return switch (value) {
            case Struct.SemState s -> s.fields();
            case io.ipcsh.ipc.Mutex.State m -> {
                java.util.Map<String, Object> f = new java.util.LinkedHashMap<>();
                f.put("locked", m.locked());
                f.put("owner", m.ownerTid());
                f.put("robust", m.robust());
                f.put("pshared", m.processShared());
                f.put("owner_died", m.ownerDied());
                f.put("consistent", m.consistent());
                f.put("recoverable", m.recoverable());
                f.put("state", m.toString());
                yield f;
            }
            case Struct.Pointer p -> p.toString();
            case List<?> list -> list.stream().map(StructValues::json).toList();
            default -> value;
        };
    }
}
