package io.ipcsh.shell;

import picocli.CommandLine.Command;

/** {@code handles}: this shell's handles, the current one starred. No syscall. */
@Command(name = "handles", mixinStandardHelpOptions = true,
        description = "List this shell's handles; * marks the current one.")
final class HandlesCommand extends ShellCommand {
    @Override
    public Integer call() {
        if (session().handles().isEmpty()) {
            out().println("no handles (attach a segment first)");
            return OK;
        }
        for (Handle h : session().handles()) {
            out().println(String.format("%s %-8s %s%s",
                    h == session().current() ? "*" : " ", h.name(), h.object().summary(), h.isAttached() ? "" : " detached"));
        }
        return OK;
    }
}
