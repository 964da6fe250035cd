package io.ipcsh.shell;

import io.ipcsh.cli.ExitStatus;
import io.ipcsh.ipc.HasSemaphores;
import io.ipcsh.ipc.HoldsMemory;
import io.ipcsh.ipc.Memory;
import io.ipcsh.ipc.Waitable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/**
 * The base of every shell command: a picocli {@code @Command} with
 * {@code mixinStandardHelpOptions = true}, registered in {@link Commands#ALL}.
 *
 * <p>To add a command: extend this class, annotate it, implement {@link #call()}
 * returning {@link #OK} (or {@link #FAILED} for "did not happen" results such as
 * "would block"), and add the class to {@link Commands#ALL}. Print with {@link #out()};
 * throw {@link UserError} or an {@code IpcException} for mistakes, and the shell prints
 * one {@code error:} line. Blocking commands must end promptly when their thread is
 * interrupted (Ctrl-C).
 */
public abstract class ShellCommand implements Callable<Integer> {
    /** The command worked. */
    public static final int OK = ExitStatus.OK;
    /** The command ran but what it tried did not happen; a script stops here. */
    public static final int FAILED = ExitStatus.FAILED;

    @Spec
    protected CommandSpec spec;

    private Session session;

    /** Called by the shell's picocli factory when it creates the command. */
    final void bind(Session session) {
        this.session = session;
    }

    /** The shell this command runs in: handles, current key, flags. */
    protected Session session() {
        return session;
    }

    /** Where results go (the terminal, the script's stdout, or a test's buffer). */
    protected PrintWriter out() {
        return session.out();
    }

    /** Where warnings go. */
    protected PrintWriter err() {
        return session.err();
    }

    /**
     * The memory this command works on ({@code @NAME}'s, else the current handle's), or
     * one line naming the kind when that holds no memory.
     */
    protected Memory memory(String command) {
        return session.require(HoldsMemory.class, command).memory();
    }

    /**
     * The semaphore this command acts on: at {@code where} (an offset in memory, a member
     * of a SysV set; empty for a named semaphore), or one line naming the kind.
     */
    protected Waitable semaphore(String command, OptionalLong where) {
        return session.require(HasSemaphores.class, command).semaphore(where);
    }

    /** As {@link #semaphore(String, OptionalLong)}, with SEM_UNDO ({@code --undo}): only a SysV set takes it. */
    protected Waitable semaphore(String command, OptionalLong where, boolean undo) {
        return session.require(HasSemaphores.class, command).semaphore(where, undo);
    }


    /** True with {@code --json}. */
    /**
     * Prints one result: {@code text} as a line, or with {@code --json} the object on one
     * line instead. A new command prints through this; a plain {@code out().println} still
     * comes out as JSON with --json ({@code {"command":...,"text":...}}), only less useful.
     */
    protected void result(String text, io.ipcsh.cli.Json json) {
        out().println(json() ? json.toString() : text);
    }

    protected boolean json() {
        return session.json();
    }
}
