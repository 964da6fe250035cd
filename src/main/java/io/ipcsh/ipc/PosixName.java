package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The name of a POSIX IPC object: {@code /NAME}, one leading slash, no other slash, at most
 * 255 bytes (design.md, "The other kinds"). glibc keeps shared memory as
 * {@code /dev/shm/NAME} and a named semaphore as {@code /dev/shm/sem.NAME}; message queues
 * live in the mqueue file system.
 *
 * <p>Checked in Java before any call, so a bad name is one line naming what is wrong with
 * it, not glibc's bare EINVAL.
 */
public record PosixName(String value) {
    /** The longest name, in UTF-8 bytes, leading slash included. */
    public static final int MAX_BYTES = 255;
    /** Where glibc (on Linux) keeps POSIX shared memory and named semaphores. */
    public static final Path DEV_SHM = Path.of("/dev/shm");

    public PosixName {
        check(value);
    }

    /** {@code text} as a name, or an {@link IpcException.InvalidArgumentException} saying why not. */
    public static PosixName of(String text) {
        return new PosixName(text);
    }

    /** True when {@code word} would be taken as a POSIX name where a KEY may stand: it starts with {@code /}. */
    public static boolean looksLikeOne(String word) {
        return word != null && word.startsWith("/");
    }

    private static void check(String text) {
        String rule = " (a POSIX name is /NAME: one leading slash, no other slash, at most " + MAX_BYTES + " bytes)";
        if (text == null || text.isEmpty()) {
            throw new IpcException.InvalidArgumentException("empty POSIX name" + rule);
        }
        if (!text.startsWith("/")) {
            throw new IpcException.InvalidArgumentException("not a POSIX name: '" + text + "' has no leading slash" + rule);
        }
        if (text.length() == 1) {
            throw new IpcException.InvalidArgumentException("not a POSIX name: '/' names nothing" + rule);
        }
        if (text.indexOf('/', 1) >= 0) {
            throw new IpcException.InvalidArgumentException("not a POSIX name: '" + text + "' has a slash after the first" + rule);
        }
        if (text.indexOf('\0') >= 0) {
            throw new IpcException.InvalidArgumentException("not a POSIX name: it holds a NUL byte" + rule);
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IpcException.InvalidArgumentException("POSIX name too long: " + bytes + " bytes" + rule);
        }
    }

    /** The name without its slash: the file's name under {@code /dev/shm}. */
    public String bare() {
        return value.substring(1);
    }

    /** {@code /dev/shm/NAME}, where glibc keeps shared memory of this name. */
    public Path shmPath() {
        return DEV_SHM.resolve(bare());
    }

    /** {@code /dev/shm/sem.NAME}, where glibc keeps the named semaphore of this name. */
    public Path semaphorePath() {
        return DEV_SHM.resolve("sem." + bare());
    }

    @Override
    public String toString() {
        return value;
    }

    /**
     * What a failed {@code shm_unlink}/{@code sem_unlink} of this name means, for
     * {@code noun} ("POSIX shared memory", "named semaphore"): one table for both.
     */
    IpcException unlinkFailure(String call, int errno, String noun) {
        if (Errno.ENOENT.is(errno)) {
            return IpcException.advising(call, errno, "no " + noun + " " + this, IpcException.Advice.LIST_POSIX);
        }
        return IpcException.of(call, errno, (Errno.EACCES.is(errno) ? "permission denied removing " : "cannot remove ")
                + noun + " " + this, null);
    }
}
