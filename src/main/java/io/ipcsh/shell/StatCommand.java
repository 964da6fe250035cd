package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.IpcStat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import io.ipcsh.ipc.Holders;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;

/**
 * {@code stat [HANDLE]}: {@code shmctl(shmid, IPC_STAT)}, the fields {@code ipcs -m -i}
 * shows, with {@code dest} once the segment is removed (IPC_RMID) but still attached.
 */
@Command(name = "stat", mixinStandardHelpOptions = true,
        description = {"shmctl(IPC_STAT): the segment as ipcs -m -i shows it; dest = removed.",
                "A removed segment lives until its last detach; its key then reads 0",
                "(cleared by IPC_RMID). locked = SHM_LOCK. holders: the processes who",
                "finds in /proc (nattch counts attaches). --json: one object."})
final class StatCommand extends ShellCommand implements NeverBlocks {
    @Mixin
    Mixins.Which which;

    @Override
    public Integer call() {
        Handle h = which.resolve(session());
        IpcStat s = h.object().stat();
        // A POSIX stat counted its holders already (one scan of /proc is enough); the rest get them added.
        Optional<Holders> holders = s.showsHolders() ? Optional.empty() : Holders.of(h.object());
        if (json()) {
            out().println(json(s, h.name(), holders.orElse(null)));
            return OK;
        }
        List<String> lines = holders.map(w -> withHolders(s.lines(), w)).orElse(s.lines());
        // The stat's own words; the shell adds only which handle it is.
        out().println(lines.get(0) + "  handle " + h.name() + (h.isAttached() ? "" : " (detached)"));
        for (String line : lines.subList(1, lines.size())) {
            out().println(line);
        }
        return OK;
    }

    /**
     * The stat's lines with the holder count ({@code who}'s processes) beside nattch, or
     * on a line of its own for a kind without nattch.
     */
    static List<String> withHolders(List<String> lines, Holders w) {
        String count = w.countText();
        List<String> out = new ArrayList<>(lines);
        for (int i = 0; i < out.size(); i++) {
            Matcher m = NATTCH.matcher(out.get(i));
            if (m.find()) {
                out.set(i, out.get(i).substring(0, m.end()) + "  " + count + out.get(i).substring(m.end()));
                return out;
            }
        }
        out.add(count);
        return out;
    }

    private static final Pattern NATTCH = Pattern.compile("\\bnattch \\d+");

    /** One object's stat as a JSON object, the handle after its first two fields (its id and name). */
    static Json json(IpcStat s, String handle) {
        return json(s, handle, null);
    }

    /** As {@link #json(IpcStat, String)}, with who's holder count beside nattch (or at the end) unless null. */
    static Json json(IpcStat s, String handle, Holders holders) {
        Json j = Json.object();
        int i = 0;
        boolean placed = holders == null;
        for (Map.Entry<String, Object> f : s.fields().entrySet()) {
            j.put(f.getKey(), f.getValue());
            if (++i == 2) {
                j.put("handle", handle);
            }
            if (!placed && f.getKey().equals("nattch")) {
                j.put("holders", holders.count()).put("holders_unreadable", holders.unreadable());
                placed = true;
            }
        }
        if (!placed) {
            j.put("holders", holders.count()).put("holders_unreadable", holders.unreadable());
        }
        return j;
    }
}
