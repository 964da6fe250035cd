package io.ipcsh.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code post [OFFSET]}: {@code sem_post}, waking one waiter in any process. */
@Command(name = "post", mixinStandardHelpOptions = true,
        description = "sem_post: release the semaphore, waking one waiter in any process.")
final class PostCommand extends ShellCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "OFFSET", converter = Numbers.Offset.class, defaultValue = "0",
            description = "where the semaphore is (default: ${DEFAULT-VALUE})")
    long offset;

    @Override
    public Integer call() {
        segment().semaphore(offset).post();
        return OK;
    }
}
