package io.ipcsh.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code detach [HANDLE]}: {@code shmdt}. The handle stays, so that touching it says
 * "detached"; its memory can no longer be reached. The segment lives on until destroyed.
 */
@Command(name = "detach", mixinStandardHelpOptions = true,
        description = {"shmdt: detach a handle; its memory can no longer be touched.",
                "The segment stays until destroyed and detached everywhere."})
final class DetachCommand extends ShellCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "HANDLE", description = "which handle (default: the current one)")
    String handle;

    @Override
    public Integer call() {
        Handle h = handle != null ? session().handle(handle) : session().target();
        if (!h.isAttached()) {
            out().println(h.name() + " is already detached");
            return OK;
        }
        h.segment().detach();
        out().println("detached " + h.name() + " (shmid " + h.shmid() + ")");
        return OK;
    }
}
