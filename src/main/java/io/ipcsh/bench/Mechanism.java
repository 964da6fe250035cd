package io.ipcsh.bench;

import java.util.Arrays;
import java.util.Locale;

/** What carries the messages between the two processes. */
public enum Mechanism {
    /** Busy-polling on 64-bit counters in a System V segment. */
    SHM_SPIN("shm-spin", ShmTransport.INSTANCE),
    /** A {@code sem_t} in the segment, handed back and forth with {@code sem_post}/{@code sem_wait}. */
    SHM_SEM("shm-sem", ShmTransport.INSTANCE),
    /** As {@link #SHM_SEM}, waiting with {@code Semaphore.awaitAdaptive} (spin, then block). */
    SHM_ADAPTIVE("shm-adaptive", ShmTransport.INSTANCE),
    /** A pair of pipes: two FIFOs in a temporary directory, in Java and in C alike. */
    PIPE("pipe", StreamTransport.INSTANCE),
    /** A Unix domain stream socket. */
    UNIX("unix", StreamTransport.INSTANCE),
    /** TCP over loopback, TCP_NODELAY. */
    TCP("tcp", StreamTransport.INSTANCE);

    private final String label;
    private final Transport transport;

    Mechanism(String label, Transport transport) {
        this.label = label;
        this.transport = transport;
    }

    /** How the two Java processes reach each other for this mechanism. */
    Transport transport() {
        return transport;
    }

    /** The name used on the command line, in tables and in JSON, such as {@code shm-spin}. */
    public String label() {
        return label;
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
