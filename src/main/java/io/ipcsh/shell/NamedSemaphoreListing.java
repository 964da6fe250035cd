package io.ipcsh.shell;

import io.ipcsh.ipc.NamedSemaphore;
import io.ipcsh.ipc.NamedSemaphoreStat;
import io.ipcsh.ipc.Users;

import java.io.PrintWriter;
import java.util.List;

/**
 * POSIX named semaphores in {@code list}: glibc's /dev/shm/sem.NAME files, with how many
 * processes map each. The value is shown for the ones this shell holds (sem_getvalue needs
 * the semaphore open).
 */
final class NamedSemaphoreListing implements Listing {
    private static final String ROW = "%-24s %-10s %-6s %-8s %-6s %-20s %s";

    @Override
    public Family family() {
        return Family.SEMAPHORES;
    }

    @Override
    public boolean posix() {
        return true;
    }

    @Override
    public void print(Session session, boolean json) {
        PrintWriter out = session.out();
        if (!json) {
            out.println(String.format(ROW, "name", "owner", "perms", "holders", "value", "mtime", "handle").strip());
        }
        for (NamedSemaphoreStat s : NamedSemaphoreStat.list()) {
            List<Handle> held = session.handlesFor(NamedSemaphore.class, s.name().value());
            // Through our handle, with its value (sem_getvalue).
            NamedSemaphoreStat row = held.isEmpty() ? s : held.get(0).require(NamedSemaphore.class, "list").stat();
            if (json) {
                out.println(Listing.jsonRow(session, row, held));
            } else {
                out.println(String.format(ROW, s.name(), Users.name(s.uid()), s.modeOctal().substring(1), s.nattch(),
                        row.value() == null ? "-" : row.value(), s.mtime(), Listing.handleCell(session, held)).strip());
            }
        }
    }
}
