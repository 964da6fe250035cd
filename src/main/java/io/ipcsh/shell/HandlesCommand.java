package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import picocli.CommandLine.Command;

/** {@code handles}: this shell's handles, the current one starred. No syscall. */
@Command(name = "handles", mixinStandardHelpOptions = true,
        description = "List this shell's handles; * marks the current one.")
final class HandlesCommand extends ShellCommand implements NeverBlocks {
    @Override
    public Integer call() {
        if (session().handles().isEmpty()) {
            result("no handles (attach a segment first)", Json.object().put("handles", java.util.List.of()));
            return OK;
        }
        for (Handle h : session().handles()) {
            result(String.format("%s %-8s %s%s",
                    h == session().current() ? "*" : " ", h.name(), h.object().summary(), h.isAttached() ? "" : " detached"),
                    Json.object().put("handle", h.name()).put("current", h == session().current()).put("label", h.label())
                            .put("summary", h.object().summary()).put("attached", h.isAttached()));
        }
        return OK;
    }
}
