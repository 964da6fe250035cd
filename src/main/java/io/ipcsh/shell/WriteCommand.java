package io.ipcsh.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code write OFFSET TYPE VALUE...}: plain stores into the attached memory, as
 * {@code *(int32_t *) (addr + offset) = value} in C. No syscall; values go one after
 * another, {@code str} as UTF-8 with a trailing NUL, {@code bytes} from hex.
 */
@Command(name = "write", mixinStandardHelpOptions = true,
        description = {"Store values at OFFSET (plain stores, the machine's byte order).",
                "Several values go one after another. bytes takes hex: de ad be ef or deadbeef.",
                "str stores UTF-8 and a NUL: the rest of the command, words joined by one space.",
                "Quote it to keep spaces, a ';' or a '#' and a space: write 0 str 'a;  b # c'.",
                "A quote opens only at the start of a word (it's is plain text), and #42 is text.",
                "A str write that a comment or a ';' would cut short is refused, never stored in part.",
                "NAME.FIELD stores one member of a struct at OFFSET (see struct):",
                "a number, a bool, text for a char array, values for an array."})
final class WriteCommand extends ShellCommand implements NeverBlocks, DataArguments {
    @Mixin
    Mixins.ByteOffset at;

    @Parameters(index = "1", paramLabel = "TYPE", converter = TypeArg.Converter.class, completionCandidates = TypeArg.Labels.class,
            description = "i8 u8 i16 u16 i32 u32 i64 u64 f32 f64 str bytes, or a struct NAME.FIELD"
    )
    TypeArg typed;

    /** The fixed type, once {@link #call()} knows TYPE is not a struct. */
    ValueType type;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "VALUE", description = "the values")
    List<String> values;

    @Override
    public Integer call() {
        if (typed.isStruct()) {
            TypeArg.StructPath sp = typed.struct(session(), spec);
            if (sp.path().isEmpty()) {
                throw new UserError("write needs a member of struct " + sp.struct().name() + ": " + typed.text() + ".FIELD (members: "
                        + String.join(" ", sp.struct().fields().stream().map(io.ipcsh.ipc.Struct.Field::name).toList()) + ")");
            }
            sp.struct().write(memory("write"), at.offset(), sp.path(), values);
            return OK;
        }
        type = typed.value();
        type.write(memory("write"), at.offset(), values);
        return OK;
    }
}
