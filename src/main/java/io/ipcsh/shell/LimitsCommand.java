package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.Limits;
import picocli.CommandLine.Command;

/**
 * {@code limits}: the kernel's IPC limits and how much of each is used, as
 * {@code lsipc -g} shows them (SysV from {@code /proc/sys/kernel}, POSIX message queues
 * from {@code /proc/sys/fs/mqueue}, use from {@code /proc/sysvipc}), in bytes and
 * counts rather than lsipc's rounded sizes.
 */
@Command(name = "limits", mixinStandardHelpOptions = true,
        description = {"The kernel's IPC limits and their use, as lsipc -g shows them:",
                "SHM*, SEM*, MSG* from /proc/sys/kernel, MQ_* from /proc/sys/fs/mqueue.",
                "USED is - where the kernel counts nothing. --json: one object per limit."})
final class LimitsCommand extends ShellCommand implements NeverBlocks {
    private static final String ROW = "%-18s %-48s %20s %6s %7s";

    @Override
    public Integer call() {
        if (!json()) {
            out().println(String.format(ROW, "RESOURCE", "DESCRIPTION", "LIMIT", "USED", "USE%"));
        }
        for (Limits.Limit l : Limits.all()) {
            if (json()) {
                out().println(Json.object().put("resource", l.resource()).put("description", l.description())
                        .put("limit", l.limit()).put("used", l.used().isPresent() ? l.used().getAsLong() : null)
                        .put("use%", l.usePercent().orElse(null)));
            } else {
                out().println(String.format(ROW, l.resource(), l.description(), l.limit(),
                        l.used().isPresent() ? Long.toString(l.used().getAsLong()) : "-",
                        l.usePercent().map(p -> String.format("%.2f%%", p)).orElse("-")));
            }
        }
        return OK;
    }
}
