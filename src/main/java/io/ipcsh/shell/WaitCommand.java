package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.Waitable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;

/**
 * {@code wait [OFFSET] [--timeout D]}: {@code sem_timedwait} on the semaphore at OFFSET,
 * in 100 ms slices so that Ctrl-C (a thread interrupt) cancels the wait, not the shell.
 * A timeout is a failure (status 1), so a script stops there.
 */
@Command(name = "wait", mixinStandardHelpOptions = true,
        description = {"sem_wait: take the semaphore, blocking until a post; Ctrl-C cancels.",
                "With --timeout (sem_timedwait) running out of time fails (status 1).",
                "On a semaphore set (semset): semop -1 on member N (default 0), semtimedop",
                "with --timeout; --undo adds SEM_UNDO, given back by the kernel when this",
                "process exits, even by a crash."})
final class WaitCommand extends ShellCommand {
    @Mixin
    Mixins.SemaphoreOffset at;

    @Mixin
    Mixins.Timeout limit;

    @Mixin
    Mixins.Undo undo;

    @Override
    public Integer call() {
        Duration timeout = limit.orNull();
        Waitable sem = semaphore("wait", at.where(), undo.undo());
        if (session().interactive()) {
            if (sem.tryAcquire()) {
                result("acquired", Json.object().put("acquired", true).put("label", sem.label()));
                return OK;
            }
            // About to block: say so once, with what the user needs to judge how long.
            int waiters = sem.waiters();
            err().println("waiting on " + sem.label() + ": value " + sem.value()
                    + (waiters < 0 ? "" : ", " + waiters + (waiters == 1 ? " other waiter" : " other waiters"))
                    + " (Ctrl-C cancels)");
            err().flush();
        }
        if (timeout == null) {
            sem.await();
        } else if (!sem.await(timeout)) {
            // Through the one reporter, so a script's line number goes with it.
            throw new UserError("timed out after " + io.ipcsh.cli.Numbers.format(timeout) + " waiting on " + sem.describe());
        }
        result("acquired", Json.object().put("acquired", true).put("label", sem.label()));
        return OK;
    }
}
