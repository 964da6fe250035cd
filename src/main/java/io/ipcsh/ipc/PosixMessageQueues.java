package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Fcntl;
import io.ipcsh.posix.Mount;
import io.ipcsh.posix.Mqueue;
import io.ipcsh.posix.Unistd;
import io.ipcsh.posix.mq_attr;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every POSIX message queue on the host. The kernel lists them only in the mqueue
 * filesystem: where it is mounted ({@code /proc/self/mounts}), or, for root when it is
 * not, in a temporary directory mounted for the listing and unmounted after it
 * ({@code mount("none", DIR, "mqueue", 0, NULL)}). Each file there is a queue; its
 * contents say the bytes queued ({@code QSIZE:}), and {@code mq_getattr} on a
 * read-only descriptor says the rest.
 */
public final class PosixMessageQueues {
    /** How to mount it, for the line shown when it can't be listed. */
    public static final String HOW_TO_MOUNT = "as root: mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue";
    private static final Pattern QSIZE = Pattern.compile("QSIZE:\\s*(\\d+)");

    private PosixMessageQueues() {
    }

    /** Where the mqueue filesystem is mounted in this process's view, if anywhere: the first of {@link #mountPoints()}. */
    public static Optional<Path> mountPoint() {
        return mountPoints().stream().findFirst();
    }

    /** Every place the mqueue filesystem is mounted ({@code /proc/self/mounts}); often none. */
    public static List<Path> mountPoints() {
        List<Path> mounts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[2].equals("mqueue")) {
                    mounts.add(Path.of(f[1].replace("\\040", " ")));
                }
            }
        } catch (IOException e) {
            // No /proc: no way to know.
        }
        return mounts;
    }

    /**
     * Every queue, sorted by name. When the filesystem isn't mounted and this process is
     * not root, {@link IpcException} with {@link #HOW_TO_MOUNT}.
     */
    public static List<PosixQueueStat> list() {
        Optional<Path> at = mountPoint();
        if (at.isPresent()) {
            return read(at.get());
        }
        if (Unistd.geteuid() != 0) {
            throw new IpcException("POSIX message queues can't be listed: the mqueue filesystem is not mounted ("
                    + HOW_TO_MOUNT + ")");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("ipcsh-mqueue-");
        } catch (IOException e) {
            throw new IpcException("cannot make a directory to mount the mqueue filesystem on: " + e.getMessage());
        }
        try {
            if (Mount.mount("none", dir.toString(), "mqueue", 0) == -1) {
                throw IpcException.of("mount", Errno.last(), "cannot mount the mqueue filesystem on " + dir, HOW_TO_MOUNT);
            }
            try {
                return read(dir);
            } finally {
                Mount.umount2(dir.toString(), Mount.MNT_DETACH);
            }
        } finally {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // An empty directory in the temp dir; nothing depends on it.
            }
        }
    }

    private static List<PosixQueueStat> read(Path dir) {
        List<PosixQueueStat> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                stat(f).ifPresent(all::add);
            }
        } catch (IOException e) {
            throw new IpcException("cannot read the mqueue filesystem at " + dir + ": " + e.getMessage());
        }
        all.sort(Comparator.comparing(PosixQueueStat::name));
        return List.copyOf(all);
    }

    /** One queue's file; empty if it went away meanwhile. */
    private static Optional<PosixQueueStat> stat(Path file) {
        String name = "/" + file.getFileName();
        Map<String, Object> a;
        long qsize;
        try {
            a = Files.readAttributes(file, "unix:mode,uid,gid,lastModifiedTime,ctime");
            qsize = qsize(file);
        } catch (IOException e) {
            return Optional.empty();
        }
        long maxmsg = -1;
        long msgsize = -1;
        long curmsgs = -1;
        // O_RDONLY|O_NONBLOCK takes nothing from it; without read permission the sizes stay unknown.
        int mqd = Mqueue.mq_open(name, Fcntl.O_RDONLY | Fcntl.O_NONBLOCK);
        if (mqd >= 0) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment attr = mq_attr.allocate(arena);
                if (Mqueue.mq_getattr(mqd, attr) == 0) {
                    maxmsg = mq_attr.mq_maxmsg(attr);
                    msgsize = mq_attr.mq_msgsize(attr);
                    curmsgs = mq_attr.mq_curmsgs(attr);
                }
            } finally {
                Mqueue.mq_close(mqd);
            }
        }
        return Optional.of(new PosixQueueStat(name, ((Integer) a.get("mode")) & 0777, (Integer) a.get("uid"), (Integer) a.get("gid"),
                maxmsg, msgsize, curmsgs, false, qsize, instant(a.get("lastModifiedTime")), instant(a.get("ctime"))));
    }

    /** QSIZE from the file's one line ({@code QSIZE:11 NOTIFY:0 SIGNO:0 NOTIFY_PID:0}). */
    private static long qsize(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[256];
            int n = in.read(buf);
            Matcher m = QSIZE.matcher(n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII));
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    private static Instant instant(Object time) {
        return time instanceof FileTime t ? t.toInstant() : null;
    }
}
