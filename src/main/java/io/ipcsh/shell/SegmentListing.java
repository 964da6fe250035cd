package io.ipcsh.shell;

import io.ipcsh.ipc.SegmentStat;
import io.ipcsh.ipc.Users;

import java.io.PrintWriter;

/** SysV shared memory in {@code list}, as {@code ipcs -m} lists it (SHM_INFO, then SHM_STAT_ANY per index). */
final class SegmentListing implements Listing {
    private static final String ROW = "%-10s %-10s %-10s %-6s %-10s %-7s %-6s %s";

    @Override
    public Family family() {
        return Family.MEMORY;
    }

    @Override
    public boolean posix() {
        return false;
    }

    @Override
    public void print(Session session, boolean json) {
        PrintWriter out = session.out();
        if (!json) {
            out.println(String.format(ROW, "key", "shmid", "owner", "perms", "bytes", "nattch", "status", "handle").strip());
        }
        for (SegmentStat s : SegmentStat.list()) {
            Handle h = session.handleFor("shmid " + s.shmid());
            String name = h == null ? null : h.name() + (h == session.current() ? "*" : "");
            if (json) {
                out.println(StatCommand.json(s, h == null ? null : h.name()));
            } else {
                out.println(String.format(ROW, s.key().hex(), s.shmid(), Users.name(s.uid()), s.modeOctal().substring(1),
                        s.size(), s.nattch(), s.status().isBlank() ? "" : s.status().strip(),
                        name == null ? "" : name).strip());
            }
        }
    }
}
