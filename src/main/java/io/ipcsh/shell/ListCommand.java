package io.ipcsh.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code list}: every segment on the host, as {@code ipcs -m} lists them
 * ({@code shmctl(SHM_INFO)}, then {@code shmctl(i, SHM_STAT_ANY)} per index), with the
 * handle this shell holds on each. Each kind contributes its rows ({@link Listing}).
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Every segment on the host, like ipcs -m, with this shell's handles.",
                "The current handle is starred. --json: one object per segment."})
final class ListCommand extends ShellCommand {
    @Option(names = "--orphans", description = "only what no process holds (nattch 0; POSIX objects nobody maps or opens),"
            + " each with the command that removes it")
    boolean orphans;

    @Override
    public Integer call() {
        if (orphans) {
            OrphanListing.print(session(), json());
            return OK;
        }
        for (Listing kind : Listing.ALL) {
            kind.print(session(), json());
        }
        return OK;
    }
}
