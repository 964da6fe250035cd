package io.ipcsh.shell;

import io.ipcsh.ipc.SemaphoreSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code semop OP... [--undo] [--nowait] [--timeout D]}: one atomic {@code semop} (or
 * {@code semtimedop}) of several operations on the current semaphore set: all happen
 * together, or it waits (Ctrl-C cancels).
 */
@Command(name = "semop", mixinStandardHelpOptions = true,
        description = {"semop: several operations on a semaphore set, done atomically together.",
                "OP is N:-K (take K, waiting until it can), N:+K (give K) or N:0 (wait for zero),",
                "e.g. semop 0:-1 1:+1. --undo adds SEM_UNDO: the kernel reverses the operations",
                "when this process exits. --nowait: \"would block\" (status 1) instead of waiting.",
                "--timeout (semtimedop): running out of time fails (status 1). Ctrl-C cancels."})
final class SemopCommand extends ShellCommand {
    @Parameters(index = "0", arity = "1..*", paramLabel = "OP", description = "N:-K, N:+K or N:0")
    List<String> ops;

    @Option(names = "--undo", description = "SEM_UNDO: reversed by the kernel when this process exits")
    boolean undo;

    @Option(names = "--nowait", description = "IPC_NOWAIT: fail with \"would block\" instead of waiting")
    boolean nowait;

    @Mixin
    Mixins.Timeout limit;

    @Override
    public Integer call() {
        Duration timeout = limit.orNull();
        if (nowait && timeout != null) {
            throw new UserError("--nowait never waits: give --nowait or --timeout, not both");
        }
        List<SemaphoreSet.Op> parsed = new ArrayList<>(ops.size());
        for (String op : ops) {
            parsed.add(SemaphoreSet.Op.parse(op));
        }
        SemaphoreSet set = session().require(SemaphoreSet.class, "semop");
        if (set.semop(parsed, undo, nowait, timeout)) {
            out().println("done");
            return OK;
        }
        if (!nowait) {
            // Through the one reporter, so a script's line number goes with it.
            throw new UserError("timed out after " + io.ipcsh.cli.Numbers.format(timeout) + " on semop "
                    + String.join(" ", ops) + " on " + set.label());
        }
        out().println("would block");
        return FAILED;
    }
}
