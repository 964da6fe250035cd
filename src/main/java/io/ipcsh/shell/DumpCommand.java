package io.ipcsh.shell;

import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.Memory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dump [OFFSET [LENGTH]]}: the attached memory in {@code hexdump -C} form. No
 * syscall: plain loads.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Show memory as hexdump -C does; repeated lines fold into *.",
                "Default: from OFFSET to the end of the segment."})
final class DumpCommand extends ShellCommand implements NeverBlocks {
    /** Bytes read at a time: a multiple of the 16 a line shows. */
    private static final int CHUNK = 64 * 1024;

    @Parameters(index = "0", arity = "0..1", paramLabel = "OFFSET", converter = Numbers.Offset.class, defaultValue = "0",
            description = "where to start (default: ${DEFAULT-VALUE})")
    long offset;

    @Parameters(index = "1", arity = "0..1", paramLabel = "LENGTH", converter = Numbers.Size.class,
            description = "how many bytes (default: to the end; 4k style suffixes work)")
    Long length;

    @Override
    public Integer call() throws InterruptedException {
        Memory s = memory("dump");
        long n = length != null ? length : Math.max(0, s.size() - offset);
        s.checkRange(offset, n);
        s.getBytes(offset, 0); // refuses a detached handle even when there is nothing to show
        // In chunks: a 1g segment would otherwise need a 1 GB array; and Ctrl-C stops it.
        Hexdump dump = new Hexdump(out(), offset);
        for (long done = 0; done < n; done += CHUNK) {
            if (Thread.interrupted()) {
                out().flush();
                throw new InterruptedException();
            }
            dump.feed(s.getBytes(offset + done, (int) Math.min(CHUNK, n - done)));
        }
        dump.finish();
        return OK;
    }
}
