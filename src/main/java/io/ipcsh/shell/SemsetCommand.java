package io.ipcsh.shell;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import io.ipcsh.ipc.SemaphoreSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code semset [KEY] [--count N] [--create | --new] [--mode 0600] [--as NAME]} and
 * {@code semset --id SEMID}: {@code semget(key, nsems, flags | mode)}, then IPC_STAT for
 * the size. The new handle becomes current; {@code wait N}, {@code post N}, {@code semop},
 * {@code sem value|setval|setall} and {@code stat} act on it.
 */
@Command(name = "semset", mixinStandardHelpOptions = true,
        description = {"semget: open a System V semaphore set; the new handle becomes current.",
                "Without KEY: the current key. --count is nsems for a new set (default 1);",
                "an existing set's comes from IPC_STAT. Then: wait N, post N, semop 0:-1 1:+1,",
                "sem value N, sem setval N V, sem setall V..., stat, destroy.",
                "Why SysV sets next to sem_t: wait --undo (SEM_UNDO) is recorded by the kernel",
                "and reversed when this process exits, even by SIGKILL, so a crashed holder",
                "gives its count back. A sem_t in shared memory stays taken for ever."})
final class SemsetCommand extends ShellCommand implements NeverBlocks {
    @Parameters(index = "0", arity = "0..1", paramLabel = "KEY",
            description = "0x hex, decimal or private (default: the current key)")
    String key;

    @Option(names = "--id", paramLabel = "SEMID", converter = Numbers.NonNegative.class,
            description = "open the set with this id (as list or ipcs -s show it)")
    Integer id;

    @Option(names = "--count", paramLabel = "N", converter = Numbers.Count.class,
            description = "members of a new set (nsems, default 1)")
    Integer count;

    @Mixin
    Mixins.Creation creation;

    @Mixin
    Mixins.As as;

    @Override
    public Integer call() {
        String name = as.name(session());
        boolean creating = creation.creating();
        int mode = creation.mode();
        SemaphoreSet set;
        if (id != null) {
            if (key != null || creating || count != null) {
                throw new UserError("--id opens an existing set: it takes no KEY, --count, --create or --new");
            }
            set = SemaphoreSet.open(id);
        } else {
            IpcKey k = key != null ? IpcKey.parse(key) : session().currentKey();
            if (k == null) {
                throw new UserError("no key: give one (semset 0x1234), or choose one first (key PATH, key private)");
            }
            if (!creating && k.isPrivate()) {
                throw new UserError("a private key always makes a new set: add --new (and --count N), or use semset --id SEMID");
            }
            Segment.Creation how = creation.how();
            set = SemaphoreSet.get(k, count == null ? (creating ? 1 : 0) : count, how, creating ? mode : 0);
            if (set.created() && (mode & 022) != 0) {
                err().println("warning: mode " + String.format("%04o", mode)
                        + " lets other users change this semaphore set" + ((mode & 002) != 0 ? " (world-writable)" : ""));
            }
        }
        var stat = set.stat();
        Handle h = session().add(set, name, set.created());
        out().println(h.name() + ": semaphore set key " + stat.key().hex() + " semid " + set.semid() + " nsems " + stat.nsems()
                + " mode " + stat.modeOctal() + (set.created() ? " (created)" : ""));
        return OK;
    }
}
