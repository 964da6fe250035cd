package io.ipcsh.shell;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Command;

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
            StructCommand.class,
            SemCommand.class,
            WaitCommand.class,
            TryWaitCommand.class,
            PostCommand.class,
            MutexCommand.class,
            LockCommand.class,
            UnlockCommand.class,
            SemsetCommand.class,
            SemopCommand.class,
            QueueCommand.class,
            SendCommand.class,
            ReceiveCommand.class,
            StatCommand.class,
            ListCommand.class,
            WhoCommand.class,
            LimitsCommand.class,
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

    /**
     * The class of the command or alias {@code name}, or null. A class named for its
     * command ({@code TryWaitCommand} for {@code trywait}) is found by its name and one
     * annotation: {@link #byName()} reads all of them, which a one-shot {@code ipcsh -c
     * 'key private'} would pay for (and for a proxy class of every annotation they carry).
     */
    public static Class<? extends ShellCommand> find(String name) {
        for (Class<? extends ShellCommand> c : ALL) {
            String type = c.getName();
            int simple = type.lastIndexOf('.') + 1;
            if (type.length() - simple == name.length() + SUFFIX.length() && type.endsWith(SUFFIX)
                    && type.regionMatches(true, simple, name, 0, name.length())
                    && CommandRecording.command(c).name().equals(name)) {
                return c;
            }
        }
        return byName().get(name);
    }

    private static final String SUFFIX = "Command";

    /** Every command name and alias, in {@link #ALL}'s order, to its class. */
    public static Map<String, Class<? extends ShellCommand>> byName() {
        Map<String, Class<? extends ShellCommand>> names = new LinkedHashMap<>();
        for (Class<? extends ShellCommand> c : ALL) {
            Command a = CommandRecording.command(c);
            names.put(a.name(), c);
            for (String alias : a.aliases()) {
                names.put(alias, c);
            }
        }
        return Collections.unmodifiableMap(names);
    }
}
