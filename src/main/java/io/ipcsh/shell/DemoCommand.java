package io.ipcsh.shell;

import io.ipcsh.demo.Demo;
import io.ipcsh.demo.SeedLesson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * {@code demo [--count N] [--interval D]}: {@link Demo#run}, the seed's scenario with a
 * producer and a consumer in two processes of their own, unsynchronized then
 * synchronized, and the report table. Uses a fresh IPC_PRIVATE segment, not the current one.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The seed's producer and consumer as two processes, unsynchronized, then",
                "synchronized. Each run gets a fresh segment (removed even if interrupted);",
                "the table shows sent, received, missed and duplicated values, the time",
                "and the throughput. Then, when g++ is there, the seed's lesson: its",
                "consumer built at -O0 and at -O2 beside ipcsh's watch, and why the -O2",
                "one never sees a change (a plain int * load hoisted out of the loop)."})
final class DemoCommand extends ShellCommand {
    /** The lesson's values and pace: enough for -O0 to show every change, short enough to wait for. */
    private static final int LESSON_VALUES = 200;
    private static final Duration LESSON_INTERVAL = Duration.ofMillis(2);

    @Option(names = "--count", paramLabel = "N", converter = Numbers.Count.class, defaultValue = "1000",
            description = "values per run (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--interval", paramLabel = "D", converter = Numbers.Time.class, defaultValue = "1ms",
            description = "the producer's pause after each value (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Option(names = "--no-lesson", description = "skip the seed's -O0/-O2 lesson (it needs g++)")
    boolean noLesson;

    @Override
    public Integer call() {
        PrintWriter out = out();
        List<Demo.Row> rows = Demo.run(count, interval, line -> {
            out.println(line);
            out.flush();
        });
        out.println();
        out.print(Demo.table(rows));
        if (!noLesson) {
            out.println();
            SeedLesson.run(LESSON_VALUES, LESSON_INTERVAL, line -> {
                out.println(line);
                out.flush();
            });
        }
        return OK;
    }
}
