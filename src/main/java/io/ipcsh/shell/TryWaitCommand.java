package io.ipcsh.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code trywait [OFFSET]}: {@code sem_trywait}. Prints {@code acquired}, or
 * {@code would block} (EAGAIN) with status 1.
 */
@Command(name = "trywait", mixinStandardHelpOptions = true,
        description = {"sem_trywait: take the semaphore if free, else say \"would block\".",
                "Prints acquired (status 0) or would block (status 1)."})
final class TryWaitCommand extends ShellCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "OFFSET", converter = Numbers.Offset.class, defaultValue = "0",
            description = "where the semaphore is (default: ${DEFAULT-VALUE})")
    long offset;

    @Override
    public Integer call() {
        if (segment().semaphore(offset).tryAcquire()) {
            out().println("acquired");
            return OK;
        }
        out().println("would block");
        return FAILED;
    }
}
