package io.ipcsh.shell;

import io.ipcsh.demo.Channel;
import io.ipcsh.demo.ChannelReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * {@code produce [--count N] [--interval D] [--unsynchronized]}: the seed's producer on
 * the current segment, through {@link Channel#produce}. Synchronized (the default), each
 * value waits on {@code empty} and posts {@code full}; the help says why the seed's one
 * mutex semaphore would not do. Ctrl-C stops it and still hands the consumer an END.
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = {"Write 0..N-1 into the current segment, one every --interval (the seed's producer).",
                "",
                "Default: a hand-off through two semaphores, empty (offset 16) and full (offset 48), so that "
                        + "a consumer takes every value exactly once; the segment needs 80 bytes. --unsynchronized "
                        + "is the seed's original: overwrite the int at offset 0 and let the consumer poll it, "
                        + "missing what it is too slow to see.",
                "",
                "Why two semaphores: the seed guards the int with one semaphore used as a mutex. That keeps "
                        + "each access whole but says nothing about whose turn it is: the producer may write twice "
                        + "before the consumer reads (a value lost), and the consumer may read twice before the "
                        + "producer writes (a value seen twice). empty (starts at 1) and full (starts at 0) make "
                        + "the two sides take turns. The layout is in src/main/c/ipcsh_channel.h for C programs."},
        footer = {"", "Run consume in another terminal on the same segment:",
                "  attach KEY --create --size 4k; produce          attach KEY; consume"})
final class ProduceCommand extends ShellCommand {
    @Option(names = "--count", paramLabel = "N", converter = Numbers.NonNegative.class, defaultValue = "1000",
            description = "how many values (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--interval", paramLabel = "D", converter = Numbers.Time.class, defaultValue = "1ms",
            description = "pause after each value (default: ${DEFAULT-VALUE}, as the seed's usleep(1000))")
    Duration interval;

    @Option(names = "--unsynchronized", description = "the seed's original: overwrite the int at offset 0, no semaphores")
    boolean unsynchronized;

    @Override
    public Integer call() {
        Channel channel = Channel.of(memory("produce"), unsynchronized ? Channel.Mode.UNSYNCHRONIZED : Channel.Mode.SYNCHRONIZED);
        ChannelReport r = channel.produce(count, interval);
        out().println(r);
        if (!r.complete()) {
            Thread.currentThread().interrupt(); // let the shell see the Ctrl-C too
        }
        return r.complete() ? OK : FAILED;
    }
}
