package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code detach [HANDLE]}: {@code shmdt}. The handle stays, so that touching it says
 * "detached"; its memory can no longer be reached. The segment lives on until destroyed.
 */
@Command(name = "detach", mixinStandardHelpOptions = true,
        description = {"shmdt: detach a handle; its memory can no longer be touched.",
                "The segment stays until destroyed and detached everywhere.",
                "On a queue handle: forget the msqid (SysV), or mq_close (POSIX)."})
final class DetachCommand extends ShellCommand implements NeverBlocks {
    @Mixin
    Mixins.Which which;

    @Override
    public Integer call() {
        Handle h = which.resolve(session());
        if (!h.isAttached()) {
            result(h.name() + " is already detached", Json.object().put("handle", h.name()).put("detached", true).put("already", true));
            return OK;
        }
        h.object().detach();
        result("detached " + h.name() + " (" + h.label() + ")",
                Json.object().put("handle", h.name()).put("label", h.label()).put("detached", true).put("already", false));
        return OK;
    }
}
