package io.ipcsh.ipc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The processes holding an IPC object now, found as {@code who} finds them: every
 * {@code /proc/PID/maps} (SysV attaches, mappings) and, for file-backed objects, every
 * {@code /proc/PID/fd} (open descriptors), matched by {@link Footprint}: shmid, or
 * device and inode. No util-linux tool lists these; {@code ipcs} gives only nattch.
 *
 * <pre>{@code
 * Holders h = Holders.of(seg);             // or Holders.of(Footprint.sysvShm(32769))
 * h.holders();                             // [Holder[pid=4242, ... ways=[SysV attach read-only] ...]]
 * h.unreadable();                          // processes whose /proc entries this user can't read
 * }</pre>
 *
 * <p>A process whose maps or descriptors can't be read (another user's, when not root)
 * is counted in {@link #unreadable()}, never silently skipped: it may hold the object too.
 * A process that ends during the scan is simply gone. The answer is a snapshot: holders
 * come and go while it is read.
 *
 * @param holders    the holders, by pid
 * @param unreadable how many processes could not be read
 */
public record Holders(Footprint footprint, List<Holder> holders, int unreadable) {
    private static final Path PROC = Path.of("/proc");

    public Holders {
        holders = List.copyOf(holders);
    }

    /**
     * The holders of {@code object}, or empty when its kind leaves no trace in
     * {@code /proc} (a SysV semaphore set or message queue: the kernel keeps no list of
     * the processes using one).
     */
    public static Optional<Holders> of(IpcObject object) {
        return object.footprint().map(Holders::of);
    }

    /** The holders of the object with this footprint. */
    public static Holders of(Footprint footprint) {
        return scan(List.of(footprint)).get(footprint);
    }

    /** How many processes hold it. */
    public int count() {
        return holders.size();
    }

    /**
     * The holders of every footprint at once, in one pass over {@code /proc} (for
     * {@code list --orphans}). Every footprint given has an entry.
     */
    public static Map<Footprint, Holders> scan(Collection<? extends Footprint> footprints) {
        Map<Footprint, List<Holder>> found = new LinkedHashMap<>();
        Map<Integer, Footprint> byShmid = new LinkedHashMap<>();
        Map<String, Footprint> byFile = new LinkedHashMap<>();
        for (Footprint f : footprints) {
            found.put(f, new ArrayList<>());
            switch (f) {
                case Footprint.SysvShm s -> byShmid.put(s.shmid(), s);
                case Footprint.File file -> byFile.put(file.device() + ":" + file.inode(), file);
            }
        }
        long self = ProcessHandle.current().pid();
        int unreadable = 0;
        for (long pid : pids()) {
            Map<Footprint, List<String>> ways;
            try {
                ways = waysOf(pid, byShmid, byFile);
            } catch (AccessDeniedException e) {
                unreadable++;
                continue;
            } catch (IOException e) {
                continue; // it ended meanwhile
            }
            if (ways.isEmpty()) {
                continue;
            }
            ProcessInfo info = ProcessInfo.of(pid);
            for (Map.Entry<Footprint, List<String>> w : ways.entrySet()) {
                found.get(w.getKey()).add(new Holder(pid, info.uid, Users.name(info.uid), info.command, w.getValue(), pid == self));
            }
        }
        Map<Footprint, Holders> result = new LinkedHashMap<>();
        for (Map.Entry<Footprint, List<Holder>> e : found.entrySet()) {
            result.put(e.getKey(), new Holders(e.getKey(), e.getValue(), unreadable));
        }
        return result;
    }

    /** Every pid in /proc now, ascending. */
    private static List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(PROC)) {
            for (Path p : dir) {
                String n = p.getFileName().toString();
                if (!n.isEmpty() && n.chars().allMatch(Character::isDigit)) {
                    pids.add(Long.parseLong(n));
                }
            }
        } catch (IOException e) {
            throw new IpcException("cannot read /proc: " + e.getMessage() + " (who needs a mounted procfs)");
        }
        pids.sort(null);
        return pids;
    }

    /**
     * How {@code pid} holds each footprint: its maps, then (only when a file is asked
     * for) its descriptors. AccessDeniedException when either can't be read.
     */
    private static Map<Footprint, List<String>> waysOf(long pid, Map<Integer, Footprint> byShmid,
                                                       Map<String, Footprint> byFile) throws IOException {
        Map<Footprint, List<String>> ways = new LinkedHashMap<>();
        Path dir = PROC.resolve(Long.toString(pid));
        String maps = read(dir.resolve("maps"));
        boolean sysvOnly = byFile.isEmpty();
        for (String line : maps.split("\n")) {
            // address perms offset dev inode path, one space apart, then padding before the path:
            // 7f3c1a000000-7f3c1a001000 r--s 00000000 00:01 32769  /SYSV00000000 (deleted)
            // Parsed by hand: a JVM maps thousands of lines, and most are anonymous.
            if (sysvOnly && line.indexOf("/SYSV") < 0) {
                continue;
            }
            int p1 = line.indexOf(' ');
            int p2 = p1 < 0 ? -1 : line.indexOf(' ', p1 + 1);
            int p3 = p2 < 0 ? -1 : line.indexOf(' ', p2 + 1);
            int p4 = p3 < 0 ? -1 : line.indexOf(' ', p3 + 1);
            int p5 = p4 < 0 ? -1 : line.indexOf(' ', p4 + 1);
            if (p5 < 0) {
                continue;
            }
            String inode = line.substring(p4 + 1, p5);
            if (inode.equals("0")) {
                continue;
            }
            String path = line.substring(p5).strip();
            boolean writable = line.startsWith("rw", p1 + 1);
            if (path.startsWith("/SYSV")) {
                Footprint s = byShmid.get(parseInt(inode));
                if (s != null) {
                    ways.computeIfAbsent(s, k -> new ArrayList<>()).add(
                            "SysV attach " + (writable ? "read-write" : "read-only"));
                }
            } else if (!byFile.isEmpty()) {
                Footprint file = byFile.get(device(line.substring(p3 + 1, p4)) + ":" + inode);
                if (file != null) {
                    ways.computeIfAbsent(file, k -> new ArrayList<>()).add("mapping of " + path + " "
                            + (writable ? "read-write" : "read-only"));
                }
            }
        }
        if (!byFile.isEmpty()) {
            descriptors(dir, byFile, ways);
        }
        return ways;
    }

    private static void descriptors(Path dir, Map<String, Footprint> byFile, Map<Footprint, List<String>> ways)
            throws IOException {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
            for (Path fd : fds) {
                // One stat through the link for every descriptor (a socket or pipe has a device and
                // inode too, never one of ours), and the link's text read only for a match: a JVM
                // holds hundreds of descriptors, and this is the scan's cost.
                Map<String, Object> a;
                try {
                    a = Files.readAttributes(fd, "unix:dev,ino");
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                Footprint file = byFile.get(a.get("dev") + ":" + a.get("ino"));
                if (file != null) {
                    String target;
                    try {
                        target = Files.readSymbolicLink(fd).toString();
                    } catch (IOException e) {
                        continue; // closed meanwhile
                    }
                    ways.computeIfAbsent(file, k -> new ArrayList<>()).add(
                            "descriptor " + fd.getFileName() + " (" + target + ")");
                }
            }
        }
    }

    /** {@code 00:1a} (hex major:minor) as glibc's {@code makedev} encodes it, the form st_dev has. */
    static long device(String text) {
        int colon = text.indexOf(':');
        long major = Long.parseLong(text.substring(0, colon), 16);
        long minor = Long.parseLong(text.substring(colon + 1), 16);
        return ((major & 0xfffL) << 8) | ((major & ~0xfffL) << 32) | (minor & 0xffL) | ((minor & ~0xffL) << 12);
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    /** The uid and command line of a process; what it can't read stays "?". */
    private record ProcessInfo(int uid, String command) {
        static ProcessInfo of(long pid) {
            Path dir = PROC.resolve(Long.toString(pid));
            int uid = -1;
            String command = "?";
            try {
                for (String line : read(dir.resolve("status")).split("\n")) {
                    if (line.startsWith("Uid:")) {
                        uid = Integer.parseInt(line.substring(4).strip().split("\\s+")[1]);
                    }
                }
                command = Processes.commandLine(pid).orElse("?");
            } catch (IOException | RuntimeException e) {
                // ended, or unreadable: its maps said it holds the object, which is what counts
            }
            return new ProcessInfo(uid, command);
        }
    }

    /** How {@code stat} shows the count: {@code holders 2}, or {@code holders 2 (+1 unreadable)}. */
    public String countText() {
        return countText(count(), unreadable);
    }

    /** {@link #countText()} for a count kept apart from its scan (a stat record's). */
    static String countText(long count, int unreadable) {
        return "holders " + count + (unreadable > 0 ? " (+" + unreadable + " unreadable)" : "");
    }

    /**
     * The sentence {@code who} and {@code stat} add when some processes could not be read,
     * or empty.
     */
    public Optional<String> unreadableNote() {
        if (unreadable == 0) {
            return Optional.empty();
        }
        return Optional.of(unreadable + (unreadable == 1 ? " process" : " processes")
                + " could not be read (another user's /proc/PID/maps or fd; run as root to see them): they may hold it too");
    }

    /** Reads like {@code who}: one holder a line. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(footprint.describe()).append(": ").append(count()).append(" holders");
        for (Holder h : holders) {
            s.append("\n  ").append(h);
        }
        unreadableNote().ifPresent(n -> s.append("\n  ").append(n));
        return s.toString();
    }
}
