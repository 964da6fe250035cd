package io.ipcsh.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code post [OFFSET]}: {@code sem_post}, waking one waiter in any process. */
@Command(name = "post", mixinStandardHelpOptions = true,
        description = "sem_post: release the semaphore, waking one waiter in any process.")
final class PostCommand extends ShellCommand {
    @Mixin
    Mixins.SemaphoreOffset at;

    @Override
    public Integer call() {
        semaphore("post", at.where()).post();
        return OK;
    }
}
