package io.ipcsh.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code list [--memory] [--semaphores] [--queues] [--sysv] [--posix] [--orphans]}: every IPC object on
 * the host, one table per kind ({@link Listing}), with the handle this shell holds on each.
 * SysV memory is listed as {@code ipcs -m} does ({@code shmctl(SHM_INFO)}, then
 * {@code shmctl(i, SHM_STAT_ANY)} per index); POSIX objects from the files in /dev/shm.
 * The kind filters add up (none: every kind), and so do {@code --sysv}/{@code --posix}.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Every IPC object on the host, one table per kind, with this shell's handles.",
                "SysV segments as ipcs -m, with lsipc's cpid, lpid and creator command;",
                "POSIX shared memory and named semaphores from /dev/shm.",
                "Filters add up: --memory --semaphores --queues pick kinds, --sysv --posix families.",
                "--orphans: what no process holds. Every handle on an object is named (h1,h2*),",
                "the current one starred. --json: one object per line."})
final class ListCommand extends ShellCommand implements NeverBlocks {
    @Option(names = "--orphans", description = "only what no process holds (nattch 0; POSIX objects nobody maps or opens),"
            + " each with the command that removes it")
    boolean orphans;

    @Option(names = "--memory", description = "shared memory only (SysV segments, POSIX shm)")
    boolean memory;

    @Option(names = "--semaphores", description = "semaphores only (SysV sets, POSIX named semaphores)")
    boolean semaphores;

    @Option(names = "--queues", description = "message queues only (SysV, POSIX)")
    boolean queues;

    @Option(names = "--sysv", description = "System V objects only (keys and ids)")
    boolean sysv;

    @Option(names = "--posix", description = "POSIX objects only (/NAME)")
    boolean posix;

    @Override
    public Integer call() {
        if (orphans) {
            OrphanListing.print(session(), json());
            return OK;
        }
        List<Listing> chosen = new ArrayList<>();
        for (Listing kind : Listing.ALL) {
            if (selected(kind)) {
                chosen.add(kind);
            }
        }
        for (int i = 0; i < chosen.size(); i++) {
            if (i > 0 && !json()) {
                out().println();
            }
            chosen.get(i).print(session(), json());
        }
        return OK;
    }

    private boolean selected(Listing kind) {
        boolean anyFamily = memory || semaphores || queues;
        boolean family = !anyFamily || switch (kind.family()) {
            case MEMORY -> memory;
            case SEMAPHORES -> semaphores;
            case QUEUES -> queues;
        };
        boolean standard = sysv == posix || (posix ? kind.posix() : !kind.posix());
        return family && standard;
    }
}
