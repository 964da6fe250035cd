package io.ipcsh.ipc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What {@code fstat} says of a POSIX shared memory object, and how many processes hold it
 * now (map it or have it open: {@link Holders}, from {@code /proc}, by device and inode).
 *
 * @param nattch     the processes that map it or hold it open now, from /proc. POSIX keeps
 *                   no attach count: the shell shows this one as holders everywhere (attach,
 *                   list, stat); the name stays the one SysV callers look for
 * @param unreadable the processes whose /proc could not be read: they may hold it too
 * @param removed    shm_unlink ran while it was still open or mapped: freed at the last munmap
 */
public record SharedMemoryStat(PosixName name, long size, int mode, int uid, int gid, Instant atime, Instant mtime,
                               Instant ctime, long nattch, int unreadable, boolean removed) implements IpcStat {

    static SharedMemoryStat of(PosixName name, PosixFile f, Holders holders) {
        return new SharedMemoryStat(name, f.size(), f.mode() & 0777, f.uid(), f.gid(), f.atime(), f.mtime(), f.ctime(),
                holders.count(), holders.unreadable(), f.removed());
    }

    /**
     * Every POSIX shared memory object on the host: the files in {@code /dev/shm} other than
     * glibc's named semaphores ({@code sem.NAME}), with their mappers counted in one pass.
     */
    public static List<SharedMemoryStat> list() {
        List<PosixName> names = new ArrayList<>();
        List<PosixFile> files = new ArrayList<>();
        for (Path p : devShm()) {
            String file = p.getFileName().toString();
            if (file.startsWith("sem.") || !Files.isRegularFile(p)) {
                continue;
            }
            PosixName n;
            try {
                n = PosixName.of("/" + file);
            } catch (IpcException e) {
                continue; // not a name shm_open could have made
            }
            PosixFile.at(p).ifPresent(f -> {
                names.add(n);
                files.add(f);
            });
        }
        Map<Footprint, Holders> mapped = PosixFile.holders(files);
        List<SharedMemoryStat> all = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            all.add(of(names.get(i), files.get(i), mapped.get(files.get(i).id())));
        }
        return List.copyOf(all);
    }

    /** The entries of /dev/shm, sorted by name; none when it can't be read. */
    static List<Path> devShm() {
        try (Stream<Path> s = Files.list(PosixName.DEV_SHM)) {
            return s.sorted().toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** The mode as ls prints it, such as {@code 0600}. */
    public String modeOctal() {
        return String.format("%04o", mode);
    }

    @Override
    public List<String> lines() {
        return List.of("name " + name + "  path " + name.shmPath(),
                "mode " + modeOctal() + "  size " + size + "  " + Holders.countText(nattch, unreadable) + "  status "
                        + (removed ? "removed (unlinked: freed at the last munmap)" : "-"),
                "owner " + Users.name(uid) + " (uid " + uid + " gid " + gid + ")",
                "atime " + atime + "  mtime " + mtime + "  ctime " + ctime);
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("kind", "posix-shm");
        f.put("name", name.value());
        f.put("mode", modeOctal());
        f.put("size", size);
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

    /** True: POSIX shared memory has no nattch, so its stat shows the holders it counted. */
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
