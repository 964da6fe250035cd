package io.ipcsh.shell;

import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.PosixMessageQueues;
import io.ipcsh.ipc.PosixQueueStat;
import io.ipcsh.ipc.Users;

import java.io.PrintWriter;
import java.util.List;

/**
 * POSIX message queues in {@code list}, from the mqueue filesystem (mounted for the
 * listing when it is not and this is root; else one line saying how to mount it).
 */
final class PosixQueueListing implements Listing {
    private static final String ROW = "%-24s %-10s %-6s %-10s %-6s %-7s %-8s %s";

    @Override
    public Family family() {
        return Family.QUEUES;
    }

    @Override
    public boolean posix() {
        return true;
    }

    @Override
    public void print(Session session, boolean json) {
        PrintWriter out = session.out();
        List<PosixQueueStat> all;
        try {
            all = PosixMessageQueues.list();
        } catch (IpcException e) {
            // The other kinds are still worth showing: one line, and on.
            session.err().println(Shell.oneLine("note: " + e.getMessage()));
            return;
        }
        if (!json) {
            out.println(String.format(ROW, "name", "owner", "perms", "usedbytes", "msgs", "maxmsg", "msgsize", "handle").strip());
        }
        for (PosixQueueStat s : all) {
            List<Handle> held = session.handlesFor(s.name());
            if (json) {
                out.println(Listing.jsonRow(session, s, held));
            } else {
                out.println(String.format(ROW, s.name(), Users.name(s.uid()), s.modeOctal().substring(1), s.usedBytes(),
                        dash(s.curmsgs()), dash(s.maxmsg()), dash(s.msgsize()),
                        Listing.handleCell(session, held)).strip());
            }
        }
    }

    private static String dash(long v) {
        return v < 0 ? "-" : Long.toString(v);
    }
}
