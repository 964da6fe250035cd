package io.ipcsh.cli;

/**
 * The exit statuses of ipcsh and of every process it starts (demo and bench peers),
 * as a shell script reads them: 0 worked, 1 failed, 2 usage, 130 cancelled (128 + SIGINT).
 */
public final class ExitStatus {
    /** It worked. */
    public static final int OK = 0;
    /** It ran, but what it tried did not happen (an error, a timeout, "would block"). */
    public static final int FAILED = 1;
    /** The command line was wrong: nothing was tried. */
    public static final int USAGE = 2;
    /** Ctrl-C cancelled it, as a shell reports a process ended by SIGINT. */
    public static final int CANCELLED = 130;

    private ExitStatus() {
    }
}
