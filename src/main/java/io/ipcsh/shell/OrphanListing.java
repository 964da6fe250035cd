package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.Orphans;
import io.ipcsh.ipc.Users;

import java.io.PrintWriter;

/**
 * {@code list --orphans}: the objects no process holds ({@link Orphans}), each with the
 * command that removes it, from ipcsh and from bash.
 */
final class OrphanListing {
    private static final String ROW = "%-22s %-24s %-10s %-8s %s";

    private OrphanListing() {
    }

    static void print(Session session, boolean json) {
        PrintWriter out = session.out();
        Orphans found = Orphans.find();
        if (json) {
            for (Orphans.Orphan o : found.orphans()) {
                out.println(Json.object().put("kind", o.kind()).put("name", o.name())
                        .put("key", o.key() == null ? null : o.key().hex()).put("size", o.size()).put("uid", o.uid())
                        .put("owner", Users.name(o.uid())).put("remove", o.remove()).put("remove_from_bash", o.removeFromBash())
                        .put("unreadable", found.unreadable()));
            }
            return;
        }
        if (found.orphans().isEmpty()) {
            out.println("no orphans: every segment is attached, and some process holds every POSIX object");
        } else {
            out.println(String.format(ROW, "kind", "name", "bytes", "owner", "remove with").strip());
            for (Orphans.Orphan o : found.orphans()) {
                out.println(String.format(ROW, o.kind(), o.name(), o.size(), Users.name(o.uid()), o.remove()).strip());
            }
        }
        found.unreadableNote().ifPresent(out::println);
    }
}
