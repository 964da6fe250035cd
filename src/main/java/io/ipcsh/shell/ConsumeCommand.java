package io.ipcsh.shell;

import io.ipcsh.demo.Channel;
import io.ipcsh.demo.ChannelReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * {@code consume [--count N] [--timeout D] [--unsynchronized]}: the seed's consumer on the
 * current segment, through {@link Channel#consume}: {@code Received: N} for every value
 * taken, then a report with what was missed or seen twice.
 */
@Command(name = "consume", mixinStandardHelpOptions = true,
        description = {"Take the values a producer writes into the current segment; print Received: N for each.",
                "",
                "Default: wait on full, read, post empty (see help produce): every value exactly once, until "
                        + "the producer's end. --unsynchronized is the seed's loop: spin on the int at offset 0 and "
                        + "print it when it changes, until it reads N-1; values overwritten before it looked are "
                        + "missed.",
                "",
                "Why not the seed's one semaphore: used as a mutex it only keeps each access whole. Nothing "
                        + "stops the producer from writing again before this side read (a value lost), or this "
                        + "side from reading again before the producer wrote (a value seen twice). empty and full "
                        + "make the two sides take turns."},
        footer = {"", "The report: sent (the END's count, or N unsynchronized; not claimed when cut short), received,",
                "missed (of 0..sent-1; cut short, the gaps among the values seen), duplicated. Unsynchronized,",
                "the value there at the first look is old (a fresh segment's 0, an earlier run's last): not counted."})
final class ConsumeCommand extends ShellCommand {
    @Option(names = "--count", paramLabel = "N", converter = Numbers.Count.class, defaultValue = "1000",
            description = "values the producer sends, 0..N-1 (default: ${DEFAULT-VALUE}); unsynchronized, stop at N-1")
    int count;

    @Mixin
    Mixins.Timeout limit;

    @Option(names = "--unsynchronized", description = "the seed's original: poll the int at offset 0, no semaphores")
    boolean unsynchronized;

    @Override
    public Integer call() {
        Duration timeout = limit.orNull();
        Channel channel = Channel.of(memory("consume"), unsynchronized ? Channel.Mode.UNSYNCHRONIZED : Channel.Mode.SYNCHRONIZED);
        PrintWriter out = out();
        ChannelReport r = channel.consume(count, timeout, line -> {
            out.println(line);
            out.flush();
        });
        out.println(r);
        if (!r.complete()) {
            if (Thread.currentThread().isInterrupted() || timeout == null) {
                return FAILED;
            }
            throw new UserError("timed out after " + io.ipcsh.cli.Numbers.format(timeout) + " with " + r.received() + " values");
        }
        return r.complete() ? OK : FAILED;
    }
}
