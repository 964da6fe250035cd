package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.SysStat;
import io.ipcsh.posix.stat;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the file system says of the file behind a POSIX object ({@code /dev/shm/NAME},
 * {@code /dev/shm/sem.NAME}): {@code fstat} on an open descriptor, or the file's
 * attributes by path when no descriptor is held (listing, a named semaphore).
 *
 * @param removed unlinked while still open ({@code st_nlink} 0): freed at the last close/munmap
 */
record PosixFile(Footprint.File id, int mode, int uid, int gid, long size,
                 Instant atime, Instant mtime, Instant ctime, boolean removed) {

    /** {@code fstat(fd)}; {@code what} names the object in a failure. */
    static PosixFile fstat(int fd, java.nio.file.Path path) {
        String what = path.toString();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment st = stat.allocate(arena);
            if (SysStat.fstat(fd, st) == -1) {
                throw IpcException.of("fstat", Errno.last(), "cannot stat " + what, null);
            }
            return new PosixFile(new Footprint.File(stat.st_dev(st), stat.st_ino(st), path.toString()), stat.st_mode(st) & 07777,
                    stat.st_uid(st), stat.st_gid(st), stat.st_size(st), Instant.ofEpochSecond(stat.st_atime(st)),
                    Instant.ofEpochSecond(stat.st_mtime(st)), Instant.ofEpochSecond(stat.st_ctime(st)), stat.st_nlink(st) == 0);
        }
    }

    /** The file at {@code path} now, or empty if there is none (removed, never made). */
    static Optional<PosixFile> at(Path path) {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:dev,ino,mode,uid,gid,size,lastAccessTime,lastModifiedTime,ctime");
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        return Optional.of(new PosixFile(new Footprint.File((long) a.get("dev"), (long) a.get("ino"), path.toString()),
                (int) a.get("mode") & 07777, (int) a.get("uid"), (int) a.get("gid"), (long) a.get("size"),
                time(a.get("lastAccessTime")), time(a.get("lastModifiedTime")), time(a.get("ctime")), false));
    }

    private static Instant time(Object t) {
        return ((FileTime) t).toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    /** True when {@code other} is the same file (device and inode), whatever it is called now. */
    boolean sameFile(Footprint.File other) {
        return other != null && id.device() == other.device() && id.inode() == other.inode();
    }

    /** How many processes hold each of {@code files} now (maps and descriptors, {@link Holders}): one pass over /proc. */
    static Map<Footprint, Holders> holders(java.util.List<PosixFile> files) {
        return Holders.scan(files.stream().map(PosixFile::id).toList());
    }

    /** The mode as ls and ipcs print it, such as {@code 0600}. */
    String modeOctal() {
        return String.format("%04o", mode & 0777);
    }

    /** "(mode 0600, owner uid 0, you are uid 65534)", for a permission error. */
    String ownerText() {
        return "(mode " + modeOctal() + ", owner uid " + uid + ", you are uid " + io.ipcsh.posix.Unistd.geteuid() + ")";
    }
}
