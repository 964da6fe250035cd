package io.ipcsh.ipc;

import java.time.Duration;

/**
 * What the shell's {@code wait}, {@code trywait}, {@code post} and {@code sem value} act
 * on: one counter, wherever it lives. A {@code sem_t} in memory ({@link Semaphore}) is
 * one; a POSIX named semaphore and one member of a SysV set are the others.
 */
public interface Waitable {
    /** How messages name it: "shmid=32769 offset=64", "/jobs", "semid 5 member 2". */
    String label();

    /** How a sentence names it: "the semaphore at offset=64", "the semaphore /jobs". */
    default String describe() {
        return "the semaphore " + label();
    }

    /** Waits until it can decrement. Interruptible ({@link IpcException.InterruptedIpcException}). */
    void await();

    /**
     * Waits at most {@code timeout}. Interruptible.
     *
     * @return true if it was decremented, false if the time ran out
     */
    boolean await(Duration timeout);

    /** Decrements it if that needs no wait; false if it would block. */
    boolean tryAcquire();

    /** Increments it, waking one waiter. */
    Waitable post();

    /** Its count now. */
    int value();

    /**
     * How many are blocked waiting on it now, in any process (glibc's count for a
     * {@code sem_t}, semncnt for a SysV member), or -1 if this kind cannot tell. The
     * shell's {@code wait} says it before it blocks.
     */
    default int waiters() {
        return -1;
    }
}
