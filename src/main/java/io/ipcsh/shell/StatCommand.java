package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.IpcStat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.Map;

/**
 * {@code stat [HANDLE]}: {@code shmctl(shmid, IPC_STAT)}, the fields {@code ipcs -m -i}
 * shows, with {@code dest} once the segment is removed (IPC_RMID) but still attached.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
        description = {"shmctl(IPC_STAT): the segment as ipcs -m -i shows it; dest = removed.",
                "A removed segment lives until its last detach. --json: one object."})
final class StatCommand extends ShellCommand {
    @Mixin
    Mixins.Which which;

    @Override
    public Integer call() {
        Handle h = which.resolve(session());
        IpcStat s = h.object().stat();
        if (json()) {
            out().println(json(s, h.name()));
            return OK;
        }
        List<String> lines = s.lines();
        // The stat's own words; the shell adds only which handle it is.
        out().println(lines.get(0) + "  handle " + h.name() + (h.isAttached() ? "" : " (detached)"));
        for (String line : lines.subList(1, lines.size())) {
            out().println(line);
        }
        return OK;
    }

    /** One object's stat as a JSON object, the handle after its first two fields (its id and name). */
    static Json json(IpcStat s, String handle) {
        Json j = Json.object();
        int i = 0;
        for (Map.Entry<String, Object> f : s.fields().entrySet()) {
            j.put(f.getKey(), f.getValue());
            if (++i == 2) {
                j.put("handle", handle);
            }
        }
        return j;
    }
}
