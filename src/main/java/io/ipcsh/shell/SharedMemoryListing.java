package io.ipcsh.shell;

import io.ipcsh.ipc.SharedMemory;
import io.ipcsh.ipc.SharedMemoryStat;
import io.ipcsh.ipc.Users;

import java.io.PrintWriter;
import java.util.List;

/** POSIX shared memory in {@code list}: the files of /dev/shm other than sem.*, with how many processes map each. */
final class SharedMemoryListing implements Listing {
    private static final String ROW = "%-24s %-10s %-6s %-10s %-8s %-20s %s";

    @Override
    public Family family() {
        return Family.MEMORY;
    }

    @Override
    public boolean posix() {
        return true;
    }

    @Override
    public void print(Session session, boolean json) {
        PrintWriter out = session.out();
        if (!json) {
            out.println(String.format(ROW, "name", "owner", "perms", "size", "holders", "mtime", "handle").strip());
        }
        for (SharedMemoryStat s : SharedMemoryStat.list()) {
            List<Handle> held = session.handlesFor(SharedMemory.class, s.name().value());
            if (json) {
                out.println(Listing.jsonRow(session, s, held));
            } else {
                out.println(String.format(ROW, s.name(), Users.name(s.uid()), s.modeOctal().substring(1), s.size(), s.nattch(),
                        s.mtime(), Listing.handleCell(session, held)).strip());
            }
        }
    }
}
