package io.ipcsh.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's own list of System V segments, {@code /proc/sysvipc/shm}: an oracle that
 * doesn't go through the library under test.
 *
 * @param key    key_t as the kernel prints it (signed decimal)
 * @param perms  mode bits including SHM_DEST (01000) and SHM_LOCKED (02000)
 * @param atime  seconds since the epoch, 0 if never
 */
public record SysvShm(int key, int shmid, int perms, long size, int cpid, int lpid, long nattch,
                      int uid, int gid, int cuid, int cgid, long atime, long dtime, long ctime) {
    private static final Path PROC = Path.of("/proc/sysvipc/shm");

    /** Every segment on the host now. */
    public static List<SysvShm> all() {
        try {
            return Files.readAllLines(PROC).stream().skip(1).map(String::strip).filter(l -> !l.isEmpty())
                    .map(SysvShm::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The segment with this id, if it still exists. */
    public static Optional<SysvShm> byId(int shmid) {
        return all().stream().filter(s -> s.shmid == shmid).findFirst();
    }

    private static SysvShm parse(String line) {
        String[] f = line.split("\\s+");
        return new SysvShm(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2], 8),
                Long.parseLong(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]), Long.parseLong(f[6]),
                Integer.parseInt(f[7]), Integer.parseInt(f[8]), Integer.parseInt(f[9]), Integer.parseInt(f[10]),
                Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]));
    }
}
