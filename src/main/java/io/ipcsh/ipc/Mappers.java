package io.ipcsh.ipc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How many processes map a file now, read from {@code /proc/PID/maps}: what {@code stat}
 * and {@code list} show as nattch for POSIX shared memory and named semaphores. A file is
 * found by device and inode, not by name: glibc makes a named semaphore under a temporary
 * name and renames it, so maps may show {@code /dev/shm/sem.KRNSTo (deleted)}
 * (design.md, "Facts measured"). Processes whose maps this user can't read are not counted.
 */
public final class Mappers {
    private Mappers() {
    }

    /** A file as maps names it: {@code st_dev} and {@code st_ino}. */
    public record FileId(long dev, long ino) {
        /** maps prints the device as {@code major:minor} in hex; this is the kernel's new_encode_dev split. */
        String mapsDevice() {
            long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
            return String.format("%02x:%02x", major, minor);
        }
    }

    /** The number of processes mapping {@code file} now. */
    public static int count(FileId file) {
        return counts(List.of(file)).getOrDefault(file, 0);
    }

    /** For each of {@code files}, how many processes map it now (absent: none): one pass over /proc. */
    public static Map<FileId, Integer> counts(List<FileId> files) {
        Map<String, FileId> wanted = new HashMap<>();
        for (FileId f : files) {
            wanted.put(f.mapsDevice() + " " + f.ino(), f);
        }
        Map<FileId, Integer> counts = new HashMap<>();
        if (wanted.isEmpty()) {
            return counts;
        }
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> isPid(p.getFileName().toString()))) {
            for (Path proc : procs) {
                Set<FileId> mapped = new HashSet<>();
                List<String> lines;
                try {
                    lines = Files.readAllLines(proc.resolve("maps"));
                } catch (IOException | RuntimeException e) {
                    continue; // gone meanwhile, or not ours to read
                }
                for (String line : lines) {
                    FileId f = wanted.get(deviceAndInode(line));
                    if (f != null) {
                        mapped.add(f);
                    }
                }
                mapped.forEach(f -> counts.merge(f, 1, Integer::sum));
            }
        } catch (IOException e) {
            // No /proc: nothing can be counted.
        }
        return counts;
    }

    /** {@code "00:1a 12345"} from a maps line: address perms offset dev inode [path]. */
    private static String deviceAndInode(String line) {
        String[] f = line.split("\\s+", 7);
        return f.length < 5 ? "" : f[3] + " " + f[4];
    }

    private static boolean isPid(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
