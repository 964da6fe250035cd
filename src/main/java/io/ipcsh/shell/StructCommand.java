package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.CType;
import io.ipcsh.ipc.Struct;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct NAME { C DECLARATIONS }}, {@code struct load FILE.h},
 * {@code struct show [NAME]}: C struct layouts as gcc lays them out on x86_64 (glibc),
 * kept for this session, so that {@code read OFFSET NAME}, {@code write OFFSET NAME.FIELD
 * VALUE} and {@code watch OFFSET NAME.FIELD} can use them. No syscall.
 */
@Command(name = "struct", mixinStandardHelpOptions = true,
        customSynopsis = {"struct NAME { C DECLARATIONS } | struct load FILE.h | struct show [NAME]"},
        description = {"Define a C struct layout as gcc lays it out on x86_64 glibc",
                "(sizes, alignment, padding), typed or pasted over several lines.",
                "struct load defines every struct in a header; struct show prints",
                "offsets, sizes and holes as pahole does; struct alone lists them.",
                "Then: read OFFSET NAME, write OFFSET NAME.FIELD VALUE,",
                "watch OFFSET NAME.FIELD (NAME.in.x, NAME.arr[2]).",
                "Types: int unsigned short char long, long long, float double bool,",
                "int8_t..uint64_t size_t ssize_t pid_t, pointers, arrays, sem_t,",
                "pthread_mutex_t, and structs defined before (struct tag or typedef).",
                "Bit-fields, unions, enums, attributes and used macros are refused.",
                "--json: one object per struct."})
final class StructCommand extends ShellCommand implements NeverBlocks {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "the struct's tag, or load / show")
    String first;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARG", description = "{ C DECLARATIONS }, FILE.h, or NAME")
    List<String> rest = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> args = rest == null ? List.of() : rest;
        if (first == null) {
            return list();
        }
        if (first.equals("load") && !(args.size() == 1 && args.get(0).startsWith("{"))) {
            if (args.size() != 1) {
                throw new UserError("struct load takes one FILE.h (usage: struct load FILE.h)");
            }
            return defined(session().structs().load(Path.of(args.get(0))));
        }
        if (first.equals("show") && !(args.size() == 1 && args.get(0).startsWith("{"))) {
            if (args.size() > 1) {
                throw new UserError("struct show takes one NAME (usage: struct show [NAME])");
            }
            List<Struct> which = new ArrayList<>();
            if (args.isEmpty()) {
                for (String n : session().structs().names()) {
                    Struct s = session().structs().require(n);
                    if (!which.contains(s)) {
                        which.add(s);
                    }
                }
                if (which.isEmpty()) {
                    throw new UserError("no structs defined (struct NAME { int a; ... }, or struct load FILE.h)");
                }
            } else {
                which.add(session().structs().require(args.get(0)));
            }
            for (Struct s : which) {
                show(s);
            }
            return OK;
        }
        if (first.startsWith("{")) {
            throw new UserError("a struct needs a name: struct NAME { ... }");
        }
        if (args.isEmpty() || !args.get(0).startsWith("{")) {
            throw new UserError("struct " + first + ": expected { C DECLARATIONS } after the name (usage: " + Shell.synopsis(spec.commandLine()) + ")");
        }
        if (args.size() > 1) {
            throw new UserError("struct " + first + ": '" + args.get(1) + "' after } is not part of the declaration (end the command after })");
        }
        return defined(session().structs().define("struct " + first + " " + args.get(0) + ";"));
    }

    private int defined(List<Struct> structs) {
        for (Struct s : structs) {
            if (json()) {
                out().println(Json.object().put("struct", s.name()).put("size", s.size()).put("alignment", s.alignment())
                        .put("members", s.fields().size()));
            } else {
                out().println("struct " + s.name() + ": " + s.size() + " bytes, aligned to " + s.alignment() + ", "
                        + s.fields().size() + (s.fields().size() == 1 ? " member" : " members")
                        + (s.holes().isEmpty() ? "" : ", " + s.holes().size() + (s.holes().size() == 1 ? " hole" : " holes"))
                        + (s.padding() > 0 ? ", " + s.padding() + (s.padding() == 1 ? " byte" : " bytes") + " of padding" : "") + " (struct show " + s.name() + ")");
            }
        }
        return OK;
    }

    private int list() {
        List<String> names = session().structs().names();
        if (names.isEmpty()) {
            out().println("no structs defined (struct NAME { int a; ... }, or struct load FILE.h)");
            return OK;
        }
        for (String n : names) {
            Struct s = session().structs().require(n);
            if (json()) {
                out().println(Json.object().put("name", n).put("struct", s.name()).put("size", s.size()).put("alignment", s.alignment()));
            } else {
                out().println(n + (n.equals(s.name()) ? "" : " (struct " + s.name() + ")") + ": " + s.size() + " bytes");
            }
        }
        return OK;
    }

    private void show(Struct s) {
        if (!json()) {
            out().println(s.show());
            return;
        }
        List<Json> members = s.fields().stream().map(f -> Json.object().put("name", f.name())
                .put("type", f.type().name() + (f.type() instanceof CType.Array a ? a.dimensions() : ""))
                .put("offset", f.offset()).put("size", f.size()).put("alignment", f.type().alignment())).toList();
        List<Json> holes = s.holes().stream().map(h -> Json.object().put("after", h.after()).put("offset", h.offset())
                .put("size", h.size())).toList();
        out().println(Json.object().put("struct", s.name()).put("size", s.size()).put("alignment", s.alignment())
                .put("members", members).put("holes", holes).put("padding", s.padding())
                .put("cachelines", (s.size() + 63) / 64));
    }
}
