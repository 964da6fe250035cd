package io.ipcsh.ipc;

import java.util.List;

/**
 * One process holding an IPC object, as {@code who} lists it.
 *
 * @param pid     the process
 * @param uid     its effective uid ({@code /proc/PID/status})
 * @param user    that uid's name, or the number
 * @param command its command line ({@code /proc/PID/cmdline}, NULs as spaces), or {@code [comm]}
 * @param ways    how it holds it, one entry per attach, mapping or descriptor:
 *                {@code SysV attach read-only}, {@code mapping of /dev/shm/jobs rw},
 *                {@code descriptor 5 (/dev/shm/jobs)}
 * @param self    true for this very process
 */
public record Holder(long pid, int uid, String user, String command, List<String> ways, boolean self) {
    public Holder {
        ways = List.copyOf(ways);
    }

    /** Reads like a row of {@code who}. */
    @Override
    public String toString() {
        return pid + " " + user + " " + String.join(", ", ways) + " " + command + (self ? " (this process)" : "");
    }
}
