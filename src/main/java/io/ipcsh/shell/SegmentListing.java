package io.ipcsh.shell;

import io.ipcsh.ipc.Processes;
import io.ipcsh.ipc.SegmentStat;
import io.ipcsh.ipc.Users;

import java.io.PrintWriter;
import java.util.List;

/**
 * SysV shared memory in {@code list}, as {@code ipcs -m} lists it (SHM_INFO, then
 * SHM_STAT_ANY per index), plus lsipc's CPID, LPID and COMMAND (the creator's command line
 * from /proc/CPID/cmdline, empty once it is gone), and every handle this shell holds on it.
 */
final class SegmentListing implements Listing {
    private static final String ROW = "%-10s %-10s %-10s %-6s %-10s %-7s %-11s %-8s %-8s %-8s %s";

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
            out.println(String.format(ROW, "key", "shmid", "owner", "perms", "bytes", "nattch", "status", "cpid", "lpid",
                    "handle", "command").strip());
        }
        for (SegmentStat s : SegmentStat.list()) {
            List<Handle> held = session.handlesFor("shmid " + s.shmid());
            String command = Processes.commandLine(s.cpid()).orElse(null);
            if (json) {
                out.println(Listing.jsonRow(session, s, held)
                        .put("command", command));
            } else {
                String row = String.format(ROW, s.key().hex(), s.shmid(), Users.name(s.uid()), s.modeOctal().substring(1),
                        s.size(), s.nattch(), s.status(), s.cpid(), s.lpid(), Listing.handleCell(session, held), "");
                out.println((row + fit(session, row.length(), command == null ? "" : command)).strip());
            }
        }
    }

    /**
     * At a terminal, the creator's command cut to what is left of the width, as lsipc cuts
     * COMMAND (a JVM's command line runs to hundreds of characters); the other columns
     * stay whole. In a script or pipe, the whole command.
     */
    private static String fit(Session session, int before, String command) {
        int room = session.width() - before;
        if (!session.interactive() || command.length() <= room) {
            return command;
        }
        return room > 1 ? command.substring(0, room - 1) + "…" : "…";
    }
}
