package io.ipcsh.shell;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.IpcObject;
import io.ipcsh.ipc.MessageQueue;
import io.ipcsh.ipc.MessageQueueStat;
import io.ipcsh.ipc.PosixMessageQueue;
import io.ipcsh.ipc.PosixName;
import io.ipcsh.ipc.PosixQueueStat;
import io.ipcsh.ipc.Segment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code queue [KEY | /NAME] [--create | --new] [--mode 0600] [--max-messages N]
 * [--message-size N] [--as NAME]} and {@code queue --id MSQID}: a SysV queue
 * ({@code msgget}) for a key, a POSIX queue ({@code mq_open}) for a {@code /NAME}. The new
 * handle carries messages (send, receive) and becomes current.
 */
@Command(name = "queue", mixinStandardHelpOptions = true,
        description = {"A message queue: msgget for a KEY (SysV), mq_open for a /NAME (POSIX).",
                "Without either: the current key. --max-messages and --message-size are",
                "the mq_attr of a new POSIX queue (default 10 x 8192, /proc/sys/fs/mqueue).",
                "send and receive then use it; destroy is IPC_RMID or mq_unlink."})
final class QueueCommand extends ShellCommand implements NeverBlocks {
    @Parameters(index = "0", arity = "0..1", paramLabel = "KEY | /NAME",
            description = "0x hex, decimal or private for SysV; /NAME for POSIX (default: the current key)")
    String target;

    @Option(names = "--id", paramLabel = "MSQID", converter = Numbers.NonNegative.class,
            description = "open the SysV queue with this id (as list or ipcs -q show it)")
    Integer id;

    @Mixin
    Mixins.Creation creation;

    @Option(names = "--max-messages", paramLabel = "N", converter = Numbers.Count.class,
            description = "mq_maxmsg of a new POSIX queue")
    Integer maxMessages;

    @Option(names = "--message-size", paramLabel = "N", converter = Numbers.Size.class,
            description = "mq_msgsize of a new POSIX queue: bytes, or 1k, 8k")
    Long messageSize;

    @Mixin
    Mixins.As as;

    @Override
    public Integer call() {
        String name = as.name(session());
        boolean creating = creation.creating();
        Segment.Creation how = creation.how();
        boolean posix = PosixName.looksLikeOne(target);
        if (!posix && (maxMessages != null || messageSize != null)) {
            throw new UserError("--max-messages and --message-size size a POSIX queue (queue /NAME); a SysV queue holds"
                    + " up to its qbytes (kernel.msgmnb)");
        }
        IpcObject q;
        boolean created;
        String line;
        io.ipcsh.ipc.IpcStat stat;
        if (id != null) {
            if (target != null || creating) {
                throw new UserError("--id opens an existing SysV queue: it takes no KEY, /NAME, --create or --new");
            }
            MessageQueue m = MessageQueue.open(id);
            q = m;
            created = false;
            MessageQueueStat st = m.stat();
            stat = st;
            line = describe(st);
        } else if (posix) {
            if (!creating && (maxMessages != null || messageSize != null)) {
                throw new UserError("--max-messages and --message-size size a new queue: add --create or --new");
            }
            if (messageSize != null && messageSize == 0) {
                throw new UserError("--message-size must be at least 1: size=0");
            }
            PosixMessageQueue p = PosixMessageQueue.open(target, how, creating ? creation.mode() : 0,
                    maxMessages == null ? 0 : maxMessages, messageSize == null ? 0 : messageSize);
            q = p;
            created = p.created();
            try {
                PosixQueueStat st = p.stat();
                stat = st;
                line = describe(st);
            } catch (RuntimeException e) {
                p.detach();
                throw e;
            }
        } else {
            IpcKey k = target != null ? IpcKey.parse(target) : session().currentKey();
            if (k == null) {
                throw new UserError("no key: give one (queue 0x1234, queue /NAME), or choose one first (key PATH, key private)");
            }
            if (!creating && k.isPrivate()) {
                throw new UserError("a private key always makes a new queue: add --new, or queue --id MSQID");
            }
            MessageQueue m = MessageQueue.get(k, how, creating ? creation.mode() : 0);
            q = m;
            created = m.created();
            // Without read permission this IPC_STAT is where EACCES shows: then there is no handle.
            MessageQueueStat st = m.stat();
            stat = st;
            line = describe(st);
        }
        if (created && (creation.mode() & 022) != 0) {
            err().println("warning: mode " + String.format("%04o", creation.mode())
                    + " lets other users write to this queue" + ((creation.mode() & 002) != 0 ? " (world-writable)" : ""));
        }
        Handle h = session().add(q, name, created);
        if (json()) {
            out().println(StatCommand.json(stat, h.name()).put("created", created));
        } else {
            out().println(h.name() + ": " + line + (created ? " (created)" : ""));
        }
        return OK;
    }

    /** {@code SysV message queue key 0x4100c1ab msqid 5 mode 0600 messages 0 qbytes 16384}. */
    static String describe(MessageQueueStat s) {
        return "SysV message queue key " + s.key().hex() + " msqid " + s.msqid() + " mode " + s.modeOctal()
                + " messages " + s.qnum() + " qbytes " + s.qbytes();
    }

    /** {@code POSIX message queue /jobs mode 0600 maxmsg 10 msgsize 8192 messages 0}. */
    static String describe(PosixQueueStat s) {
        return "POSIX message queue " + s.name() + " mode " + s.modeOctal() + " maxmsg " + s.maxmsg() + " msgsize " + s.msgsize()
                + " messages " + s.curmsgs();
    }
}
