package io.ipcsh.bench;

import java.util.Arrays;
import java.util.Locale;

/** What carries the messages between the two processes. */
public enum Mechanism {
    /** Busy-polling on 64-bit counters in a System V segment. */
    SHM_SPIN("shm-spin"),
    /** A {@code sem_t} in the segment, handed back and forth with {@code sem_post}/{@code sem_wait}. */
    SHM_SEM("shm-sem"),
    /** As {@link #SHM_SEM}, waiting with {@code Semaphore.awaitAdaptive} (spin, then block). */
    SHM_ADAPTIVE("shm-adaptive"),
    /** A pair of pipes (FIFOs in Java, {@code pipe(2)} in C). */
    PIPE("pipe"),
    /** A Unix domain stream socket. */
    UNIX("unix"),
    /** TCP over loopback, TCP_NODELAY. */
    TCP("tcp");

    private final String label;

    Mechanism(String label) {
        this.label = label;
    }

    /** The name used on the command line, in tables and in JSON, such as {@code shm-spin}. */
    public String label() {
        return label;
    }

    /** True for the three that go through the shared segment. */
    public boolean isShm() {
        return this == SHM_SPIN || this == SHM_SEM || this == SHM_ADAPTIVE;
    }

    /** The mechanism called {@code label}. */
    public static Mechanism of(String label) {
        String l = label.toLowerCase(Locale.ROOT);
        for (Mechanism m : values()) {
            if (m.label.equals(l)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mechanism: " + label + " (use one of "
                + String.join(", ", Arrays.stream(values()).map(Mechanism::label).toList()) + ")");
    }

    @Override
    public String toString() {
        return label;
    }
}
