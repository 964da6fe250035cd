package io.ipcsh.shell;

import io.ipcsh.ipc.SegmentStat;
import picocli.CommandLine.Command;

import java.util.List;

/**
 * {@code list}: every segment on the host, as {@code ipcs -m} lists them
 * ({@code shmctl(SHM_INFO)}, then {@code shmctl(i, SHM_STAT_ANY)} per index), with the
 * handle this shell holds on each.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Every segment on the host, like ipcs -m, with this shell's handles.",
                "The current handle is starred. --json: one object per segment."})
final class ListCommand extends ShellCommand {
    private static final String ROW = "%-10s %-10s %-10s %-6s %-10s %-7s %-6s %s";

    @Override
    public Integer call() {
        List<SegmentStat> all = SegmentStat.list();
        if (!json()) {
            out().println(String.format(ROW, "key", "shmid", "owner", "perms", "bytes", "nattch", "status", "handle").strip());
        }
        for (SegmentStat s : all) {
            Handle h = session().handleFor(s.shmid());
            String name = h == null ? null : h.name() + (h == session().current() ? "*" : "");
            if (json()) {
                out().println(StatCommand.json(s, h == null ? null : h.name()));
            } else {
                out().println(String.format(ROW, s.key().hex(), s.shmid(), Users.name(s.uid()), s.modeOctal().substring(1),
                        s.size(), s.nattch(), s.status().isBlank() ? "" : s.status().strip(),
                        name == null ? "" : name).strip());
            }
        }
        return OK;
    }
}
