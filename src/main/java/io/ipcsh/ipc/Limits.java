package io.ipcsh.ipc;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The kernel's IPC limits, as {@code ipcs -l} and {@code lsipc -g} show them: the System V
 * ones from {@code /proc/sys/kernel} (shmmax, shmall, shmmni, sem, msgmax, msgmnb,
 * msgmni), the POSIX message queue ones from {@code /proc/sys/fs/mqueue}, and how much
 * of each is in use ({@code /proc/sysvipc/shm}, {@code sem}, {@code msg}, and the
 * mounted mqueue filesystem), as far as this IPC namespace goes.
 *
 * <pre>{@code
 * for (var l : Limits.all()) System.out.println(l);   // SHMMNI 4096 used 1 (0.02%) ...
 * }</pre>
 */
public final class Limits {
    /** The page size SHMALL counts in (x86_64). */
    public static final long PAGE_SIZE = 4096;
    /** SEMVMX: the largest value of a SysV semaphore; a constant of the kernel, not a sysctl. */
    public static final long SEMVMX = 32767;
    /** SHMMIN: the smallest segment; a constant of the kernel. */
    public static final long SHMMIN = 1;

    private Limits() {
    }

    /**
     * One limit: lsipc's resource name and description, the limit, and what is used of it
     * where the kernel counts that (empty for per-object limits such as MSGMAX).
     */
    public record Limit(String resource, String description, BigInteger limit, OptionalLong used) {
        /** used / limit in percent, as lsipc's USE% column, or empty. */
        public Optional<Double> usePercent() {
            if (used.isEmpty() || limit.signum() <= 0) {
                return Optional.empty();
            }
            return Optional.of(new java.math.BigDecimal(used.getAsLong()).multiply(java.math.BigDecimal.valueOf(100))
                    .divide(new java.math.BigDecimal(limit), 2, RoundingMode.HALF_UP).doubleValue());
        }

        @Override
        public String toString() {
            return resource + " " + limit + (used.isPresent() ? " used " + used.getAsLong() + " ("
                    + String.format("%.2f%%", usePercent().orElse(0.0)) + ")" : "");
        }
    }

    /**
     * Every limit, in lsipc -g's order (MSG, SHM, SEM), then the POSIX message queue
     * limits. A sysctl that can't be read is left out.
     */
    public static List<Limit> all() {
        Usage u = Usage.now();
        List<Limit> all = new ArrayList<>();
        add(all, "MSGMNI", "Number of message queues", kernel("msgmni"), OptionalLong.of(u.queues));
        add(all, "MSGMAX", "Max size of message (bytes)", kernel("msgmax"), OptionalLong.empty());
        add(all, "MSGMNB", "Default max size of queue (bytes)", kernel("msgmnb"), OptionalLong.empty());
        add(all, "SHMMNI", "Shared memory segments", kernel("shmmni"), OptionalLong.of(u.segments));
        add(all, "SHMALL", "Shared memory pages", kernel("shmall"), OptionalLong.of(u.pages));
        add(all, "SHMMAX", "Max size of shared memory segment (bytes)", kernel("shmmax"), OptionalLong.empty());
        add(all, "SHMMIN", "Min size of shared memory segment (bytes)", BigInteger.valueOf(SHMMIN), OptionalLong.empty());
        // kernel.sem is "SEMMSL SEMMNS SEMOPM SEMMNI".
        String[] sem = readText(Path.of("/proc/sys/kernel/sem")).map(t -> t.strip().split("\\s+")).orElse(new String[0]);
        if (sem.length == 4) {
            add(all, "SEMMNI", "Number of semaphore identifiers", number(sem[3]), OptionalLong.of(u.sets));
            add(all, "SEMMNS", "Total number of semaphores", number(sem[1]), OptionalLong.of(u.semaphores));
            add(all, "SEMMSL", "Max semaphores per semaphore set.", number(sem[0]), OptionalLong.empty());
            add(all, "SEMOPM", "Max number of operations per semop(2)", number(sem[2]), OptionalLong.empty());
        }
        add(all, "SEMVMX", "Semaphore max value", BigInteger.valueOf(SEMVMX), OptionalLong.empty());
        add(all, "MQ_QUEUES_MAX", "Number of POSIX message queues", mqueue("queues_max"), u.posixQueues);
        add(all, "MQ_MSG_MAX", "Max messages per POSIX queue", mqueue("msg_max"), OptionalLong.empty());
        add(all, "MQ_MSGSIZE_MAX", "Max size of POSIX message (bytes)", mqueue("msgsize_max"), OptionalLong.empty());
        add(all, "MQ_MSG_DEFAULT", "Default max messages of a new POSIX queue", mqueue("msg_default"), OptionalLong.empty());
        add(all, "MQ_MSGSIZE_DEFAULT", "Default max message size of a new POSIX queue", mqueue("msgsize_default"),
                OptionalLong.empty());
        return List.copyOf(all);
    }

    private static void add(List<Limit> all, String resource, String description, BigInteger limit, OptionalLong used) {
        if (limit != null) {
            all.add(new Limit(resource, description, limit, used));
        }
    }

    private static BigInteger kernel(String name) {
        return number(read(name));
    }

    private static BigInteger mqueue(String name) {
        return number(readText(Path.of("/proc/sys/fs/mqueue", name)).orElse(null));
    }

    private static BigInteger number(String text) {
        try {
            return text == null ? null : new BigInteger(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** What is in use now, from /proc/sysvipc and the mqueue mount. */
    record Usage(long segments, long pages, long sets, long semaphores, long queues, OptionalLong posixQueues) {
        static Usage now() {
            long segments = 0;
            long pages = 0;
            for (String[] row : rows("shm")) {
                segments++;
                // SHMALL counts pages: each segment's size rounded up, as the kernel's shm_tot.
                pages += (Long.parseUnsignedLong(row[3]) + PAGE_SIZE - 1) / PAGE_SIZE;
            }
            long sets = 0;
            long semaphores = 0;
            for (String[] row : rows("sem")) {
                sets++;
                semaphores += Long.parseLong(row[3]);
            }
            long queues = rows("msg").size();
            OptionalLong posix = OptionalLong.empty();
            List<Path> mounts = PosixMessageQueues.mountPoints();
            if (!mounts.isEmpty()) {
                try (var files = Files.list(mounts.getFirst())) {
                    posix = OptionalLong.of(files.count());
                } catch (IOException e) {
                    // unreadable mount: unknown
                }
            }
            return new Usage(segments, pages, sets, semaphores, queues, posix);
        }

        /** The rows of /proc/sysvipc/NAME, header dropped, split on blanks. */
        private static List<String[]> rows(String name) {
            List<String[]> rows = new ArrayList<>();
            try {
                List<String> lines = Files.readAllLines(Path.of("/proc/sysvipc", name));
                for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                    if (!line.isBlank()) {
                        rows.add(line.strip().split("\\s+"));
                    }
                }
            } catch (IOException e) {
                // no sysvipc in /proc: nothing counted
            }
            return rows;
        }
    }

    /** A sysctl's text, in one read (see {@link #read(String)} for why). */
    private static Optional<String> readText(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[256];
            int n = in.read(buf);
            return Optional.of(n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * kernel.shmmax: the largest segment in bytes, or -1 if unknown. The default,
     * ULONG_MAX - 2^24, is beyond a Java long and comes back as {@link Long#MAX_VALUE}.
     */
    public static long shmmax() {
        return clamp(read("shmmax"));
    }

    /** kernel.shmall: all segments together, in pages, or -1 if unknown; clamped like {@link #shmmax()}. */
    public static long shmall() {
        return clamp(read("shmall"));
    }

    /** kernel.shmmni: how many segments the host may have, or -1 if unknown. */
    public static long shmmni() {
        return clamp(read("shmmni"));
    }

    /** SEMMSL, the first of kernel.sem's four: the most members a semaphore set may have, or -1 if unknown. */
    public static long semmsl() {
        return sem(0);
    }

    /** SEMOPM, the third of kernel.sem's four: the most operations one semop may take, or -1 if unknown. */
    public static long semopm() {
        return sem(2);
    }

    /** Field {@code index} of {@code /proc/sys/kernel/sem} (SEMMSL SEMMNS SEMOPM SEMMNI), or -1. */
    private static long sem(int index) {
        // One read() with a buffer, as in read(): a second read at a nonzero offset gets EOF.
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel/sem"))) {
            byte[] buf = new byte[128];
            int n = in.read(buf);
            String[] f = (n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII)).strip().split("\\s+");
            return f.length == 4 ? Long.parseLong(f[index]) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** kernel.msgmax: the longest SysV message in bytes, or -1 if unknown. */
    public static long msgmax() {
        return clamp(read("msgmax"));
    }

    /** kernel.msgmnb: the default msg_qbytes of a new SysV queue, or -1 if unknown. */
    public static long msgmnb() {
        return clamp(read("msgmnb"));
    }

    /** fs.mqueue.msg_default: how many messages a new POSIX queue holds when not told, or -1 if unknown. */
    public static long mqMsgDefault() {
        return mqueueLong("msg_default");
    }

    /** fs.mqueue.msgsize_default: the message size of a new POSIX queue when not told, or -1 if unknown. */
    public static long mqMsgsizeDefault() {
        return mqueueLong("msgsize_default");
    }

    /** fs.mqueue.msg_max: the most messages an unprivileged process may ask a POSIX queue to hold, or -1. */
    public static long mqMsgMax() {
        return mqueueLong("msg_max");
    }

    /** fs.mqueue.msgsize_max: the largest message size an unprivileged process may ask for, or -1. */
    public static long mqMsgsizeMax() {
        return mqueueLong("msgsize_max");
    }

    private static long mqueueLong(String name) {
        BigInteger v = mqueue(name);
        return v == null ? -1 : v.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue();
    }

    /** kernel.shmmax as the kernel prints it, such as {@code 18446744073692774399}, or {@code unknown}. */
    static String shmmaxText() {
        String v = read("shmmax");
        return v == null ? "unknown" : v;
    }

    private static long clamp(String value) {
        if (value == null) {
            return -1;
        }
        long v = Long.parseUnsignedLong(value);
        return v < 0 ? Long.MAX_VALUE : v;
    }

    /** The value text, or null if unreadable. */
    private static String read(String name) {
        // One read() with a buffer: numeric sysctl files answer EOF to any read at a
        // nonzero offset, so Files.readString (which probes with a 1-byte read first
        // when the size is 0) gets only the first digit.
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/kernel", name))) {
            byte[] buf = new byte[64];
            int n = in.read(buf);
            String v = n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.US_ASCII).strip();
            Long.parseUnsignedLong(v);
            return v;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }
}
