package io.ipcsh.shell;

/** Placeholder: the JLine REPL lands next. */
final class Repl {
    private Repl() {
    }

    static int run(boolean json, boolean trace, boolean debug) {
        System.err.println("ipcsh: the interactive shell is not ready yet; use -c or a script");
        return 2;
    }
}
