package io.ipcsh.bench;

import java.util.Arrays;
import java.util.Locale;

/** What carries the messages between the two processes. */
public enum Mechanism {
    /** Busy-polling on 64-bit counters in a System V segment. */
    SHM_SPIN("shm-spin", "busy-poll on an atomic counter in shared memory"),
    /** A {@code sem_t} in the segment, handed back and forth with {@code sem_post}/{@code sem_wait}. */
    SHM_SEM("shm-sem", "sem_post / sem_wait on a sem_t in shared memory"),
    /** As {@link #SHM_SEM}, waiting with {@code Semaphore.awaitAdaptive} (spin, then block). */
    SHM_ADAPTIVE("shm-adaptive", "sem_t with spin-then-block waits (Semaphore.awaitAdaptive)"),
    /** A pair of pipes (FIFOs in Java, {@code pipe(2)} in C). */
    PIPE("pipe", "a pair of pipes"),
    /** A Unix domain stream socket. */
    UNIX("unix", "a Unix domain stream socket"),
    /** TCP over loopback, TCP_NODELAY. */
    TCP("tcp", "TCP over 127.0.0.1 with TCP_NODELAY");

    private final String label;
    private final String description;

    Mechanism(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** The name used on the command line, in tables and in JSON, such as {@code shm-spin}. */
    public String label() {
        return label;
    }

    /** One line on how it works. */
    public String description() {
        return description;
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
