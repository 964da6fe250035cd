package io.ipcsh.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Duration;

/** {@code sleep DUR}: pause a script ({@code Thread.sleep}); Ctrl-C cuts it short. */
@Command(name = "sleep", mixinStandardHelpOptions = true, description = "Pause for DUR: 250ms, 2s, 1m (a bare number is seconds).")
final class SleepCommand extends ShellCommand {
    @Parameters(index = "0", paramLabel = "DUR", converter = Numbers.Time.class, description = "how long")
    Duration duration;

    @Override
    public Integer call() throws InterruptedException {
        Thread.sleep(duration);
        return OK;
    }
}
