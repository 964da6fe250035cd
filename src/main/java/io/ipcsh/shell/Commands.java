package io.ipcsh.shell;

import java.util.List;

/**
 * THE list of shell commands. The REPL, scripts, {@code help}, completion and the README's
 * command reference all come from it. To add a command, write a {@link ShellCommand}
 * subclass and add it here; {@code help} lists them in this order.
 */
public final class Commands {
    private Commands() {
    }

    /** Every top-level command class; {@code sem} carries its own subcommands. */
    public static final List<Class<? extends ShellCommand>> ALL = List.of(
            KeyCommand.class,
            AttachCommand.class,
            WriteCommand.class,
            ReadCommand.class,
            DumpCommand.class,
            WatchCommand.class,
            SemCommand.class,
            WaitCommand.class,
            TryWaitCommand.class,
            PostCommand.class,
            StatCommand.class,
            ListCommand.class,
            DetachCommand.class,
            DestroyCommand.class,
            UseCommand.class,
            HandlesCommand.class,
            HelpCommand.class,
            ExitCommand.class,
            SleepCommand.class,
            EchoCommand.class,
            SetCommand.class,
            ProduceCommand.class,
            ConsumeCommand.class,
            DemoCommand.class,
            BenchCommand.class);
}
