package io.ipcsh.shell;

import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.Segment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dump [OFFSET [LENGTH]]}: the attached memory in {@code hexdump -C} form. No
 * syscall: plain loads.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Show memory as hexdump -C does; repeated lines fold into *.",
                "Default: from OFFSET to the end of the segment."})
final class DumpCommand extends ShellCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "OFFSET", converter = Numbers.Offset.class, defaultValue = "0",
            description = "where to start (default: ${DEFAULT-VALUE})")
    long offset;

    @Parameters(index = "1", arity = "0..1", paramLabel = "LENGTH", converter = Numbers.Size.class,
            description = "how many bytes (default: to the end; 4k style suffixes work)")
    Long length;

    @Override
    public Integer call() {
        Segment s = segment();
        long n = length != null ? length : Math.max(0, s.size() - offset);
        if (n > Integer.MAX_VALUE || offset > s.size() - n) {
            throw new IpcException.InvalidArgumentException(
                    "offset out of range: offset=" + offset + " length=" + n + " size=" + s.size());
        }
        Hexdump.print(out(), s.getBytes(offset, (int) n), offset);
        return OK;
    }
}
