package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.HoldsMemory;
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
                "str reads up to the NUL; bytes prints hex pairs. --json: one object."})
final class ReadCommand extends ShellCommand {
    @Mixin
    Mixins.ByteOffset at;

    @Parameters(index = "1", paramLabel = "TYPE", converter = ValueType.Converter.class, completionCandidates = ValueType.Labels.class,
            description = "i8 u8 i16 u16 i32 u32 i64 u64 f32 f64 str bytes")
    ValueType type;

    @Parameters(index = "2", arity = "0..1", paramLabel = "COUNT", converter = Numbers.Count.class, defaultValue = "1",
            description = "how many values (bytes for bytes; default: ${DEFAULT-VALUE})")
    int count;

    @Override
    public Integer call() {
        Handle h = session().target();
        List<Object> values = type.read(h.require(HoldsMemory.class, "read").memory(), at.offset(), count);
        if (json()) {
            out().println(Json.object().put("handle", h.name()).put("shmid", h.require(Segment.class, "read").shmid()).put("offset", at.offset())
                    .put("type", type.label()).put("values", type == ValueType.F32
                            ? values.stream().map(v -> (Object) ((Double) v).floatValue()).toList() : values));
        } else {
            out().println(type.show(values));
        }
        return OK;
    }
}
