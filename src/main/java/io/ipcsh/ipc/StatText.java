package io.ipcsh.ipc;

import java.time.Instant;

/** Two small rules every stat record prints by: a time the kernel never set, and a fact not known, show as "-". */
final class StatText {
    private StatText() {
    }

    /** A kernel time field ({@code shm_atime}, {@code msg_stime}...): 0 means never, so null. */
    static Instant epoch(long epochSeconds) {
        return epochSeconds == 0 ? null : Instant.ofEpochSecond(epochSeconds);
    }

    /** {@code o} as stat prints it, "-" for null (never set, or not known). */
    static String dash(Object o) {
        return o == null ? "-" : o.toString();
    }
}
