package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Ipc;

import java.nio.file.Path;

/**
 * A System V IPC key ({@code key_t}): what two processes agree on to find the same
 * segment. Made by {@link #ftok}, from a number, or {@link #PRIVATE}.
 */
public final class IpcKey {
    /** IPC_PRIVATE: {@code shmget} always makes a new segment only reachable by id. */
    public static final IpcKey PRIVATE = new IpcKey(Ipc.IPC_PRIVATE);

    private final int value;

    private IpcKey(int value) {
        this.value = value;
    }

    /** The key with this {@code key_t} value; 0 is {@link #PRIVATE}. */
    public static IpcKey of(int value) {
        return value == Ipc.IPC_PRIVATE ? PRIVATE : new IpcKey(value);
    }

    /**
     * {@code ftok(path, projId)}: the key C programs derive from an existing file.
     *
     * @param projId 1 to 255 (only the low 8 bits are used by ftok; 0 is refused as in C)
     */
    public static IpcKey ftok(Path path, int projId) {
        if (projId < 1 || projId > 255) {
            throw new IpcException.InvalidArgumentException(
                    "project id out of range: proj=" + projId + " (use 1-255 or one character)");
        }
        String name = path.toString();
        int key = Ipc.ftok(name, projId);
        if (key == -1) {
            int errno = Errno.last();
            // ftok stats the file: ENOENT and the rest are the file's errors, not an IPC object's.
            throw Errno.ENOENT.is(errno)
                    ? IpcException.advising("ftok", errno, "cannot make a key from " + name, IpcException.Advice.FILE_MUST_EXIST)
                    : IpcException.of("ftok", errno, "cannot make a key from " + name, null);
        }
        return of(key);
    }

    /**
     * Reads {@code 0x4100c1ab}, decimal {@code 1090568619} (negative allowed, as key_t is
     * signed), or {@code private}.
     */
    public static IpcKey parse(String text) {
        String t = text.strip();
        if (t.equalsIgnoreCase("private") || t.equals("IPC_PRIVATE")) {
            return PRIVATE;
        }
        try {
            long v;
            if (t.startsWith("0x") || t.startsWith("0X")) {
                v = Long.parseUnsignedLong(t.substring(2), 16);
            } else {
                v = Long.parseLong(t);
            }
            if (v < Integer.MIN_VALUE || v > 0xffffffffL) {
                throw new NumberFormatException();
            }
            return of((int) v);
        } catch (NumberFormatException e) {
            throw new IpcException.InvalidArgumentException(
                    "not a key: '" + text + "' (use 0x hex, decimal, private, or key PATH)");
        }
    }

    /** The {@code key_t} value. */
    public int value() {
        return value;
    }

    /** True for IPC_PRIVATE. */
    public boolean isPrivate() {
        return value == Ipc.IPC_PRIVATE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpcKey k && k.value == value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    /** {@code 0x4100c1ab} as ipcs prints it, or {@code IPC_PRIVATE}. */
    @Override
    public String toString() {
        return isPrivate() ? "IPC_PRIVATE" : hex();
    }

    /**
     * How a handle, the prompt and an object's description name the key: {@code private}
     * (what a user types for it) or the hex form.
     */
    public String shortName() {
        return isPrivate() ? "private" : hex();
    }

    /** Always the 8-digit hex form, {@code 0x00000000} for IPC_PRIVATE. */
    public String hex() {
        return String.format("0x%08x", value);
    }
}
