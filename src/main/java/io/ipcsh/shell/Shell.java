package io.ipcsh.shell;

import io.ipcsh.cli.ExitStatus;
import io.ipcsh.ipc.IpcException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs the command language against a {@link Session}: splits lines into commands,
 * picks out {@code @NAME}, parses with picocli, runs, and turns every failure into one
 * {@code error:} line and an exit status. The REPL, scripts, {@code -c} and the tests
 * all come through here.
 *
 * <p>Statuses: 0 worked; 1 failed (a syscall refused, a user mistake, "would block");
 * 2 usage error (unknown command or option, a malformed number); 130 cancelled by Ctrl-C.
 *
 * <pre>{@code
 * Shell.Result r = Shell.run("key private; attach --new --size 4k; write 0 i32 42; read 0 i32; destroy");
 * r.status();   // 0
 * r.out();      // "key IPC_PRIVATE\nh1: ...\n42\n..."
 * }</pre>
 */
public final class Shell {
    /** Status of a command that worked. */
    public static final int OK = ExitStatus.OK;
    /** Status of a command that failed. */
    public static final int FAILED = ExitStatus.FAILED;
    /** Status of a usage error. */
    public static final int USAGE = ExitStatus.USAGE;
    /** Status of a command cancelled by Ctrl-C. */
    public static final int CANCELLED = ExitStatus.CANCELLED;

    /** The picocli root; never run itself, it only holds the commands. */
    @Command(name = "ipcsh")
    static final class Root {
    }

    private final Session session;
    private final CommandLine root;
    /** Command names and aliases to their classes, from {@link Commands#ALL}: made when a line needs them all. */
    private Map<String, Class<? extends ShellCommand>> known;
    private boolean keepGoing;
    /** Lines of a shape picocli parsed before are bound without parsing again. */
    private final ParsedShapes shapes = new ParsedShapes();
    /** {@link #subcommands}: each command's, once. */
    private final Map<CommandLine, Map<String, CommandLine>> subcommands = new java.util.IdentityHashMap<>();
    /** What {@link #execute} asks of each command it runs, found once per command rather than per line. */
    private final Map<CommandLine, Facts> facts = new java.util.IdentityHashMap<>();

    /**
     * A command's {@link #name} (picocli interpolates it and a regex trims it), whether it
     * is {@link NeverBlocks}, and the {@code @ArgGroup}s of it and its parents.
     */
    private record Facts(String name, boolean neverBlocks, CommandLine.Model.ArgGroupSpec[] groups) {
        static Facts of(CommandLine cmd) {
            List<CommandLine.Model.ArgGroupSpec> groups = new ArrayList<>();
            for (CommandLine c = cmd; c != null; c = c.getParent()) {
                groups.addAll(c.getCommandSpec().argGroups());
            }
            return new Facts(Shell.name(cmd), cmd.getCommand() instanceof NeverBlocks,
                    groups.toArray(CommandLine.Model.ArgGroupSpec[]::new));
        }
    }
    /** The script file and line being run, put before its error lines ({@link #origin}); a null file: none. */
    private String originFile;
    private int originLine;

    public Shell(Session session) {
        this.session = session;
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                K made = construct(cls, defaults);
                if (made instanceof ShellCommand c) {
                    c.bind(session);
                }
                return made;
            }
        };
        this.root = new CommandLine(model(new Root(), factory), factory);
        // @NAME picks a handle: it must not be read as a picocli @argument-file.
        root.setExpandAtFiles(false);
        root.setOut(session.out());
        root.setErr(session.err());
        root.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    }

    /**
     * A new {@code cls} from its no-argument constructor, package-private as the commands
     * and their converters are; anything else (an interface picocli wants a collection
     * for) as picocli's own factory makes it. That factory tries {@code Class.newInstance}
     * first, and for a package-private class it throws, and fills in the stack trace of,
     * an IllegalAccessException before it tries the constructor: twice per class, deep in
     * picocli's stack, in a start that runs interpreted.
     */
    private static <K> K construct(Class<K> cls, CommandLine.IFactory defaults) throws Exception {
        java.lang.reflect.Constructor<K> c;
        try {
            c = cls.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            return defaults.create(cls);
        }
        c.setAccessible(true);
        return c.newInstance();
    }

    /**
     * The picocli command for {@code name}, built on first use: picocli's reflection over
     * every command class is most of a one-shot {@code ipcsh -c 'key private'}, so a
     * script pays only for the commands it runs. Null if there is no such command.
     */
    private CommandLine command(String name) {
        CommandLine c = subcommands(root).get(name);
        Class<? extends ShellCommand> type;
        if (c == null && (type = Commands.find(name)) != null) {
            add(type);
            c = subcommands(root).get(name);
        }
        return c;
    }

    /**
     * {@code c}'s subcommands by name and alias, as {@link CommandLine#getSubcommands()}
     * gives them: picocli copies its map on every call, and a line asked several times.
     */
    private Map<String, CommandLine> subcommands(CommandLine c) {
        return subcommands.computeIfAbsent(c, CommandLine::getSubcommands);
    }

    /**
     * picocli's model of {@code command}, built from the annotations recorded at build time
     * ({@link CommandModels}); else the command itself, whose annotations picocli reads.
     */
    private static Object model(Object command, CommandLine.IFactory factory) {
        CommandLine.Model.CommandSpec spec = CommandModels.spec(command, factory);
        return spec != null ? spec : command;
    }

    private void add(Class<? extends ShellCommand> type) {
        subcommands.remove(root);
        String name = CommandRecording.command(type).name();
        CommandLine.IFactory factory = root.getFactory();
        Object model;
        try {
            model = model(factory.create(type), factory);
        } catch (Exception e) {
            throw new CommandLine.InitializationException("cannot make the " + name + " command: " + e, e);
        }
        root.addSubcommand(name, model instanceof CommandLine.Model.CommandSpec spec ? new CommandLine(spec, factory) : model);
        CommandLine added = root.getSubcommands().get(name);
        // Settings made on the root reach only the subcommands it had then: repeat them.
        added.setExpandAtFiles(false);
        added.setOut(session.out());
        added.setErr(session.err());
        added.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        for (CommandLine c : all(added)) {
            c.getCommandSpec().version("ipcsh " + Main.version());
            // Options in the order the design lists them, not alphabetical.
            c.getCommandSpec().usageMessage().sortOptions(false).sortSynopsis(false);
        }
        if (DataArguments.class.isAssignableFrom(type)) {
            added.setUnmatchedOptionsArePositionalParams(true);
        }
    }

    private Map<String, Class<? extends ShellCommand>> known() {
        if (known == null) {
            known = Commands.byName();
        }
        return known;
    }

    /** The session commands run in. */
    public Session session() {
        return session;
    }

    /** The picocli tree: one subcommand per entry of {@link Commands#ALL}, in that order. */
    public CommandLine commands() {
        if (root.getSubcommands().size() < known().size()) {
            for (Class<? extends ShellCommand> c : Commands.ALL) {
                if (!root.getSubcommands().containsKey(CommandRecording.command(c).name())) {
                    add(c);
                }
            }
        }
        return root;
    }

    /** {@code --keep-going}: a script goes on after a failed command. */
    public Shell keepGoing(boolean on) {
        keepGoing = on;
        return this;
    }

    /**
     * The result of {@link #run(String, String...)}: exit status, what was printed while
     * the script ran, and what closing the session printed (the segments left behind).
     */
    public record Result(int status, String out, String err, String atExit) {
        /** Everything printed, out first: for assertions that don't care which stream. */
        public String all() {
            return out + err + atExit;
        }
    }

    /**
     * The in-process entry for tests and tools: runs {@code script} (lines, {@code ;}
     * between commands) in a fresh session, closes it, and returns status and output.
     * {@code flags} are the global ones: {@code --json}, {@code --trace},
     * {@code --debug}, {@code --keep-going}.
     */
    public static Result run(String script, String... flags) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Session session = new Session(new PrintWriter(out, true), new PrintWriter(err, true));
        Shell shell = new Shell(session);
        for (String f : flags) {
            switch (f) {
                case "--json" -> session.json(true);
                case "--trace" -> session.trace(true);
                case "--debug" -> session.debug(true);
                case "--keep-going" -> shell.keepGoing(true);
                default -> throw new IllegalArgumentException("not a global flag: " + f);
            }
        }
        int status;
        int errBeforeExit;
        try {
            status = shell.runScript(new BufferedReader(new StringReader(script)));
        } finally {
            errBeforeExit = err.getBuffer().length();
            session.close();
        }
        String e = err.toString();
        return new Result(status, out.toString(), e.substring(0, errBeforeExit), e.substring(errBeforeExit));
    }

    /**
     * Runs every line of {@code script}, stopping at the first failure unless
     * {@link #keepGoing}; {@code exit} ends it early.
     *
     * @return 0, or the status of the first failure (with keep-going: the highest status)
     */
    public int runScript(BufferedReader script) {
        return runScript(script, null);
    }

    /**
     * As {@link #runScript(BufferedReader)}, for a script read from the file {@code name}:
     * each error line starts with the file and line, {@code script.ipc:3: error: ...}, as
     * a compiler's do. A null name leaves them as they are.
     */
    public int runScript(BufferedReader script, String name) {
        int worst = OK;
        int number = 0;
        try {
            String line;
            while (!session.exitRequested() && (line = nextLine(script)) != null) {
                number++;
                originFile = name;
                originLine = number;
                // A struct declaration may span lines: its { ... } is one command.
                if (line.indexOf('{') >= 0) {
                    StringBuilder whole = new StringBuilder(line);
                    String more;
                    while (Words.inBlock(whole) && (more = nextLine(script)) != null) {
                        whole.append('\n').append(more);
                        number++;
                    }
                    line = whole.toString();
                }
                int status;
                try {
                    status = runLine(line);
                } finally {
                    originFile = null;
                }
                if (status != OK) {
                    if (!keepGoing) {
                        return status;
                    }
                    worst = Math.max(worst, status);
                }
            }
        } catch (IOException e) {
            session.err().println("error: cannot read the script: " + e.getMessage());
            return Math.max(worst, FAILED);
        } finally {
            session.out().flush();
            session.err().flush();
        }
        return worst;
    }

    /**
     * The script's next line. Held output goes out first if reading may block: a program
     * that pipes commands in one at a time waits for their results before it sends more.
     */
    private String nextLine(BufferedReader script) throws IOException {
        if (session.buffersOutput() && !script.ready()) {
            session.out().flush();
        }
        return script.readLine();
    }

    /**
     * Runs the commands on one line, in order. The first failure ends the line (so
     * {@code wait; write 0 i32 1} never writes after a failed wait) unless keep-going.
     */
    public int runLine(String line) {
        List<Words.Command> parsed;
        try {
            parsed = Words.parse(line);
        } catch (UserError e) {
            return report(e, null);
        }
        // Before anything on the line runs: a text write cut short is refused whole.
        for (Words.Command c : parsed) {
            String cut = cutText(c);
            if (cut != null) {
                return usageError(cut);
            }
        }
        int worst = OK;
        for (Words.Command c : parsed) {
            List<String> words = c.words();
            if (session.exitRequested()) {
                break;
            }
            int status = execute(words);
            if (status != OK) {
                if (!keepGoing) {
                    return status;
                }
                worst = Math.max(worst, status);
            }
        }
        return worst;
    }

    /**
     * Why {@code write OFFSET str TEXT} must not run as split: a comment or a {@code ;}
     * inside the text ({@code issue # 42}, {@code a;b}) would store less than was typed
     * and still succeed. Null when nothing was cut.
     */
    private static String cutText(Words.Command c) {
        List<String> w = c.words();
        int type = w.size() > 1 && w.get(1).startsWith("@") && w.get(1).length() > 1 ? 3 : 2;
        if (c.cut() == Words.Cut.NONE || !w.get(0).equals("write") || w.size() <= type + 1
                || !w.get(type).equalsIgnoreCase("str")) {
            return null;
        }
        String typed = c.line().substring(c.start(), c.wordStarts().get(type + 1)).strip();
        String where = c.cut() == Words.Cut.COMMENT ? "'#', where a comment starts" : "';', which ends a command";
        return "write: the text would stop at " + where + "; quote it to store it all: "
                + typed + " " + Words.quote(c.rawFrom(type + 1));
    }

    /** Runs one command given as words: {@code ["read", "@data", "0", "i32"]}. */
    public int execute(List<String> words) {
        if (words.isEmpty()) {
            return OK;
        }
        if (words.get(0).equals("help")) {
            commands(); // help shows them all
        }
        CommandLine cmd = command(words.get(0));
        if (cmd == null) {
            return usageError("unknown command '" + words.get(0) + "'" + didYouMean(words.get(0), known().keySet())
                    + " (help lists the commands)");
        }
        int i = 1;
        while (i < words.size() && subcommands(cmd).containsKey(words.get(i))) {
            cmd = subcommands(cmd).get(words.get(i));
            i++;
        }
        if (!subcommands(cmd).isEmpty() && i < words.size() && !words.get(i).startsWith("-")) {
            return usageError(name(cmd) + ": unknown subcommand '" + words.get(i) + "'"
                    + didYouMean(words.get(i), subcommands(cmd).keySet()) + " (use one of: "
                    + String.join(" ", subcommands(cmd).keySet()) + ")");
        }
        List<String> args = new ArrayList<>(words);
        String handle = null;
        // echo works on no handle: "echo @foo bar" prints "@foo bar".
        if (i < args.size() && args.get(i).startsWith("@") && args.get(i).length() > 1
                && !(cmd.getCommand() instanceof EchoCommand)) {
            handle = args.remove(i).substring(1);
        }
        List<String> own = args.subList(i, args.size());
        boolean worked = false;
        Facts known = facts.computeIfAbsent(cmd, Facts::of);
        boolean hold = session.buffersOutput() && known.neverBlocks();
        if (session.buffersOutput() && !hold) {
            session.out().flush(); // it may block: whoever reads the output sees all that came before
        }
        session.holdOutput(hold);
        session.running(known.name(), false);
        try {
            forgetArgGroups(cmd, known.groups());
            if (shapes.bind(cmd, own)) {
                int status = call(cmd, handle);
                worked = status == OK;
                return status;
            }
            try {
                // picocli parses subcommands only from their root.
                root.parseArgs(args.toArray(String[]::new));
            } catch (RuntimeException e) {
                shapes.failed(cmd);
                throw e;
            }
            if (cmd.isUsageHelpRequested() || cmd.isVersionHelpRequested() || !subcommands(cmd).isEmpty()) {
                shapes.failed(cmd);
            } else {
                shapes.parsed(cmd, own);
            }
            if (cmd.isUsageHelpRequested()) {
                session.out().print(HelpCommand.usage(cmd, session.width()));
                worked = true;
                return OK;
            }
            if (cmd.isVersionHelpRequested()) {
                cmd.printVersionHelp(session.out(), CommandLine.Help.Ansi.OFF);
                return OK;
            }
            if (!subcommands(cmd).isEmpty()) {
                return usageError(name(cmd) + " needs one of: " + String.join(" ", subcommands(cmd).keySet())
                        + " (help " + name(cmd) + ")");
            }
            int status = call(cmd, handle);
            worked = status == OK;
            return status;
        } catch (Exception | StackOverflowError | LinkageError | AssertionError e) {
            // LinkageError: libc bindings that failed to load; AssertionError: posix.Downcall.fatal.
            // Both are bugs or a broken install, and still only one line.
            return report(e, cmd);
        } catch (OutOfMemoryError e) {
            // One huge allocation (read 0 bytes 1000000000) failed; it is garbage now, and the
            // shell must live on rather than die with a stack trace.
            session.err().println(origin() + "error: " + name(cmd) + ": not enough memory for that (" + e.getMessage()
                    + "; ask for less at once: a smaller COUNT, or dump)");
            return FAILED;
        } finally {
            session.running(null, worked);
            session.override(null);
            // An interrupt that arrived as the command finished must not hit the next one.
            Thread.interrupted();
            session.out().flush();
            session.err().flush();
            session.holdOutput(false);
        }
    }

    private int call(CommandLine cmd, String handle) throws Exception {
        session.override(handle);
        @SuppressWarnings("unchecked")
        Integer status = ((Callable<Integer>) cmd.getCommand()).call();
        return status == null ? OK : status;
    }

    /**
     * picocli reuses command objects and resets their options before each parse, but not
     * their {@code @ArgGroup} fields (remkop/picocli#1536, #1768): without this,
     * {@code attach --new} would make the next plain {@code attach} create a segment too,
     * and {@code destroy --id N} would make the next {@code destroy} remove N again. A
     * null group is what picocli sets up afresh when the group's options appear.
     */
    private static void forgetArgGroups(CommandLine cmd, CommandLine.Model.ArgGroupSpec[] groups) {
        for (CommandLine.Model.ArgGroupSpec group : groups) {
            try {
                group.setter().set(null);
            } catch (Exception e) {
                throw new IllegalStateException("cannot reset " + group + " of " + name(cmd), e);
            }
        }
    }

    /**
     * {@code "script.ipc:3: "} for a line of a script file, else "": made only for an
     * error line (a string built for every line was a twentieth of a script).
     */
    private String origin() {
        return originFile == null ? "" : originFile + ":" + originLine + ": ";
    }

    private int usageError(String message) {
        session.err().println(origin() + oneLine("error: " + message));
        return USAGE;
    }

    /** The one reporter: one line per failure, a stack trace only with --debug. */
    private int report(Throwable e, CommandLine cmd) {
        PrintWriter err = session.err();
        int status;
        switch (e) {
            case ParameterException pe -> {
                CommandLine where = pe.getCommandLine() != null ? pe.getCommandLine() : cmd;
                String line = origin() + oneLine("error: " + name(where) + ": " + describe(pe) + suggestion(pe, where));
                // The usage as a tail when the line still fits a 120-column terminal; else where to find it.
                String usage = " (usage: " + synopsis(where) + ")";
                err.println(line + (line.length() + usage.length() <= USAGE_TAIL_WIDTH ? usage : " (help " + name(where) + ")"));
                status = USAGE;
            }
            case IpcException.InterruptedIpcException ie -> {
                // The API's message ends "... cancelled"; the line says it first, once.
                err.println(origin() + oneLine("cancelled: " + ShellHints.message(ie).replaceFirst(" cancelled( \\(|$)", "$1")));
                status = CANCELLED;
            }
            case InterruptedException ie -> {
                err.println(origin() + "cancelled");
                status = CANCELLED;
            }
            case IpcException ie -> {
                err.println(origin() + oneLine("error: " + ShellHints.message(ie)));
                status = FAILED;
            }
            case UserError ue -> {
                err.println(origin() + oneLine("error: " + ue.getMessage()));
                status = FAILED;
            }
            default -> {
                err.println(origin() + oneLine("error: unexpected " + e.getClass().getName() + (e.getMessage() == null ? "" : ": "
                        + e.getMessage())) + (session.debug() ? "" : " (a bug: rerun with --debug for the stack trace)"));
                status = FAILED;
            }
        }
        if (session.debug()) {
            e.printStackTrace(err);
        }
        return status;
    }

    /** A usage error carries the command's synopsis only while the line stays within this many columns. */
    static final int USAGE_TAIL_WIDTH = 120;

    /**
     * {@code "; did you mean 'attach'?"} when {@code typed} is one slip away from exactly
     * one of {@code names} (a letter missing, extra, wrong or two swapped; two slips for
     * longer words), else "".
     */
    static String didYouMean(String typed, java.util.Collection<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        String bare = typed.replaceFirst("^-+", "");
        int allowed = bare.length() <= 4 ? 1 : 2;
        for (String name : names) {
            int d = distance(typed, name);
            if (d < bestDistance) {
                best = name;
                bestDistance = d;
                tie = false;
            } else if (d == bestDistance && !name.equals(best)) {
                tie = true;
            }
        }
        return best != null && !tie && bestDistance > 0 && bestDistance <= allowed ? "; did you mean '" + best + "'?" : "";
    }

    /** Edit distance counting a swap of two neighbours as one edit (optimal string alignment). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    /** For an unknown option: the command's option it most likely meant. */
    private static String suggestion(ParameterException pe, CommandLine where) {
        if (!(pe instanceof CommandLine.UnmatchedArgumentException u) || where == null) {
            return "";
        }
        List<String> names = new ArrayList<>();
        for (CommandLine.Model.OptionSpec o : where.getCommandSpec().options()) {
            names.addAll(List.of(o.names()));
        }
        for (String arg : u.getUnmatched()) {
            String typed = arg.replaceFirst("=.*", "");
            if (typed.startsWith("-")) {
                String hint = didYouMean(typed, names);
                if (!hint.isEmpty()) {
                    return hint;
                }
            }
        }
        return "";
    }

    /** Longest error line printed; longer ones lose their middle (a 100 KB word echoed back helps no one). */
    static final int MAX_ERROR_LINE = 1000;

    /**
     * {@code message} as one printable line: control characters (a newline in a quoted
     * word, a terminal escape) shown as {@code \xNN}, and the middle of an overlong line
     * replaced by a note of how much was cut.
     */
    static String oneLine(String message) {
        StringBuilder s = new StringBuilder(Math.min(message.length(), MAX_ERROR_LINE + 64));
        int cutFrom = MAX_ERROR_LINE * 2 / 3;
        int cutTo = message.length() - MAX_ERROR_LINE / 3;
        for (int i = 0; i < message.length(); i++) {
            if (message.length() > MAX_ERROR_LINE && i == cutFrom) {
                s.append("...(").append(cutTo - cutFrom).append(" characters cut)...");
                i = cutTo - 1;
                continue;
            }
            char c = message.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                s.append(String.format("\\x%02x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    /** picocli's message, made to read like the rest: lower case, the parameter by name. */
    private static String describe(ParameterException pe) {
        String m = pe.getMessage().replaceFirst("^Error: ", "").replaceFirst("^error: ", "");
        // "Invalid value for positional parameter at index 0 (OFFSET): not a number..." -> "OFFSET: not a number..."
        java.util.regex.Matcher invalid = java.util.regex.Pattern
                .compile("Invalid value for (?:positional parameter at index \\d+ \\((\\S+)\\)|option '([^']+)'(?: \\(\\S+\\))?): (.*)",
                        java.util.regex.Pattern.DOTALL)
                .matcher(m);
        if (invalid.matches()) {
            return (invalid.group(1) != null ? invalid.group(1) : invalid.group(2)) + ": " + invalid.group(3);
        }
        return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    /** The command's name as typed: {@code read}, {@code sem init}. */
    static String name(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName().replaceFirst("^ipcsh ", "");
    }

    /** One-line synopsis without the standard help options. */
    static String synopsis(CommandLine cmd) {
        return cmd.getHelp().synopsis(0).strip().replaceFirst("^ipcsh ", "").replaceAll("\\s+", " ")
                .replace(" [-hV]", "");
    }

    private static List<CommandLine> all(CommandLine c) {
        List<CommandLine> out = new ArrayList<>();
        out.add(c);
        for (Map.Entry<String, CommandLine> e : c.getSubcommands().entrySet()) {
            out.addAll(all(e.getValue()));
        }
        return out;
    }
}
