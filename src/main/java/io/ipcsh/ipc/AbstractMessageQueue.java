package io.ipcsh.ipc;

import java.time.Duration;
import java.util.Optional;

/**
 * What the two message queues share: each send and receive of {@link CarriesMessages}
 * comes in three waits (for ever, not at all, at most a timeout), and all three are one
 * call with a budget of nanoseconds, which each queue spends its own way: a SysV queue
 * polls with IPC_NOWAIT, a POSIX one waits in {@code mq_timedsend}/{@code mq_timedreceive}
 * slices. So a queue writes those two calls, and the six public forms live here once.
 */
abstract sealed class AbstractMessageQueue implements CarriesMessages permits MessageQueue, PosixMessageQueue {
    /** A budget: wait as long as it takes. */
    static final long FOREVER = -1;
    /** A budget: one try, no wait. */
    static final long NO_WAIT = 0;

    /**
     * Sends {@code message} with {@code tag}, waiting for room at most {@code budget}.
     *
     * @param budget nanoseconds to wait, {@link #NO_WAIT} or {@link #FOREVER}
     * @return false when the budget ran out with the queue still full
     */
    abstract boolean send(long tag, byte[] message, long budget);

    /**
     * Takes the next message {@code selector} picks, waiting for one at most {@code budget}.
     *
     * @param budget nanoseconds to wait, {@link #NO_WAIT} or {@link #FOREVER}
     * @return empty when the budget ran out with no message there
     */
    abstract Optional<Message> receive(long selector, long budget);

    @Override
    public final void send(long tag, byte[] message) {
        send(tag, message, FOREVER);
    }

    @Override
    public final boolean trySend(long tag, byte[] message) {
        return send(tag, message, NO_WAIT);
    }

    @Override
    public final boolean send(long tag, byte[] message, Duration timeout) {
        return send(tag, message, Timeouts.budget(timeout));
    }

    @Override
    public final Message receive(long selector) {
        return receive(selector, FOREVER).orElseThrow();
    }

    @Override
    public final Optional<Message> tryReceive(long selector) {
        return receive(selector, NO_WAIT);
    }

    @Override
    public final Optional<Message> receive(long selector, Duration timeout) {
        return receive(selector, Timeouts.budget(timeout));
    }
}
