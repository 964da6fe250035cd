package io.ipcsh.shell;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code help [CMD [SUB]]}: the command list, or one command's picocli usage. */
@Command(name = "help", mixinStandardHelpOptions = true,
        description = "List the commands, or show one: help attach, help sem init.")
final class HelpCommand extends ShellCommand {
    @Parameters(arity = "0..2", paramLabel = "CMD", converter = CommandName.Converter.class,
            description = "a command, and a subcommand for sem")
    List<CommandName> names;

    /** A command's name, as a parameter's type: completion offers the commands. */
    record CommandName(String text) {
        static final class Converter implements picocli.CommandLine.ITypeConverter<CommandName> {
            @Override
            public CommandName convert(String value) {
                return new CommandName(value);
            }
        }
    }

    @Override
    public Integer call() {
        List<String> command = names == null ? null : names.stream().map(CommandName::text).toList();
        CommandLine root = spec.root().commandLine();
        if (command == null || command.isEmpty()) {
            out().print(overview(root));
            return OK;
        }
        CommandLine cmd = root;
        for (String word : command) {
            CommandLine sub = cmd.getSubcommands().get(word);
            if (sub == null) {
                throw new UserError("no command '" + String.join(" ", command) + "' (help lists the commands)");
            }
            cmd = sub;
        }
        cmd.usage(out(), CommandLine.Help.Ansi.OFF);
        return OK;
    }

    /** {@code text} cut at a word to at most {@code width} characters, "..." marking the cut. */
    static String fit(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        int cut = text.lastIndexOf(' ', width - 3);
        return text.substring(0, cut > 0 ? cut : width - 3).replaceAll("[,;:]$", "") + "...";
    }

    /** The command list that {@code help} prints: one line per command, within 80 columns. */
    static String overview(CommandLine root) {
        StringBuilder s = new StringBuilder("Commands (help CMD shows one; @NAME before the arguments picks a handle):\n");
        for (Class<? extends ShellCommand> c : Commands.ALL) {
            String name = c.getAnnotation(Command.class).name();
            CommandLine cmd = root.getSubcommands().get(name);
            String[] d = cmd.getCommandSpec().usageMessage().description();
            s.append(String.format("  %-8s %s%n", name, d.length == 0 ? "" : fit(d[0], 69)));
        }
        s.append("Numbers are decimal or 0x hex, modes octal (0600), sizes 4k 1m 1g,\n");
        s.append("durations 250ms 2s 1m; a ; separates commands on one line.\n");
        return s.toString();
    }
}
