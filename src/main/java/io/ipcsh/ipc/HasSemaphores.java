package io.ipcsh.ipc;

import java.util.OptionalLong;

/**
 * A capability: the object holds, or is, one or more counters to wait on. What
 * {@code where} means is the kind's: a byte offset in memory ({@link HoldsMemory}, default
 * 0), a member number in a SysV set (default 0); a named semaphore is one counter and
 * refuses any {@code where} with one line.
 */
public interface HasSemaphores {
    /** The counter at {@code where}; see the class comment. */
    Waitable semaphore(OptionalLong where);

    /**
     * As {@link #semaphore(OptionalLong)}, with SEM_UNDO asked for ({@code --undo}): only
     * a SysV set has it; the others refuse {@code undo == true} with one line.
     */
    Waitable semaphore(OptionalLong where, boolean undo);
}
