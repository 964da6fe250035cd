package io.ipcsh.shell;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.List;

/** {@code help [CMD [SUB]]}: the command list, or one command's picocli usage. */
@Command(name = "help", mixinStandardHelpOptions = true,
        description = "List the commands, or show one: help attach, help sem init.")
final class HelpCommand extends ShellCommand implements NeverBlocks {
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
            out().print(overview(root, session().width()));
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
        out().print(usage(cmd, session().width()));
        return OK;
    }

    /**
     * A command's picocli usage as the shell shows it, wrapped to {@code width}: inside
     * the shell one types {@code attach}, so the synopsis says {@code Usage: attach}, not
     * the picocli root's {@code ipcsh attach}.
     */
    static String usage(CommandLine cmd, int width) {
        int before = cmd.getCommandSpec().usageMessage().width();
        // The synopsis loses "ipcsh " below: wrap it that much wider, so its lines still fit.
        cmd.getCommandSpec().usageMessage().width(Math.max(60, width));
        try {
            String text = cmd.getUsageMessage(CommandLine.Help.Ansi.OFF);
            String qualified = "Usage: " + cmd.getCommandSpec().qualifiedName() + " ";
            String shown = "Usage: " + Shell.name(cmd) + " ";
            if (!text.startsWith(qualified)) {
                return text;
            }
            int cut = qualified.length() - shown.length();
            String indent = " ".repeat(qualified.length());
            StringBuilder out = new StringBuilder(shown);
            boolean synopsis = true;
            for (String line : text.substring(qualified.length()).split("\n", -1)) {
                if (out.length() > shown.length()) {
                    out.append('\n');
                    synopsis = synopsis && line.startsWith(indent);
                    out.append(synopsis ? line.substring(cut) : line);
                } else {
                    out.append(line);
                }
            }
            return out.toString();
        } finally {
            cmd.getCommandSpec().usageMessage().width(before);
        }
    }

    /** The first sentence of {@code text}: up to the first ". " (or all of it). */
    static String firstSentence(String text) {
        int end = text.indexOf(". ");
        return end < 0 ? text : text.substring(0, end + 1);
    }

    /**
     * {@code text} broken at spaces into lines of at most {@code width} characters, each
     * after the first starting with {@code indent} as well (a column to the left of the
     * text): whole sentences, never cut short.
     */
    static String wrap(String text, int width, String indent) {
        StringBuilder out = new StringBuilder();
        int column = 0;
        int room = Math.max(20, width);

        for (String word : text.split(" ")) {
            if (column > 0 && column + 1 + word.length() > room) {
                out.append('\n').append(indent);
                column = 0;
            } else if (column > 0) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.toString();
    }

    /**
     * The command list that {@code help} prints: a line per command with its first
     * sentence, wrapped within {@code width} columns; an alias says what it stands for.
     */
    static String overview(CommandLine root, int width) {
        StringBuilder s = new StringBuilder(wrap("Commands (help CMD shows one; @NAME before the arguments picks a handle):", width, ""))
                .append('\n');
        String indent = " ".repeat(11);
        for (Class<? extends ShellCommand> c : Commands.ALL) {
            Command annotation = CommandRecording.command(c);
            String name = annotation.name();
            CommandLine cmd = root.getSubcommands().get(name);
            String[] d = cmd.getCommandSpec().usageMessage().description();
            String what = d.length == 0 ? "" : firstSentence(d[0]);
            s.append(String.format("  %-8s %s%n", name, wrap(what, width - 11, indent)));
            for (String alias : annotation.aliases()) {
                s.append(String.format("  %-8s %s%n", alias, "The same as " + name + "."));
            }
        }
        s.append(wrap("Numbers are decimal or 0x hex, modes octal (0600), sizes 4k 1m 1g, durations 250ms 2s 1m;"
                + " a ; separates commands on one line.", width, "")).append('\n');
        return s.toString();
    }
}
