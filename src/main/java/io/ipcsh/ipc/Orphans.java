package io.ipcsh.ipc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IPC objects nobody holds, as {@code list --orphans} shows them: System V segments
 * with nattch 0 that are not removed, and POSIX objects (shared memory in
 * {@code /dev/shm}, named semaphores {@code /dev/shm/sem.NAME}, message queues on a
 * mounted mqueue filesystem) that no process maps or has open ({@link Holders}, one
 * pass over {@code /proc}). Each comes with the command that removes it.
 *
 * <p>SysV semaphore sets and message queues are never listed: the kernel keeps no
 * record of who uses one, so nothing can say it is unused.
 *
 * @param orphans    what nobody holds
 * @param unreadable processes whose {@code /proc} entries could not be read: a POSIX
 *                   object they hold would look orphaned
 */
public record Orphans(List<Orphan> orphans, int unreadable) {
    private static final Path DEV_SHM = Path.of("/dev/shm");

    public Orphans {
        orphans = List.copyOf(orphans);
    }

    /**
     * One object nobody holds.
     *
     * @param kind   {@code SysV shared memory}, {@code POSIX shared memory}, {@code POSIX named semaphore},
     *               {@code POSIX message queue}
     * @param name   {@code shmid 32769} or {@code /jobs}
     * @param key    the SysV key, or null
     * @param size   bytes
     * @param uid    its owner
     * @param remove the ipcsh command that removes it: {@code destroy --id 32769}, {@code destroy --name /jobs}
     * @param removeFromBash the same outside ipcsh: {@code ipcrm -m 32769}, {@code rm /dev/shm/jobs}
     */
    public record Orphan(String kind, String name, IpcKey key, long size, int uid, String remove, String removeFromBash) {
    }

    /** Every orphan on the host now. */
    public static Orphans find() {
        List<Orphan> found = new ArrayList<>();
        for (SegmentStat s : SegmentStat.list()) {
            if (s.nattch() == 0 && !s.dest()) {
                found.add(new Orphan("SysV shared memory", "shmid " + s.shmid(), s.key(), s.size(), s.uid(),
                        "destroy --id " + s.shmid(), "ipcrm -m " + s.shmid()));
            }
        }
        // POSIX objects are files: found by device and inode among every process's maps and fds.
        Map<Footprint.File, Orphan> candidates = new LinkedHashMap<>();
        for (Path p : files(DEV_SHM)) {
            String file = p.getFileName().toString();
            if (file.startsWith("sem.")) {
                String name = "/" + file.substring(4);
                candidate(candidates, p, "POSIX named semaphore", name, "sem open " + name + "; destroy");
            } else {
                String name = "/" + file;
                candidate(candidates, p, "POSIX shared memory", name, "destroy --name " + name);
            }
        }
        for (Path mount : PosixMessageQueues.mountPoints()) {
            for (Path p : files(mount)) {
                String name = "/" + p.getFileName();
                candidate(candidates, p, "POSIX message queue", name, "queue " + name + "; destroy");
            }
        }
        int unreadable = 0;
        if (!candidates.isEmpty()) {
            Map<Footprint, Holders> held = Holders.scan(candidates.keySet());
            for (Map.Entry<Footprint.File, Orphan> c : candidates.entrySet()) {
                Holders h = held.get(c.getKey());
                unreadable = h.unreadable();
                if (h.count() == 0) {
                    found.add(c.getValue());
                }
            }
        }
        return new Orphans(found, unreadable);
    }

    private static void candidate(Map<Footprint.File, Orphan> candidates, Path p, String kind, String name, String remove) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:dev,ino,uid,size");
            Footprint.File f = new Footprint.File((Long) a.get("dev"), (Long) a.get("ino"), p.toString());
            candidates.put(f, new Orphan(kind, name, null, (Long) a.get("size"), (Integer) a.get("uid"), remove,
                    "rm " + p));
        } catch (IOException | RuntimeException e) {
            // removed meanwhile, or not a file we can look at
        }
    }

    /** The regular files directly in {@code dir}, or none if it can't be read. */
    private static List<Path> files(Path dir) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(dir)) {
            for (Path p : d) {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    files.add(p);
                }
            }
        } catch (IOException e) {
            // no /dev/shm, or unreadable: nothing to list
        }
        files.sort(null);
        return files;
    }

    /** The sentence {@code list --orphans} adds when some processes could not be read, or empty. */
    public Optional<String> unreadableNote() {
        if (unreadable == 0) {
            return Optional.empty();
        }
        return Optional.of(unreadable + (unreadable == 1 ? " process" : " processes") + " could not be read (another user's"
                + " /proc/PID/maps or fd): a POSIX object only they hold shows here as an orphan");
    }
}
