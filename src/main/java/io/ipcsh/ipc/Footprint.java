package io.ipcsh.ipc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a process that holds an IPC object shows it in {@code /proc}, whatever the kind:
 * what {@link Holders} looks for in {@code /proc/PID/maps} and {@code /proc/PID/fd}.
 *
 * <ul>
 * <li>a SysV attach is a mapping named {@code /SYSV0000abcd (deleted)} with the shmid
 *     in the inode column ({@link SysvShm});</li>
 * <li>a POSIX object (shared memory, a named semaphore's page, a message queue's
 *     descriptor) is a file: matched by device and inode, never by name, because a named
 *     semaphore's mapping can carry the temporary name glibc made it under
 *     ({@code /dev/shm/sem.KRNSTo (deleted)}) ({@link File}).</li>
 * </ul>
 */
public sealed interface Footprint {
    /** A System V segment: attaches show its shmid as the mapping's inode. */
    record SysvShm(int shmid) implements Footprint {
        @Override
        public String describe() {
            return "shmid " + shmid;
        }
    }

    /**
     * A file-backed object: mappings and open descriptors of the file with this device
     * ({@code st_dev}, as the kernel encodes it) and inode.
     *
     * @param path how to name it in messages: {@code /dev/shm/jobs}
     */
    record File(long device, long inode, String path) implements Footprint {
        /** The device as {@code /proc/PID/maps} prints it: {@code 00:1a} (major:minor in hex). */
        public String deviceText() {
            return String.format("%02x:%02x", major(device), minor(device));
        }

        @Override
        public String describe() {
            return path + " (dev " + deviceText() + " inode " + inode + ")";
        }
    }

    /** What it is, for messages: {@code shmid 32769}, {@code /dev/shm/jobs (dev 00:1a inode 5)}. */
    String describe();

    /** The footprint of SysV segment {@code shmid}. */
    static Footprint sysvShm(int shmid) {
        return new SysvShm(shmid);
    }

    /**
     * The footprint of the file at {@code path} ({@code /dev/shm/NAME}), from its
     * {@code stat}: device and inode.
     *
     * @throws IpcException.NotFoundException when there is no such file
     */
    static File file(Path path) {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
            return new File((Long) a.get("dev"), (Long) a.get("ino"), path.toString());
        } catch (NoSuchFileException e) {
            throw new IpcException.NotFoundException("no such file " + path, null, -1);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IpcException("cannot stat " + path + ": " + e.getMessage());
        }
    }

    /**
     * Every POSIX object called {@code name} ({@code /jobs}) on the host: shared memory
     * {@code /dev/shm/jobs}, the named semaphore {@code /dev/shm/sem.jobs}, and the message
     * queue {@code /jobs} (found on a mounted mqueue filesystem, or by opening it for a
     * moment: {@link PosixMessageQueue#find}). Empty when there is none.
     */
    static java.util.List<File> posix(String name) {
        PosixName posix = PosixName.of(name);
        java.util.List<Path> candidates = new java.util.ArrayList<>();
        candidates.add(posix.shmPath());
        candidates.add(posix.semaphorePath());
        java.util.List<File> found = new java.util.ArrayList<>();
        for (Path p : candidates) {
            if (Files.exists(p)) {
                try {
                    found.add(file(p));
                } catch (IpcException e) {
                    // removed between the two looks
                }
            }
        }
        PosixMessageQueue.find(name).ifPresent(found::add);
        return found;
    }

    /** glibc's {@code gnu_dev_major}. */
    static int major(long dev) {
        return (int) (((dev >>> 32) & 0xfffff000L) | ((dev >>> 8) & 0xfffL));
    }

    /** glibc's {@code gnu_dev_minor}. */
    static int minor(long dev) {
        return (int) (((dev >>> 12) & 0xffffff00L) | (dev & 0xffL));
    }
}
