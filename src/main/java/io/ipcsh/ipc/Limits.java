package io.ipcsh.ipc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The kernel's System V shared memory limits, as {@code ipcs -l} shows them. */
public final class Limits {
    private Limits() {
    }

    /** kernel.shmmax: the largest segment in bytes, or -1 if unknown. */
    public static long shmmax() {
        return read("shmmax");
    }

    /** kernel.shmall: all segments together, in pages, or -1 if unknown. */
    public static long shmall() {
        return read("shmall");
    }

    /** kernel.shmmni: how many segments the host may have, or -1 if unknown. */
    public static long shmmni() {
        return read("shmmni");
    }

    private static long read(String name) {
        try {
            return Long.parseUnsignedLong(Files.readString(Path.of("/proc/sys/kernel", name)).strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
