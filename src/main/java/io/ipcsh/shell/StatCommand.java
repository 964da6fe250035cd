package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.SegmentStat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Instant;

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
        SegmentStat s = SegmentStat.of(h.shmid());
        if (json()) {
            out().println(json(s, h.name()));
            return OK;
        }
        out().println("shmid " + s.shmid() + "  key " + s.key().hex() + "  handle " + h.name()
                + (h.isAttached() ? "" : " (detached)"));
        out().println("mode " + s.modeOctal() + "  size " + s.size() + "  nattch " + s.nattch() + "  status "
                + (s.dest() ? "dest (removed: freed at the last detach)" : s.status().isBlank() ? "-" : s.status().strip()));
        out().println("owner " + Users.name(s.uid()) + " (uid " + s.uid() + " gid " + s.gid() + ")  creator uid "
                + s.cuid() + " gid " + s.cgid() + "  cpid " + s.cpid() + "  lpid " + s.lpid());
        out().println("atime " + time(s.atime()) + "  dtime " + time(s.dtime()) + "  ctime " + time(s.ctime()));
        return OK;
    }

    private static String time(Instant t) {
        return t == null ? "-" : t.toString();
    }

    /** One segment as a JSON object, for stat and list. */
    static Json json(SegmentStat s, String handle) {
        return Json.object().put("shmid", s.shmid()).put("key", s.key().hex()).put("handle", handle)
                .put("mode", s.modeOctal()).put("size", s.size()).put("nattch", s.nattch())
                .put("uid", s.uid()).put("gid", s.gid()).put("cuid", s.cuid()).put("cgid", s.cgid())
                .put("cpid", s.cpid()).put("lpid", s.lpid())
                .put("atime", s.atime()).put("dtime", s.dtime()).put("ctime", s.ctime())
                .put("dest", s.dest()).put("locked", s.locked());
    }
}
