package io.ipcsh.shell;

import picocli.CommandLine.Command;

/**
 * {@code exit}: leave the shell. On the way out every handle is detached ({@code shmdt})
 * and segments this session created that still exist are named.
 */
@Command(name = "exit", aliases = "quit", mixinStandardHelpOptions = true,
        description = {"Leave: detach everything, name segments this session left behind.",
                "Ctrl-D does the same."})
final class ExitCommand extends ShellCommand implements NeverBlocks {
    @Override
    public Integer call() {
        session().requestExit();
        return OK;
    }
}
