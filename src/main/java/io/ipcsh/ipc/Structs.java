package io.ipcsh.ipc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The struct layouts one session knows: what {@code struct NAME { ... }} and
 * {@code struct load FILE.h} defined, by tag and by typedef name, so that a later
 * declaration can use them as members.
 *
 * <p>The subset, laid out by the x86_64 System V ABI as gcc does on glibc: {@code char}
 * (signed, unsigned), {@code short}, {@code int}, {@code unsigned}, {@code long},
 * {@code long long} and their unsigned forms, {@code float}, {@code double},
 * {@code bool}/{@code _Bool}, the {@code <stdint.h>} types, {@code size_t}, {@code ssize_t},
 * {@code pid_t} (and {@code uid_t}, {@code off_t}, {@code time_t}...), pointers (8 bytes),
 * fixed arrays of any dimension, a flexible array member last, {@code sem_t},
 * {@code pthread_mutex_t}, and structs defined before (by {@code struct tag} or a typedef
 * name), also defined inline. {@code const}/{@code volatile} are accepted. Bit-fields,
 * unions, enums, attributes, {@code #pragma pack}, function pointers, {@code long double}
 * and macros that are used are refused in one line: a layout ipcsh is not sure of is
 * never shown. Header files may carry an include guard, {@code #include} lines,
 * {@code #define}s nothing uses, prototypes and variables (skipped).
 *
 * <pre>{@code
 * var structs = new Structs();
 * structs.define("struct rec { int id; char name[16]; sem_t ready; }");
 * structs.get("rec").orElseThrow().show();   // pahole's view
 * }</pre>
 */
public final class Structs {
    private final Map<String, Struct> tags = new LinkedHashMap<>();
    private final Map<String, StructParser.Alias> typedefs = new LinkedHashMap<>();

    /**
     * Defines every struct in {@code declarations} (C text: one or more struct
     * definitions and typedefs). All or nothing: on an error nothing is defined.
     *
     * @return the structs defined, nested ones before the struct that holds them
     * @throws IpcException.InvalidArgumentException one line saying what is wrong or not supported
     */
    public List<Struct> define(String declarations) {
        return define(declarations, "");
    }

    /** {@code struct load FILE.h}: every struct in the file. */
    public List<Struct> load(Path header) {
        String text;
        try {
            text = Files.readString(header, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IpcException.InvalidArgumentException("struct load: " + header + " is not UTF-8 text");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IpcException.NotFoundException("struct load: no such file: " + header, null, -1);
        } catch (IOException e) {
            throw new IpcException("struct load: cannot read " + header + ": " + e.getMessage());
        }
        List<Struct> found = define(text, header.getFileName() == null ? header.toString() : header.getFileName().toString());
        if (found.isEmpty()) {
            throw new IpcException.InvalidArgumentException("struct load: no struct definitions in " + header);
        }
        return found;
    }

    private synchronized List<Struct> define(String text, String where) {
        Map<String, Struct> t = new LinkedHashMap<>(tags);
        Map<String, StructParser.Alias> d = new LinkedHashMap<>(typedefs);
        List<Struct> found = new StructParser(text, where, t, d).parse();
        tags.clear();
        tags.putAll(t);
        typedefs.clear();
        typedefs.putAll(d);
        return found;
    }

    /** The struct called {@code name}: a tag ({@code rec}, {@code struct rec}) or a typedef name. */
    public synchronized Optional<Struct> get(String name) {
        String n = name.startsWith("struct ") ? name.substring(7).strip() : name;
        Struct s = tags.get(n);
        if (s != null) {
            return Optional.of(s);
        }
        StructParser.Alias a = typedefs.get(n);
        if (a != null && a.type() instanceof CType.Nested nested) {
            return Optional.of(nested.struct());
        }
        if (a != null && a.tag() != null) {
            return Optional.ofNullable(tags.get(a.tag()));
        }
        return Optional.empty();
    }

    /** The struct called {@code name}, or one line naming the ones there are. */
    public Struct require(String name) {
        return get(name).orElseThrow(() -> new IpcException.NotFoundException("no struct named '" + name + "'"
                + (names().isEmpty() ? " (define one: struct NAME { int a; ... }, or struct load FILE.h)"
                : " (structs: " + String.join(" ", names()) + ")"), null, -1));
    }

    /** Every name a struct can be found by, tags first, in the order defined. */
    public synchronized List<String> names() {
        List<String> out = new ArrayList<>(tags.keySet());
        for (Map.Entry<String, StructParser.Alias> e : typedefs.entrySet()) {
            if (e.getValue().type() instanceof CType.Nested || e.getValue().tag() != null) {
                if (!out.contains(e.getKey())) {
                    out.add(e.getKey());
                }
            }
        }
        return out;
    }
}
