package io.ipcsh.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code post [OFFSET]}: {@code sem_post}, waking one waiter in any process. */
@Command(name = "post", mixinStandardHelpOptions = true,
        description = {"sem_post: release the semaphore, waking one waiter in any process.",
                "On a semaphore set: semop +1 on member N (default 0); --undo adds SEM_UNDO",
                "(the kernel takes the 1 back when this process exits)."})
final class PostCommand extends ShellCommand implements NeverBlocks {
    @Mixin
    Mixins.SemaphoreOffset at;

    @Mixin
    Mixins.Undo undo;

    @Override
    public Integer call() {
        semaphore("post", at.where(), undo.undo()).post();
        return OK;
    }
}
