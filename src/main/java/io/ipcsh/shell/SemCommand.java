package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.NamedSemaphore;
import io.ipcsh.ipc.NamedSemaphoreStat;
import io.ipcsh.ipc.PosixName;
import io.ipcsh.ipc.Segment;

import io.ipcsh.ipc.SemaphoreSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;

/**
 * {@code sem init|value|destroy [OFFSET]}: a process-shared POSIX semaphore
 * ({@code sem_t}, 32 bytes, 8-aligned) inside the segment, the one a C program reaches
 * as {@code (sem_t *) (addr + offset)}; and {@code sem open /NAME}, a POSIX named
 * semaphore. {@code wait}, {@code trywait} and {@code post} are top-level commands of their own.
 */
@Command(name = "sem", mixinStandardHelpOptions = true,
        description = {"sem_t inside the segment: sem init, sem value, sem destroy.",
                "sem open /NAME: a POSIX named semaphore (sem_open).",
                "On a semaphore set (semset): sem value N, sem setval N VALUE, sem setall V..."},
        subcommands = {SemCommand.Init.class, SemCommand.Value.class, SemCommand.Destroy.class, SemCommand.Open.class,
                SemCommand.SetVal.class, SemCommand.SetAll.class})
final class SemCommand extends ShellCommand {
    @Override
    public Integer call() {
        throw new UserError("sem needs one of: init value destroy open setval setall (help sem)");
    }

    /** {@code sem init [OFFSET] [VALUE]}: {@code sem_init(addr + offset, 1, value)}. */
    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"sem_init(addr + OFFSET, 1, VALUE): make a process-shared semaphore there.",
                    "OFFSET is 8-byte aligned and leaves 32 bytes inside the segment."})
    static final class Init extends ShellCommand implements NeverBlocks {
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

    /**
     * {@code sem open /NAME [--create | --new] [--value N] [--mode 0600] [--as NAME]}:
     * {@code sem_open}. The handle is the semaphore: wait, trywait, post and sem value on it
     * take no OFFSET.
     */
    @Command(name = "open", mixinStandardHelpOptions = true,
            description = {"sem_open: open a POSIX named semaphore (/dev/shm/sem.NAME); the handle becomes current.",
                    "wait, trywait, post and sem value on it take no OFFSET; detach = sem_close, destroy = sem_unlink."})
    static final class Open extends ShellCommand implements NeverBlocks {
        @Parameters(index = "0", paramLabel = "/NAME", description = "the semaphore's name: one leading slash, no other")
        String name;

        @Mixin
        Mixins.Creation creation;

        @Option(names = "--value", paramLabel = "N", converter = Numbers.NonNegative.class, defaultValue = "0",
                description = "initial count when it creates (default: ${DEFAULT-VALUE})")
        int value;

        @Mixin
        Mixins.As as;

        @Override
        public Integer call() {
            String handleName = as.name(session());
            PosixName posix = PosixName.of(name);
            boolean creating = creation.creating();
            if (!creating && spec.commandLine().getParseResult().hasMatchedOption("--value")) {
                throw new UserError("--value sets the count of a new semaphore: add --create or --new");
            }
            Segment.Creation how = creation.how();
            NamedSemaphore sem = NamedSemaphore.open(posix, how, creating ? creation.mode() : 0, creating ? value : 0);
            if (sem.created()) {
                AttachCommand.warnIfOthersMayWrite(err(), creation.mode(), posix.value());
            }
            NamedSemaphoreStat stat;
            try {
                stat = sem.stat();
            } catch (RuntimeException e) {
                sem.detach();
                throw e;
            }
            Handle h = session().add(sem, handleName, sem.created());
            result(h.name() + ": named semaphore " + posix + " value " + stat.value() + " mode " + stat.modeOctal()
                    + " holders " + stat.nattch() + (h.created() ? " (created)" : ""),
                    Json.object().put("handle", h.name()).put("name", posix.value()).put("value", stat.value())
                            .put("mode", stat.modeOctal()).put("holders", stat.nattch()).put("created", h.created()));
            return OK;
        }
    }

    /** {@code sem value [OFFSET]}: {@code sem_getvalue}. */
    @Command(name = "value", mixinStandardHelpOptions = true,
            description = {"sem_getvalue: print the semaphore's count (0 while others wait, on Linux).",
                    "On a semaphore set: semctl GETVAL of member N (default 0)."})
    static final class Value extends ShellCommand implements NeverBlocks {
        @Mixin
        Mixins.SemaphoreOffset at;

        @Override
        public Integer call() {
            var sem = semaphore("sem value", at.where());
            int value = sem.value();
            result(Integer.toString(value), Json.object().put("label", sem.label()).put("value", value));
            return OK;
        }
    }

    /** {@code sem destroy [OFFSET]}: {@code sem_destroy}. */
    @Command(name = "destroy", mixinStandardHelpOptions = true,
            description = "sem_destroy: end the semaphore (never while others wait on it).")
    static final class Destroy extends ShellCommand implements NeverBlocks {
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

    /** {@code sem setval N VALUE}: {@code semctl(semid, N, SETVAL, VALUE)} on a semaphore set. */
    @Command(name = "setval", mixinStandardHelpOptions = true,
            description = {"semctl SETVAL: set member N of the semaphore set to VALUE (0 to 32767).",
                    "Wakes waiters it satisfies and clears every process's SEM_UNDO for it."})
    static final class SetVal extends ShellCommand implements NeverBlocks {
        @Parameters(index = "0", paramLabel = "N", converter = Numbers.NonNegative.class, description = "the member")
        int member;

        @Parameters(index = "1", paramLabel = "VALUE", converter = Numbers.NonNegative.class,
                description = "0 to SEMVMX (32767)")
        int value;

        @Override
        public Integer call() {
            session().require(SemaphoreSet.class, "sem setval").setValue(member, value);
            return OK;
        }
    }

    /** {@code sem setall V...}: {@code semctl(semid, 0, SETALL, values)}, one value per member. */
    @Command(name = "setall", mixinStandardHelpOptions = true,
            description = "semctl SETALL: set every member of the semaphore set at once, one VALUE each.")
    static final class SetAll extends ShellCommand implements NeverBlocks {
        @Parameters(index = "0", arity = "1..*", paramLabel = "VALUE", converter = Numbers.NonNegative.class,
                description = "0 to SEMVMX (32767), one per member")
        List<Integer> values;

        @Override
        public Integer call() {
            session().require(SemaphoreSet.class, "sem setall").setAll(values.stream().mapToInt(Integer::intValue).toArray());
            return OK;
        }
    }
}
