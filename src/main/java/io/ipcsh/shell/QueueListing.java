package io.ipcsh.shell;

import io.ipcsh.ipc.MessageQueueStat;
import io.ipcsh.ipc.Users;

import java.io.PrintWriter;
import java.util.List;

/**
 * SysV message queues in {@code list}, as {@code ipcs -q} lists them (MSG_INFO, then
 * MSG_STAT_ANY per index), with lsipc's column names.
 */
final class QueueListing implements Listing {
    private static final String ROW = "%-10s %-10s %-10s %-6s %-10s %-6s %-7s %-7s %s";

    @Override
    public Family family() {
        return Family.QUEUES;
    }

    @Override
    public boolean posix() {
        return false;
    }

    @Override
    public void print(Session session, boolean json) {
        PrintWriter out = session.out();
        if (!json) {
            out.println(String.format(ROW, "key", "msqid", "owner", "perms", "usedbytes", "msgs", "lspid", "lrpid", "handle").strip());
        }
        for (MessageQueueStat s : MessageQueueStat.list()) {
            List<Handle> held = session.handlesFor("msqid " + s.msqid());
            if (json) {
                out.println(Listing.jsonRow(session, s, held));
            } else {
                out.println(String.format(ROW, s.key().hex(), s.msqid(), Users.name(s.uid()), s.modeOctal().substring(1),
                        s.cbytes(), s.qnum(), s.lspid(), s.lrpid(),
                        Listing.handleCell(session, held)).strip());
            }
        }
    }
}
