package io.ipcsh.shell;

import io.ipcsh.bench.BenchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code bench}: runs {@code io.ipcsh.bench} with the shell's writers. Ctrl-C interrupts
 * this thread, which stops the bench and its peer processes.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = BenchOptions.DESCRIPTION, footer = BenchOptions.FOOTER)
final class BenchCommand extends ShellCommand {
    @Mixin
    BenchOptions options;

    @Override
    public Integer call() {
        return options.run(out(), err(), json(), "bin/ipcsh " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
    }
}
