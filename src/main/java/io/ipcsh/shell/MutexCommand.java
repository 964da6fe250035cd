package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.Mutex;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mutex init|consistent|state [OFFSET]}: a process-shared {@code pthread_mutex_t}
 * (40 bytes, 8-aligned, x86_64 glibc) inside the memory, robust unless
 * {@code --no-robust}, the one a C program reaches as
 * {@code (pthread_mutex_t *) (addr + offset)}. {@code lock} and {@code unlock} are
 * top-level commands. Every mutex call of a session runs on the session's one mutex
 * thread ({@link MutexThread}): a mutex belongs to the OS thread that locked it.
 */
@Command(name = "mutex", mixinStandardHelpOptions = true,
        description = "pthread_mutex_t inside the memory: mutex init, mutex consistent, mutex state.",
        subcommands = {MutexCommand.Init.class, MutexCommand.Consistent.class, MutexCommand.State.class})
final class MutexCommand extends ShellCommand {
    @Override
    public Integer call() {
        throw new UserError("mutex needs one of: init consistent state (help mutex)");
    }

    /** {@code [OFFSET]}: where the mutex is, 8-aligned, 40 bytes inside; default 0. */
    static final class Offset {
        @Parameters(index = "0", arity = "0..1", paramLabel = "OFFSET", converter = Numbers.Offset.class, defaultValue = "0",
                description = "where the mutex is (default: ${DEFAULT-VALUE})")
        long offset;
    }

    /** The mutex at {@code offset} in the command's memory. */
    static Mutex mutex(ShellCommand c, String command, long offset) {
        return c.memory(command).mutex(offset);
    }

    /** Runs {@code call} on the session's mutex thread. */
    static <T> T onMutexThread(Session session, java.util.concurrent.Callable<T> call) throws Exception {
        return session.mutexThread().run(call);
    }

    /** {@code mutex init [OFFSET] [--no-robust]}: {@code pthread_mutex_init} with a process-shared attribute. */
    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"pthread_mutex_init(addr + OFFSET): a process-shared, error-checking mutex,",
                    "robust unless --no-robust. OFFSET is 8-byte aligned, 40 bytes inside."})
    static final class Init extends ShellCommand {
        @Mixin
        Offset at;

        @Option(names = "--no-robust", description = "a plain mutex: stays locked for ever if its owner dies")
        boolean noRobust;

        @Override
        public Integer call() throws Exception {
            Mutex m = mutex(this, "mutex init", at.offset);
            onMutexThread(session(), () -> m.init(!noRobust));
            return OK;
        }
    }

    /** {@code mutex consistent [OFFSET]}: {@code pthread_mutex_consistent}, after a lock found its owner dead. */
    @Command(name = "consistent", mixinStandardHelpOptions = true,
            description = {"pthread_mutex_consistent: mark a mutex taken from a dead owner as repaired.",
                    "Only its new owner (the shell that locked it) can; then unlock."})
    static final class Consistent extends ShellCommand {
        @Mixin
        Offset at;

        @Override
        public Integer call() throws Exception {
            Mutex m = mutex(this, "mutex consistent", at.offset);
            onMutexThread(session(), m::consistent);
            out().println("consistent");
            return OK;
        }
    }

    /** {@code mutex state [OFFSET]}: owner tid, locked or not, robust, consistent, read from its bytes. */
    @Command(name = "state", mixinStandardHelpOptions = true,
            description = {"The mutex's state from its bytes (glibc x86_64): owner tid, locked,",
                    "robust, consistent or not, recoverable. --json: one object."})
    static final class State extends ShellCommand {
        @Mixin
        Offset at;

        @Override
        public Integer call() throws Exception {
            Mutex m = mutex(this, "mutex state", at.offset);
            Mutex.State s = m.state();
            boolean mine = s.locked() && s.ownerTid() == session().mutexThread().tid();
            if (json()) {
                out().println(Json.object().put("offset", at.offset).put("initialised", s.processShared())
                        .put("locked", s.locked()).put("owner", s.ownerTid() == 0 ? null : s.ownerTid())
                        .put("owner_alive", s.ownerAlive()).put("this_shell", mine).put("robust", s.robust())
                        .put("consistent", s.consistent()).put("recoverable", s.recoverable())
                        .put("owner_died", s.ownerDied()));
                return OK;
            }
            String text = s.toString();
            if (mine) {
                text = text.replaceFirst("^locked by tid \\d+", "$0 (this shell)");
            }
            out().println("mutex at offset " + at.offset + ": " + text);
            return OK;
        }
    }
}
