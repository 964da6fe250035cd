package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.cli.Numbers;
import io.ipcsh.ipc.Mutex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;

/**
 * {@code lock [OFFSET] [--timeout D]}: {@code pthread_mutex_timedlock} on the mutex at
 * OFFSET, in 100 ms slices so that Ctrl-C cancels it, on the session's mutex thread
 * (which then owns it). When the previous owner died holding a robust mutex, the lock
 * succeeds (status 0) and says so: the data it guarded may be half-written, and the
 * mutex stays inconsistent until {@code mutex consistent}. A timeout is a failure.
 */
@Command(name = "lock", mixinStandardHelpOptions = true,
        description = {"pthread_mutex_lock on the mutex at OFFSET; Ctrl-C cancels; this shell owns it.",
                "Says so when its previous owner died holding it (EOWNERDEAD): repair the data,",
                "then mutex consistent. With --timeout running out of time fails (status 1)."})
final class LockCommand extends ShellCommand {
    @Mixin
    MutexCommand.Offset at;

    @Mixin
    Mixins.Timeout limit;

    @Override
    public Integer call() throws Exception {
        Duration timeout = limit.orNull();
        Mutex m = MutexCommand.mutex(this, "lock", at.offset);
        Mutex.Acquired a = MutexCommand.onMutexThread(session(), () -> m.lock(timeout));
        if (!a.acquired()) {
            Mutex.State s = m.state();
            String holder = a.previousOwner() == 0 ? "" : " held by tid " + a.previousOwner()
                    + (s.ownerAlive() ? "" : s.robust() ? "" : ", which no longer exists: a mutex that is not robust"
                    + " stays locked for ever when its owner dies (mutex init makes a robust one)");
            throw new UserError("timed out after " + Numbers.format(timeout) + " locking the mutex at offset=" + at.offset + holder);
        }
        int tid = session().mutexThread().tid();
        if (json()) {
            out().println(Json.object().put("locked", true).put("offset", at.offset).put("tid", tid)
                    .put("owner_died", a.ownerDied()).put("previous_owner", a.ownerDied() ? a.previousOwner() : null));
        } else if (a.ownerDied()) {
            out().println("locked; the previous owner (tid " + a.previousOwner() + ") died holding it; the data may be"
                    + " half-written (check it, then mutex consistent; unlock without it makes the mutex unusable)");
        } else {
            out().println("locked");
        }
        return OK;
    }
}
