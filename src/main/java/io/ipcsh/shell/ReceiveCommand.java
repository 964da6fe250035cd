package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.CarriesMessages;
import io.ipcsh.ipc.Message;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code receive [--type N] [--nowait] [--timeout D] [--hex]}: {@code msgrcv} (type 0
 * any, N exactly N, -N the lowest type up to N) or {@code mq_timedreceive} (the highest
 * priority first). Prints {@code type 2: first} or {@code priority 9: urgent}.
 */
@Command(name = "receive", mixinStandardHelpOptions = true,
        description = {"msgrcv / mq_timedreceive: take one message; waits while there is none.",
                "Prints its type or priority and the text: type 2: first, priority 9: urgent.",
                "SysV --type: 0 any, N exactly N, -N the lowest type up to N. --hex prints bytes.",
                "--nowait fails at once on an empty queue; Ctrl-C cancels the wait."})
final class ReceiveCommand extends ShellCommand {
    @Option(names = "--type", paramLabel = "N", converter = Numbers.Signed.class,
            description = "SysV: 0 any (default), N type N, -N lowest type up to N")
    Long type;

    @Option(names = "--nowait", description = "don't wait: an empty queue fails at once (IPC_NOWAIT, O_NONBLOCK)")
    boolean nowait;

    @Mixin
    Mixins.Timeout limit;

    @Option(names = "--hex", description = "print the message as hex bytes")
    boolean hex;

    @Override
    public Integer call() {
        Duration timeout = limit.orNull();
        if (nowait && timeout != null) {
            throw new UserError("give --nowait or --timeout, not both");
        }
        Handle h = session().target();
        CarriesMessages q = h.require(CarriesMessages.class, "receive");
        if (type != null && type != 0 && !q.tagName().equals("type")) {
            throw new UserError(h.name() + "'s messages have a " + q.tagName() + ", not a type: the highest "
                    + q.tagName() + " comes first (receive takes no --type)");
        }
        long selector = type == null ? 0 : type;
        Optional<Message> got;
        if (nowait) {
            got = q.tryReceive(selector);
            if (got.isEmpty()) {
                err().println("error: would block: no message" + (selector == 0 ? "" : " of type " + typeWords(selector))
                        + " in " + q.label() + " (" + (q.tagName().equals("type") ? "ENOMSG" : "EAGAIN")
                        + "; without --nowait receive waits for one)");
                return FAILED;
            }
        } else if (timeout != null) {
            got = q.receive(selector, timeout);
            if (got.isEmpty()) {
                err().println("error: timed out after " + io.ipcsh.cli.Numbers.format(timeout) + " waiting for a message"
                        + (selector == 0 ? "" : " of type " + typeWords(selector)) + " in " + q.label());
                return FAILED;
            }
        } else {
            got = Optional.of(q.receive(selector));
        }
        Message m = got.get();
        if (json()) {
            Json j = Json.object().put("handle", h.name()).put(m.tagName(), m.tag()).put("size", m.size());
            out().println(hex ? j.put("hex", m.hex()) : j.put("text", m.text()));
        } else {
            out().println(m.tagName() + " " + m.tag() + ": " + (hex ? m.hex() : m.printable()));
        }
        return OK;
    }

    private static String typeWords(long selector) {
        return selector > 0 ? Long.toString(selector) : "1 to " + (selector == Long.MIN_VALUE ? "2^63" : Long.toString(-selector));
    }
}
