package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.SemaphoreSetStat;
import io.ipcsh.ipc.Users;

import java.io.PrintWriter;
import java.util.List;

/**
 * SysV semaphore sets in {@code list}, as {@code ipcs -s} lists them (SEM_INFO, then
 * SEM_STAT_ANY per index): key, semid, owner, perms, nsems, plus lsipc's OTIME. The JSON
 * rows use lsipc's column names ({@code lsipc -s --json}: key, id, perms, owner, nsems,
 * otime, ctime), with {@code kind} first since plain {@code list} mixes kinds.
 */
final class SemaphoreSetListing implements Listing {
    private static final String ROW = "%-10s %-10s %-10s %-6s %-6s %-20s %s";

    @Override
    public Family family() {
        return Family.SEMAPHORES;
    }

    @Override
    public boolean posix() {
        return false;
    }

    @Override
    public void print(Session session, boolean json) {
        PrintWriter out = session.out();
        if (!json) {
            out.println(String.format(ROW, "key", "semid", "owner", "perms", "nsems", "otime", "handle").strip());
        }
        for (SemaphoreSetStat s : SemaphoreSetStat.list()) {
            List<Handle> held = session.handlesFor("semid " + s.semid());
            if (json) {
                out.println(Json.object().put("kind", "semaphore set").put("key", s.key().hex()).put("id", s.semid())
                        .put("perms", s.modeOctal()).put("owner", Users.name(s.uid())).put("nsems", s.nsems())
                        .put("otime", s.otime()).put("ctime", s.ctime()).put("handle", Listing.handleName(session, held))
                        .put("handles", Listing.handleNames(held)));
            } else {
                String name = Listing.handleCell(session, held);
                out.println(String.format(ROW, s.key().hex(), s.semid(), Users.name(s.uid()), s.modeOctal().substring(1),
                        s.nsems(), s.otime() == null ? "-" : s.otime().toString(), name).strip());
            }
        }
    }
}
