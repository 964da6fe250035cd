package io.ipcsh.bench;

import io.ipcsh.cli.ExitStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * {@code java -cp … io.ipcsh.bench.BenchMain [--quick] [--json] …}: the bench without the
 * shell ({@code ipcsh bench} runs the same). Exit status 0, 1 when a measurement failed,
 * 2 for a usage error.
 */
public final class BenchMain {
    @Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
            description = BenchOptions.DESCRIPTION, footer = BenchOptions.FOOTER)
    static final class Cli implements Callable<Integer> {
        @Mixin
        BenchOptions options;

        String[] args = new String[0];

        @Override
        public Integer call() {
            return options.run(new java.io.PrintWriter(System.out, true), new java.io.PrintWriter(System.err, true),
                    false, "java io.ipcsh.bench.BenchMain " + String.join(" ", args));
        }
    }

    private BenchMain() {
    }

    public static void main(String[] args) {
        Cli cli = new Cli();
        cli.args = args;
        CommandLine cl = new CommandLine(cli);
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: bench: " + ex.getMessage() + " (see bench --help)");
            return ExitStatus.USAGE;
        });
        System.exit(cl.execute(args));
    }
}
