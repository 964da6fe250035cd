package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.Mutex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code unlock [OFFSET]}: {@code pthread_mutex_unlock} on the session's mutex thread,
 * the one that locked it. Unlocking a mutex taken from a dead owner without
 * {@code mutex consistent} makes it not recoverable (ENOTRECOVERABLE), as glibc does:
 * the line says so.
 */
@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = {"pthread_mutex_unlock on the mutex at OFFSET that this shell locked.",
                "Without mutex consistent after an owner died, it becomes not recoverable."})
final class UnlockCommand extends ShellCommand {
    @Mixin
    MutexCommand.Offset at;

    @Override
    public Integer call() throws Exception {
        Mutex m = MutexCommand.mutex(this, "unlock", at.offset);
        boolean ruined = MutexCommand.onMutexThread(session(), m::unlock);
        if (json()) {
            out().println(Json.object().put("unlocked", true).put("offset", at.offset).put("recoverable", !ruined));
        } else {
            out().println(ruined ? "unlocked, but it was not made consistent: the mutex is now not recoverable"
                    + " (ENOTRECOVERABLE: every lock fails until mutex init)" : "unlocked");
        }
        return OK;
    }
}
