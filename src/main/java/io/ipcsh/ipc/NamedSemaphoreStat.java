package io.ipcsh.ipc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ipcsh.ipc.StatText.dash;

/**
 * What is known of a named semaphore: its value and waiters (through an open handle;
 * null otherwise), and what the file {@code /dev/shm/sem.NAME} says (null fields once it is
 * unlinked: {@code removed}), with how many processes map it.
 *
 * @param nattch     the processes that map it now, from /proc. POSIX keeps no attach count:
 *                   the shell shows this one as holders everywhere (attach, list, stat); the
 *                   name stays the one SysV callers look for
 * @param unreadable the processes whose /proc could not be read: they may hold it too
 */
public record NamedSemaphoreStat(PosixName name, Integer value, Integer waiters, Integer mode, Integer uid, Integer gid,
                                 Instant atime, Instant mtime, Instant ctime, long nattch, int unreadable, boolean removed)
        implements IpcStat {

    /** Unlinked: {@code last} is what the file said when it was opened (may be null). */
    static NamedSemaphoreStat removed(PosixName name, PosixFile last, Integer value, Integer waiters, long nattch,
                                      int unreadable) {
        if (last == null) {
            return new NamedSemaphoreStat(name, value, waiters, null, null, null, null, null, null, nattch, unreadable, true);
        }
        return new NamedSemaphoreStat(name, value, waiters, last.mode() & 0777, last.uid(), last.gid(), last.atime(),
                last.mtime(), last.ctime(), nattch, unreadable, true);
    }

    static NamedSemaphoreStat of(PosixName name, PosixFile f, Integer value, Integer waiters, long nattch, int unreadable) {
        return new NamedSemaphoreStat(name, value, waiters, f.mode() & 0777, f.uid(), f.gid(), f.atime(), f.mtime(),
                f.ctime(), nattch, unreadable, false);
    }

    /** Every named semaphore on the host: the {@code sem.NAME} files in {@code /dev/shm}, mappers counted in one pass. */
    public static List<NamedSemaphoreStat> list() {
        List<PosixName> names = new ArrayList<>();
        List<PosixFile> files = new ArrayList<>();
        for (Path p : SharedMemoryStat.devShm()) {
            String file = p.getFileName().toString();
            if (!file.startsWith("sem.") || file.length() == 4 || !Files.isRegularFile(p)) {
                continue;
            }
            PosixName n;
            try {
                n = PosixName.of("/" + file.substring(4));
            } catch (IpcException e) {
                continue;
            }
            PosixFile.at(p).ifPresent(f -> {
                names.add(n);
                files.add(f);
            });
        }
        Map<Footprint, Holders> mapped = PosixFile.holders(files);
        List<NamedSemaphoreStat> all = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Holders h = mapped.get(files.get(i).id());
            all.add(of(names.get(i), files.get(i), null, null, h.count(), h.unreadable()));
        }
        return List.copyOf(all);
    }

    /** The mode as ls prints it, such as {@code 0600}; "-" once removed. */
    public String modeOctal() {
        return mode == null ? "-" : String.format("%04o", mode);
    }

    @Override
    public List<String> lines() {
        return List.of("name " + name + "  path " + name.semaphorePath(),
                "value " + dash(value) + "  waiters " + dash(waiters) + "  " + Holders.countText(nattch, unreadable)
                        + "  status " + (removed ? "removed (unlinked: freed when the last process closes it)" : "-"),
                "mode " + modeOctal() + "  owner " + (uid == null ? "-" : Users.name(uid) + " (uid " + uid + " gid " + gid + ")"),
                "atime " + dash(atime) + "  mtime " + dash(mtime) + "  ctime " + dash(ctime));
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("kind", "posix-semaphore");
        f.put("name", name.value());
        f.put("value", value);
        f.put("waiters", waiters);
        f.put("mode", mode == null ? null : modeOctal());
        f.put("holders", nattch);
        f.put("holders_unreadable", unreadable);
        f.put("uid", uid);
        f.put("gid", gid);
        f.put("atime", atime);
        f.put("mtime", mtime);
        f.put("ctime", ctime);
        f.put("removed", removed);
        return f;
    }

    /** True: a named semaphore has no nattch, so its stat shows the holders it counted. */
    @Override
    public boolean showsHolders() {
        return true;
    }

    /** The shell's {@code stat} lines, the same words: {@link #text()}. */
    @Override
    public String toString() {
        return text();
    }
}
