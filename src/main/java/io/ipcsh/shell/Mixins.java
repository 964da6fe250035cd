package io.ipcsh.shell;

import io.ipcsh.ipc.Segment;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The option groups several commands share, each declared once as a picocli mixin. A
 * command takes one with {@code @Mixin Mixins.Timeout timeout;} at the place its options
 * would stand (the shell lists options in declaration order), then reads the group's
 * accessors. Positional mixins take index 0: put them before the command's own
 * positionals, which start at index 1.
 *
 * <p>They are written for every kind of object: {@link Creation} and {@link As} fit
 * {@code attach}, {@code sem open}, {@code semset} and {@code queue}; {@link Timeout} fits
 * every blocking call ({@code wait}, {@code send}, {@code receive}, {@code lock}).
 */
final class Mixins {
    private Mixins() {
    }

    /** {@code [OFFSET]}: where a {@code sem_t} is in the memory; 0 (the seed's place) by default. */
    static final class SemaphoreOffset {
        @Parameters(index = "0", arity = "0..1", paramLabel = "OFFSET", converter = Numbers.Offset.class, defaultValue = "0",
                description = "where the semaphore is (default: ${DEFAULT-VALUE})")
        long offset;

        @Spec(Spec.Target.MIXEE)
        CommandSpec mixee;

        long offset() {
            return offset;
        }

        /**
         * The OFFSET as typed, or empty when it was left out: what
         * {@link io.ipcsh.ipc.HasSemaphores#semaphore(OptionalLong)} takes, so that a kind
         * with one counter (a named semaphore) can refuse an OFFSET it has no use for, and
         * memory takes its default 0.
         */
        OptionalLong where() {
            ParseResult parsed = mixee == null || mixee.commandLine() == null ? null : mixee.commandLine().getParseResult();
            return parsed == null || parsed.hasMatchedPositional(0) ? OptionalLong.of(offset) : OptionalLong.empty();
        }
    }

    /** {@code OFFSET}: a byte offset into the memory, required. */
    static final class ByteOffset {
        @Parameters(index = "0", paramLabel = "OFFSET", converter = Numbers.Offset.class,
                description = "byte offset, decimal or 0x hex")
        long offset;

        long offset() {
            return offset;
        }
    }

    /** {@code [--undo]}: SEM_UNDO on a semaphore set's operations; other kinds refuse it in one line. */
    static final class Undo {
        @Option(names = "--undo", description = "SEM_UNDO (semaphore sets): reversed by the kernel when this process exits")
        boolean undo;

        boolean undo() {
            return undo;
        }
    }

    /** {@code [--timeout D]}: how long a blocking call may take; null waits for ever. */
    static final class Timeout {
        @Option(names = "--timeout", paramLabel = "D", converter = Numbers.Time.class,
                description = "give up after D (250ms, 2s, 1m)")
        Duration timeout;

        /** The limit, or null for none. */
        Duration orNull() {
            return timeout;
        }
    }

    /**
     * {@code [--create | --new] [--mode 0600]}: whether opening may create the object
     * ({@code IPC_CREAT}/{@code O_CREAT}), must create it ({@code |IPC_EXCL}/{@code |O_EXCL}),
     * and the permission bits it gets when it does.
     */
    static final class Creation {
        @ArgGroup(exclusive = true)
        Choice choice;

        static final class Choice {
            @Option(names = "--create", description = "create it if missing (IPC_CREAT, O_CREAT)")
            boolean create;

            @Option(names = "--new", description = "create it, failing if it exists (IPC_CREAT|IPC_EXCL, O_CREAT|O_EXCL)")
            boolean createNew;
        }

        @Option(names = "--mode", paramLabel = "MODE", converter = Numbers.Mode.class, defaultValue = "0600",
                description = "permission bits when it creates, octal (default: ${DEFAULT-VALUE})")
        int mode;

        /** True with {@code --create} or {@code --new}. */
        boolean creating() {
            return choice != null;
        }

        /** True with {@code --new}: an existing object is an error (EEXIST). */
        boolean exclusive() {
            return choice != null && choice.createNew;
        }

        /** What the flags ask of the open: OPEN, CREATE ({@code --create}) or CREATE_NEW ({@code --new}). */
        Segment.Creation how() {
            return !creating() ? Segment.Creation.OPEN : exclusive() ? Segment.Creation.CREATE_NEW : Segment.Creation.CREATE;
        }

        /** The permission bits ({@code --mode}, 0600 by default). */
        int mode() {
            return mode;
        }
    }

    /** {@code [--as NAME]}: the name of the handle a command opens. */
    static final class As {
        @Option(names = "--as", paramLabel = "NAME", description = "name the handle (default: h1, h2, ...)")
        String name;

        /** The name asked for, checked against the session's rules; null for the next hN. */
        String name(Session session) {
            if (name != null) {
                session.checkName(name);
            }
            return name;
        }
    }

    /** {@code [HANDLE]}: the handle a command acts on, the current one by default. */
    static final class Which {
        @Parameters(index = "0", arity = "0..1", paramLabel = "HANDLE", converter = HandleName.Converter.class,
                description = "which handle (default: the current one)")
        HandleName handle;

        /** True when a HANDLE was given. */
        boolean given() {
            return handle != null;
        }

        /** The handle named, else the current one ({@code @NAME}'s if given). */
        Handle resolve(Session session) {
            return handle != null ? handle.in(session) : session.target();
        }
    }
}
