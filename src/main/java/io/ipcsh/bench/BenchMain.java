package io.ipcsh.bench;

import picocli.CommandLine;

/**
 * {@code java -cp … io.ipcsh.bench.BenchMain [--quick] [--json] …}: the bench without the
 * shell. Exit status 0, 1 when a measurement failed, 2 for a usage error.
 */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new BenchCommand());
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("bench: " + ex.getMessage() + " (see bench --help)");
            return 2;
        });
        System.exit(cl.execute(args));
    }
}
