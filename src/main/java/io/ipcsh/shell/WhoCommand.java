package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.Footprint;
import io.ipcsh.ipc.Holder;
import io.ipcsh.ipc.Holders;
import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.SegmentStat;
import io.ipcsh.ipc.Segments;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code who [HANDLE] [--key KEY | --id ID | --name /NAME]}: the processes holding an
 * object now, read from every {@code /proc/PID/maps} and {@code /proc/PID/fd}
 * ({@link Holders}): pid, user, how (SysV attach read-only or read-write, a mapping, a
 * descriptor) and command line. Processes it can't read are counted and said.
 */
@Command(name = "who", mixinStandardHelpOptions = true,
        description = {"The processes holding an object now (from /proc/*/maps and /proc/*/fd):",
                "pid, user, how (SysV attach, mapping, descriptor), command line.",
                "Unreadable processes are counted. --json: one object."})
final class WhoCommand extends ShellCommand implements NeverBlocks {
    private static final String ROW = "%-8s %-10s %-28s %s";

    @Mixin
    Mixins.Which which;

    @ArgGroup(exclusive = true)
    Target target;

    static final class Target {
        @Option(names = "--key", paramLabel = "KEY", description = "the SysV segment with this key (0x hex or decimal)")
        String key;

        @Option(names = "--id", paramLabel = "ID", converter = Numbers.NonNegative.class, description = "the SysV segment with this shmid")
        Integer id;

        @Option(names = "--name", paramLabel = "/NAME", description = "the POSIX object(s) called /NAME: shared memory, named semaphore, message queue")
        String name;
    }

    @Override
    public Integer call() {
        List<Footprint> footprints = footprints();
        for (Footprint f : footprints) {
            print(Holders.of(f));
        }
        return OK;
    }

    private List<Footprint> footprints() {
        if (target == null) {
            Handle h = which.resolve(session());
            // SysV sets and queues: a process uses one by its id, with nothing mapped or open to show for it.
            return List.of(h.object().footprint().orElseThrow(() -> new UserError(h.name() + " is a " + h.object().kind()
                    + " (" + h.object().label() + "): nothing attaches to or opens one, so no process holds it in /proc"
                    + " (stat shows the last pid that used it)")));
        }
        if (which.given()) {
            throw new UserError("give a HANDLE or --key/--id/--name, not both");
        }
        if (target.name != null) {
            List<Footprint> found = new ArrayList<>(Footprint.posix(target.name));
            if (found.isEmpty()) {
                throw new UserError("no POSIX object named " + target.name + " (no /dev/shm" + target.name
                        + ", no /dev/shm/sem." + target.name.substring(1) + ", no message queue " + target.name + ")");
            }
            return found;
        }
        int shmid = target.id != null ? target.id : Segments.idOf(IpcKey.parse(target.key));
        SegmentStat.of(shmid); // one line if there is no such segment
        return List.of(Footprint.sysvShm(shmid));
    }

    private void print(Holders h) {
        if (json()) {
            List<Object> rows = new ArrayList<>();
            for (Holder p : h.holders()) {
                rows.add(Json.object().put("pid", p.pid()).put("uid", p.uid()).put("user", p.user())
                        .put("how", p.ways()).put("command", p.command()).put("self", p.self()));
            }
            out().println(Json.object().put("object", h.footprint().describe()).put("holders", h.count())
                    .put("unreadable", h.unreadable()).put("processes", rows));
            return;
        }
        out().println(h.footprint().describe() + ": " + (h.count() == 0 ? "no process holds it"
                : h.count() + (h.count() == 1 ? " process holds it" : " processes hold it")));
        if (h.count() > 0) {
            out().println(String.format(ROW, "pid", "user", "how", "command").strip());
            for (Holder p : h.holders()) {
                out().println(String.format(ROW, p.pid(), p.user(), String.join(", ", p.ways()),
                        p.command() + (p.self() ? "  (this shell)" : "")).strip());
            }
        }
        h.unreadableNote().ifPresent(out()::println);
    }
}
