package io.ipcsh.ipc;

import java.util.List;
import java.util.Map;

/**
 * What the kernel knows of one object, as the shell's {@code stat} prints it: the same
 * lines for the text form and its {@code toString()}, and the same facts as an ordered
 * map for {@code --json}. Each kind's stat record implements it, so {@code stat} needs
 * no kind checks.
 *
 * <p>{@link #lines()} is the one place a kind's stat is worded: each record's
 * {@code toString()} is {@link #text()}, so JShell echoes what the shell's {@code stat}
 * prints. The shell adds only what is its own, not the object's: the handle on the first
 * line, and (for memory and named semaphores) who's holder count beside nattch.
 */
public interface IpcStat {
    /** The lines {@code stat} prints, in order. */
    List<String> lines();

    /** {@link #lines()}, one per line, with no newline at the end: what each record's {@code toString()} returns. */
    default String text() {
        return String.join("\n", lines());
    }

    /** The fields {@code stat --json} prints, in order; values are String, Number, Boolean, Instant or null. */
    Map<String, Object> fields();

    /**
     * True when {@link #lines()} and {@link #fields()} already count the processes holding
     * it ({@link Holders}): a POSIX object, which has no kernel nattch, so its stat counts
     * them itself. Otherwise {@code stat} adds the count (beside nattch for a SysV segment).
     */
    default boolean showsHolders() {
        return false;
    }
}
