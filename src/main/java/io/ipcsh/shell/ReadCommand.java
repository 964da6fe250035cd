package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.HoldsMemory;
import io.ipcsh.ipc.Memory;
import io.ipcsh.ipc.Struct;
import io.ipcsh.ipc.Segment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code read OFFSET TYPE [COUNT]}: plain loads from the attached memory, as
 * {@code *(int32_t *) (addr + offset)} in C. No syscall. Prints the values on one line,
 * or with {@code --json} one object.
 */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = {"Load COUNT values of TYPE at OFFSET and print them on one line.",
                "str reads up to the NUL; bytes prints hex pairs. --json: one object.",
                "A struct NAME (see struct) prints every member, offset and value;",
                "NAME.FIELD (NAME.in.x, NAME.arr[2]) one member; COUNT structs in a row."})
final class ReadCommand extends ShellCommand implements NeverBlocks {
    @Mixin
    Mixins.ByteOffset at;

    @Parameters(index = "1", paramLabel = "TYPE", converter = TypeArg.Converter.class, completionCandidates = TypeArg.Labels.class,
            description = "i8 u8 i16 u16 i32 u32 i64 u64 f32 f64 str bytes, or a struct NAME"
    )
    TypeArg typed;

    /** The fixed type, once {@link #call()} knows TYPE is not a struct. */
    ValueType type;

    @Parameters(index = "2", arity = "0..1", paramLabel = "COUNT", converter = Numbers.Count.class, defaultValue = "1",
            description = "how many values (bytes for bytes, structs for a struct; default: ${DEFAULT-VALUE})")
    int count;

    @Override
    public Integer call() {
        // A TYPE that is no type and no struct is a usage error, before any handle is needed.
        TypeArg.StructPath sp = typed.isStruct() ? typed.struct(session(), spec) : null;
        Handle h = session().target();
        if (sp != null) {
            return readStruct(h, sp);
        }
        type = typed.value();
        List<Object> values = type.read(h.require(HoldsMemory.class, "read").memory(), at.offset(), count);
        if (json()) {
            Json j = Json.object().put("handle", h.name());
            // SysV memory is named by its id, POSIX memory by its /NAME.
            j = h.object() instanceof Segment seg ? j.put("shmid", seg.shmid()) : j.put("name", h.object().name());
            out().println(j.put("offset", at.offset())
                    .put("type", type.label()).put("values", type == ValueType.F32
                            ? values.stream().map(v -> (Object) ((Double) v).floatValue()).toList() : values));
        } else {
            out().println(type.show(values));
        }
        return OK;
    }

    /** {@code read OFFSET NAME [COUNT]}: every member of COUNT structs one after another; {@code NAME.FIELD}: that member. */
    private int readStruct(Handle h, TypeArg.StructPath sp) {
        Memory m = h.require(HoldsMemory.class, "read").memory();
        Struct s = sp.struct();
        for (int i = 0; i < count; i++) {
            long at = Math.addExact(at(), Math.multiplyExact((long) i, s.size()));
            List<Struct.Value> values = s.read(m, at, sp.path());
            if (json()) {
                Json j = Json.object().put("handle", h.name()).put("offset", at).put("struct", s.name());
                if (!sp.path().isEmpty()) {
                    j.put("member", sp.path());
                }
                out().println(j.put("size", s.size()).put("fields", StructValues.json(values)));
            } else if (!sp.path().isEmpty() && values.size() == 1) {
                out().println(values.get(0).text());
            } else {
                if (sp.path().isEmpty()) {
                    out().println("struct " + s.name() + " at offset " + at + " (" + s.size() + " bytes)");
                }
                out().print(StructValues.table(values));
            }
        }
        return OK;
    }

    private long at() {
        return at.offset();
    }
}
