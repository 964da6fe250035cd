package io.ipcsh.shell;

import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Tab completion from the picocli model: command and subcommand names (with their
 * descriptions), options, {@code @NAME} from the session's handles, and values chosen by
 * the parameter's type: a {@link HandleName} offers the handles, a file offers file
 * names, an enum or {@link ValueType} its labels ({@link TypeArg} adds the session's structs and
 * their members), a {@link Suggestions} converter its
 * typical values. A new parameter completes by declaring its type, not its label.
 */
final class ShellCompleter implements Completer {
    private final Shell shell;
    private final Completer files = new Completers.FileNameCompleter();

    ShellCompleter(Shell shell) {
        this.shell = shell;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String before = line.line().substring(0, Math.min(line.cursor(), line.line().length()));
        int semi = before.lastIndexOf(';');
        String command = semi < 0 ? before : before.substring(semi + 1);
        List<String> words = new ArrayList<>(List.of(command.strip().split("\\s+")));
        if (words.size() == 1 && words.get(0).isEmpty()) {
            words.clear();
        }
        // The word being typed is not a finished word.
        boolean midWord = !command.isEmpty() && !Character.isWhitespace(command.charAt(command.length() - 1));
        String current = midWord && !words.isEmpty() ? words.remove(words.size() - 1) : "";

        CommandLine root = shell.commands();
        if (words.isEmpty()) {
            root.getSubcommands().forEach((name, cmd) -> candidates.add(command(name, cmd)));
            return;
        }
        CommandLine cmd = root.getSubcommands().get(words.get(0));
        if (cmd == null) {
            return;
        }
        int i = 1;
        while (i < words.size() && cmd.getSubcommands().containsKey(words.get(i))) {
            cmd = cmd.getSubcommands().get(words.get(i));
            i++;
        }
        if (i == words.size() && !cmd.getSubcommands().isEmpty()) {
            cmd.getSubcommands().forEach((name, sub) -> candidates.add(command(name, sub)));
            return;
        }
        CommandSpec spec = cmd.getCommandSpec();
        List<String> args = words.subList(i, words.size());
        if (current.startsWith("@") && args.isEmpty()) {
            for (Handle h : shell.session().handles()) {
                candidates.add(new Candidate("@" + h.name(), "@" + h.name(), "handles", h.object().name(), null, null, true));
            }
            return;
        }
        if (current.startsWith("-")) {
            for (OptionSpec o : spec.options()) {
                for (String name : o.names()) {
                    if (name.startsWith("--") || o.names().length == 1) {
                        candidates.add(new Candidate(name, name, "options", first(o.description()), null, null, true));
                    }
                }
            }
            return;
        }
        // A value for the option just typed?
        if (!args.isEmpty()) {
            OptionSpec previous = spec.findOption(args.get(args.size() - 1));
            if (previous != null && previous.arity().max() > 0) {
                values(previous, reader, line, candidates);
                return;
            }
        }
        int index = 0;
        for (int k = 0; k < args.size(); k++) {
            String a = args.get(k);
            if (k == 0 && a.startsWith("@")) {
                continue;
            }
            if (a.startsWith("-")) {
                OptionSpec o = spec.findOption(a);
                if (o != null && o.arity().max() > 0 && !a.contains("=")) {
                    k++;
                }
                continue;
            }
            index++;
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.index().contains(index)) {
                values(p, reader, line, candidates);
                return;
            }
        }
    }

    /** What may stand for {@code arg}, from its type (a list's element type) or its converter. */
    private void values(ArgSpec arg, LineReader reader, ParsedLine line, List<Candidate> candidates) {
        Class<?> type = arg.auxiliaryTypes().length > 0 ? arg.auxiliaryTypes()[0] : arg.type();
        if (type == HandleName.class) {
            shell.session().handles()
                    .forEach(h -> candidates.add(new Candidate(h.name(), h.name(), "handles", h.object().name(), null, null, true)));
        } else if (type == KeyCommand.Source.class) {
            candidates.add(new Candidate("private", "private", null, "IPC_PRIVATE", null, null, true));
            files.complete(reader, line, candidates);
        } else if (type == Path.class || type == File.class) {
            files.complete(reader, line, candidates);
        } else if (type == TypeArg.class) {
            // The fixed types, then the session's structs and their members (rec, rec.id, rec.in.x).
            ValueType.labels().forEach(l -> candidates.add(new Candidate(l)));
            for (String name : shell.session().structs().names()) {
                io.ipcsh.ipc.Struct s = shell.session().structs().require(name);
                candidates.add(new Candidate(name, name, "structs", s.size() + " bytes", null, null, true));
                for (String member : s.memberPaths()) {
                    candidates.add(new Candidate(name + "." + member, name + "." + member, "structs", null, null, null, true));
                }
            }
        } else if (type == HelpCommand.CommandName.class) {
            shell.commands().getSubcommands().forEach((name, cmd) -> candidates.add(command(name, cmd)));
        } else if (Arrays.stream(arg.converters()).anyMatch(Suggestions.class::isInstance)) {
            Arrays.stream(arg.converters()).filter(Suggestions.class::isInstance)
                    .flatMap(c -> ((Suggestions) c).suggestions().stream())
                    .forEach(v -> candidates.add(new Candidate(v)));
        } else if (arg.completionCandidates() != null) {
            // picocli's own: an enum's constants (set's SETTING, on|off), or ValueType.Labels.
            for (String c : arg.completionCandidates()) {
                candidates.add(new Candidate(c));
            }
        }
    }

    private static Candidate command(String name, CommandLine cmd) {
        return new Candidate(name, name, "commands", first(cmd.getCommandSpec().usageMessage().description()), null, null, true);
    }

    private static String first(String[] lines) {
        if (lines.length == 0) {
            return null;
        }
        String d = lines[0];
        return d.length() > 60 ? d.substring(0, 57) + "..." : d;
    }
}
