package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code trywait [OFFSET]}: {@code sem_trywait}. Prints {@code acquired}, or
 * {@code would block} (EAGAIN) with status 1.
 */
@Command(name = "trywait", mixinStandardHelpOptions = true,
        description = {"sem_trywait: take the semaphore if free, else say \"would block\".",
                "Prints acquired (status 0) or would block (status 1).",
                "On a semaphore set: semop -1|IPC_NOWAIT on member N (default 0); --undo adds SEM_UNDO."})
final class TryWaitCommand extends ShellCommand implements NeverBlocks {
    @Mixin
    Mixins.SemaphoreOffset at;

    @Mixin
    Mixins.Undo undo;

    @Override
    public Integer call() {
        if (semaphore("trywait", at.where(), undo.undo()).tryAcquire()) {
            result("acquired", Json.object().put("acquired", true));
            return OK;
        }
        result("would block", Json.object().put("acquired", false).put("would_block", true));
        return FAILED;
    }
}
