package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.CarriesMessages;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * {@code send [--type N | --priority N] [--nowait] [--timeout D] [--hex] TEXT...}:
 * {@code msgsnd} with mtype N (default 1) on a SysV queue, {@code mq_timedsend} with
 * priority N (default 0) on a POSIX one. TEXT is data, so dashed words are text.
 */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = {"msgsnd / mq_timedsend: put one message on the queue; waits while it is full.",
                "TEXT is UTF-8, words joined by one space; --hex takes bytes: de ad be ef.",
                "--type N (SysV, default 1) or --priority N (POSIX, default 0, highest first).",
                "--nowait fails at once on a full queue (EAGAIN); Ctrl-C cancels the wait."})
final class SendCommand extends ShellCommand implements DataArguments {
    @ArgGroup(exclusive = true)
    Tag tag;

    static final class Tag {
        @Option(names = "--type", paramLabel = "N", converter = Numbers.Signed.class,
                description = "SysV message type, 1 or more (default: 1)")
        Long type;

        @Option(names = "--priority", paramLabel = "N", converter = Numbers.Signed.class,
                description = "POSIX priority, 0 to 32767 (default: 0)")
        Long priority;
    }

    @Option(names = "--nowait", description = "don't wait for room: a full queue fails at once (IPC_NOWAIT, O_NONBLOCK)")
    boolean nowait;

    @Mixin
    Mixins.Timeout limit;

    @Option(names = "--hex", description = "TEXT is hex bytes (de ad be ef or deadbeef)")
    boolean hex;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "the message")
    List<String> words;

    @Override
    public Integer call() {
        Duration timeout = limit.orNull();
        if (nowait && timeout != null) {
            throw new UserError("give --nowait or --timeout, not both");
        }
        Handle h = session().target();
        CarriesMessages q = h.require(CarriesMessages.class, "send");
        String given = tag == null ? null : tag.type != null ? "type" : "priority";
        if (given != null && !given.equals(q.tagName())) {
            throw new UserError(h.name() + "'s messages have a " + q.tagName() + ", not a " + given
                    + " (send --" + q.tagName() + " N)");
        }
        long n = tag == null ? q.defaultTag() : tag.type != null ? tag.type : tag.priority;
        String text = String.join(" ", words);
        byte[] bytes = hex ? ValueType.hex(text) : text.getBytes(StandardCharsets.UTF_8);
        if (nowait) {
            if (!q.trySend(n, bytes)) {
                err().println("error: would block: " + q.label() + " is full (EAGAIN; without --nowait send waits for room)");
                return FAILED;
            }
        } else if (timeout != null) {
            if (!q.send(n, bytes, timeout)) {
                err().println("error: timed out after " + io.ipcsh.cli.Numbers.format(timeout) + " waiting for room in "
                        + q.label() + " (it is full)");
                return FAILED;
            }
        } else {
            q.send(n, bytes);
        }
        if (json()) {
            out().println(Json.object().put("handle", h.name()).put("sent", bytes.length).put(q.tagName(), n));
        } else {
            out().println("sent " + bytes.length + (bytes.length == 1 ? " byte, " : " bytes, ") + q.tagName() + " " + n);
        }
        return OK;
    }
}
