package io.ipcsh.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code detach [HANDLE]}: {@code shmdt}. The handle stays, so that touching it says
 * "detached"; its memory can no longer be reached. The segment lives on until destroyed.
 */
@Command(name = "detach", mixinStandardHelpOptions = true,
        description = {"shmdt: detach a handle; its memory can no longer be touched.",
                "The segment stays until destroyed and detached everywhere."})
final class DetachCommand extends ShellCommand {
    @Mixin
    Mixins.Which which;

    @Override
    public Integer call() {
        Handle h = which.resolve(session());
        if (!h.isAttached()) {
            out().println(h.name() + " is already detached");
            return OK;
        }
        h.object().detach();
        out().println("detached " + h.name() + " (" + h.label() + ")");
        return OK;
    }
}
