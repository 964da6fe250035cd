package io.ipcsh.shell;

import io.ipcsh.ipc.Memory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code watch OFFSET TYPE [--count N] [--timeout D] [--interval D]}: the seed
 * consumer's loop, {@code if (*number != last) print}, polling plain loads every
 * interval. No syscall. Ends at Ctrl-C (interrupt), after N values, or at the timeout.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = {"Print the value at OFFSET each time it changes (the seed's consumer).",
                "Polls every --interval until Ctrl-C, --count values or --timeout.",
                "NAME.FIELD watches one member of a struct at OFFSET (see struct)."})
final class WatchCommand extends ShellCommand {
    @Mixin
    Mixins.ByteOffset at;

    @Parameters(index = "1", paramLabel = "TYPE", converter = TypeArg.Converter.class, completionCandidates = TypeArg.Labels.class,
            description = "i8 u8 i16 u16 i32 u32 i64 u64 f32 f64 str bytes, or a struct NAME.FIELD"
    )
    TypeArg typed;

    /** The fixed type, once {@link #call()} knows TYPE is not a struct. */
    ValueType type;

    @Option(names = "--count", paramLabel = "N", converter = Numbers.Count.class,
            description = "stop after printing N values, the first included")
    Integer count;

    @Mixin
    Mixins.Timeout limit;

    @Option(names = "--interval", paramLabel = "D", converter = Numbers.Time.class, defaultValue = "10ms",
            description = "how often to look (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Override
    public Integer call() throws InterruptedException {
        TypeArg.StructPath sp = typed.isStruct() ? typed.struct(session(), spec) : null;
        Memory s = memory("watch");
        type = typed.value();
        if (sp != null) {
            // The member's bytes must lie inside before the first look, as for a fixed type.
            sp.struct().read(s, at.offset(), sp.path());
        }
        Duration timeout = limit.orNull();
        long end = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        int printed = 0;
        List<Object> last = null;
        while (true) {
            List<Object> now = sp == null ? type.read(s, at.offset(), 1)
                    : List.of(StructValues.line(sp.struct().read(s, at.offset(), sp.path())));
            if (!Objects.equals(now, last)) {
                if (sp == null) {
                    result(type.show(now), io.ipcsh.cli.Json.object().put("offset", at.offset()).put("type", type.label())
                            .put("values", type == ValueType.BYTES ? List.of(type.show(now)) : now));
                } else {
                    out().println(now.get(0));
                }
                out().flush();
                last = now;
                printed++;
                if (count != null && printed >= count) {
                    return OK;
                }
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                return OK;
            }
            long sleep = Math.min(interval.toNanos(), left);
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        }
    }
}
