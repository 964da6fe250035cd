package io.ipcsh.ipc;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A capability: the object carries whole messages between processes, each with a number
 * the kernel keeps beside it. On a SysV queue that number is the message's type
 * ({@code mtype}, 1 or more), which a receiver may choose by; on a POSIX queue it is its
 * priority (0 or more), and the highest comes out first. {@link #tagName()} says which.
 *
 * <p>Each call comes in three waits: blocking (interruptible: {@link Thread#interrupt()}
 * ends it with {@link IpcException.InterruptedIpcException}), not at all ({@code try...},
 * false or empty instead of EAGAIN/ENOMSG), and at most a timeout.
 *
 * <p>The shell's send and receive need it.
 */
public interface CarriesMessages {
    /** How messages name the queue: "msqid 5", "/jobs". */
    String label();

    /** "type" (SysV mtype) or "priority" (POSIX): what {@link Message#tag()} means here. */
    String tagName();

    /** The tag a message gets when none is given: type 1, priority 0. */
    long defaultTag();

    /** The longest message it takes, in bytes (MSGMAX, or the queue's mq_msgsize). */
    long maxMessageSize();

    /** Sends {@code message} with {@code tag}, blocking while the queue is full. */
    void send(long tag, byte[] message);

    /** Sends if there is room now. @return false if the queue is full (EAGAIN) */
    boolean trySend(long tag, byte[] message);

    /** Sends, waiting at most {@code timeout} for room. @return false if the time ran out */
    boolean send(long tag, byte[] message, Duration timeout);

    /**
     * Takes the next message, blocking while there is none. {@code selector} is a SysV
     * msgrcv type: 0 the first of any type, N the first of type N, -N the first of the
     * lowest type up to N. A POSIX queue takes only 0 (its order is by priority).
     */
    Message receive(long selector);

    /** Takes a message if one is there now; empty if none (ENOMSG, EAGAIN). */
    Optional<Message> tryReceive(long selector);

    /** Takes a message, waiting at most {@code timeout}; empty if the time ran out. */
    Optional<Message> receive(long selector, Duration timeout);

    /** {@link #send(long, byte[])} of {@code text} in UTF-8. */
    default void send(long tag, String text) {
        send(tag, text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #send(long, byte[])} of {@code text} in UTF-8 with the {@link #defaultTag()}. */
    default void send(String text) {
        send(defaultTag(), text);
    }

    /** {@link #receive(long)} of any message. */
    default Message receive() {
        return receive(0);
    }
}
