package io.ipcsh.shell;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sem init|value|destroy [OFFSET]}: a process-shared POSIX semaphore
 * ({@code sem_t}, 32 bytes, 8-aligned) inside the segment, the one a C program reaches
 * as {@code (sem_t *) (addr + offset)}. {@code wait}, {@code trywait} and {@code post}
 * are top-level commands of their own.
 */
@Command(name = "sem", mixinStandardHelpOptions = true,
        description = "sem_t inside the segment: sem init, sem value, sem destroy.",
        subcommands = {SemCommand.Init.class, SemCommand.Value.class, SemCommand.Destroy.class})
final class SemCommand extends ShellCommand {
    @Override
    public Integer call() {
        throw new UserError("sem needs one of: init value destroy (help sem)");
    }

    /** {@code sem init [OFFSET] [VALUE]}: {@code sem_init(addr + offset, 1, value)}. */
    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"sem_init(addr + OFFSET, 1, VALUE): make a process-shared semaphore there.",
                    "OFFSET is 8-byte aligned and leaves 32 bytes inside the segment."})
    static final class Init extends ShellCommand {
        @Mixin
        Mixins.SemaphoreOffset at;

        @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", converter = Numbers.NonNegative.class, defaultValue = "1",
                description = "initial count (default: ${DEFAULT-VALUE})")
        int value;

        @Option(names = "--force", description = "even over counted waiters (only if they were killed)")
        boolean force;

        @Override
        public Integer call() {
            var sem = memory("sem init").semaphore(at.offset());
            if (force) {
                sem.forceInit(value);
            } else {
                sem.init(value);
            }
            return OK;
        }
    }

    /** {@code sem value [OFFSET]}: {@code sem_getvalue}. */
    @Command(name = "value", mixinStandardHelpOptions = true,
            description = "sem_getvalue: print the semaphore's count (0 while others wait, on Linux).")
    static final class Value extends ShellCommand {
        @Mixin
        Mixins.SemaphoreOffset at;

        @Override
        public Integer call() {
            out().println(semaphore("sem value", at.where()).value());
            return OK;
        }
    }

    /** {@code sem destroy [OFFSET]}: {@code sem_destroy}. */
    @Command(name = "destroy", mixinStandardHelpOptions = true,
            description = "sem_destroy: end the semaphore (never while others wait on it).")
    static final class Destroy extends ShellCommand {
        @Mixin
        Mixins.SemaphoreOffset at;

        @Option(names = "--force", description = "even over counted waiters (only if they were killed)")
        boolean force;

        @Override
        public Integer call() {
            var sem = memory("sem destroy").semaphore(at.offset());
            if (force) {
                sem.forceDestroy();
            } else {
                sem.destroy();
            }
            return OK;
        }
    }
}
