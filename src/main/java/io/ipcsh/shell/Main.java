package io.ipcsh.shell;

import io.ipcsh.cli.ExitStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ipcsh}: the REPL on a terminal, {@code -c 'CMD; CMD'}, a script FILE, commands
 * on standard input, or one command from the arguments ({@code ipcsh list}).
 */
public final class Main {
    @Command(name = "ipcsh", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
            description = {"System V shared memory and process-shared semaphores, by hand.",
                    "With no FILE and no -c: a REPL on a terminal, else commands from standard input."})
    static final class Invocation {
        @Option(names = "-c", paramLabel = "COMMANDS", description = "run these commands (; between them) and exit")
        String commands;

        @Option(names = "--json", description = "read, stat and list print one JSON object per line")
        boolean json;

        @Option(names = "--trace", description = "print every libc call, strace-style")
        boolean trace;

        @Option(names = "--debug", description = "print stack traces with errors")
        boolean debug;

        @Option(names = "--keep-going", description = "in a script, go on after a failed command (the status still says it failed)")
        boolean keepGoing;

        @Parameters(arity = "0..*", paramLabel = "FILE|COMMAND",
                description = "a script to run, or one command with its arguments (ipcsh list)")
        List<String> rest = new ArrayList<>();

        /**
         * {@code args} as picocli would parse them, when they are plain: each global flag
         * at most once, {@code -c} and a value that is not empty and does not start with
         * {@code -}, then the words of a FILE or a command. Null for anything else (help,
         * version, a repeated or unknown option, {@code --}, {@code -cX}), which picocli
         * parses and words the error for. Building picocli's model of this class is a
         * good part of a one-shot {@code ipcsh -c ...}, and the common invocations don't
         * need it.
         */
        static Invocation plain(String[] args) {
            java.util.Set<String> flags = new java.util.HashSet<>();
            Invocation inv = new Invocation();
            int i = 0;
            for (; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--json") || a.equals("--trace") || a.equals("--debug") || a.equals("--keep-going")) {
                    if (!flags.add(a)) {
                        return null;
                    }
                } else if (a.equals("-c")) {
                    if (inv.commands != null || i + 1 == args.length || args[i + 1].isEmpty()
                            || args[i + 1].startsWith("-")) {
                        return null;
                    }
                    inv.commands = args[++i];
                } else if (a.isEmpty() || a.startsWith("-")) {
                    return null;
                } else {
                    break; // picocli stops at the first positional: the rest are all words.
                }
            }
            inv.rest.addAll(List.of(args).subList(i, args.length));
            inv.json = flags.contains("--json");
            inv.trace = flags.contains("--trace");
            inv.debug = flags.contains("--debug");
            inv.keepGoing = flags.contains("--keep-going");
            return inv;
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ipcsh " + version() + " (Java " + Runtime.version() + ")"};
        }
    }

    private Main() {
    }

    /** This build's version, from the jar manifest when there is one. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0" : v;
    }

    public static void main(String[] args) {
        // picocli's factory looks for Groovy's Closure class once, unless told not to: a
        // failed lookup opens every jar of the class path (the AOT cache opens none),
        // ~2.5 ms of a one-shot `ipcsh -c ...`. ipcsh has no Groovy.
        System.setProperty("picocli.disable.closures", "true");
        // Asked only when there is no script: System.console() starts the JDK's own console
        // support, a good part of a one-shot `ipcsh -c ...` start.
        int status = run(args, System.in, System.out, System.err, Main::isTerminal);
        // System.exit starts the JDK's System.Logger to log the exit (a ServiceLoader scan of
        // the class path and java.util.logging's set-up, ~10 ms of a one-shot start); ending
        // main ends the JVM as well, shutdown hooks and all, once no other thread holds it.
        if (status != ExitStatus.OK || otherThreadsHoldTheJvm()) {
            System.exit(status);
        }
    }

    /** True if a thread of main's group other than this one is alive and not a daemon. */
    private static boolean otherThreadsHoldTheJvm() {
        Thread[] threads = new Thread[Thread.activeCount() + 8];
        int n = Thread.currentThread().getThreadGroup().enumerate(threads, true);
        for (int i = 0; i < n; i++) {
            if (threads[i] != Thread.currentThread() && !threads[i].isDaemon()) {
                return true;
            }
        }
        return n == threads.length; // more than counted: don't guess
    }

    /**
     * True unless standard output is known to be a file or a pipe: read from /proc, one
     * readlink, where {@link System#console()} would start the JDK's console support.
     * Where it can't tell, it says terminal, and output is flushed line by line as before.
     */
    static boolean stdoutIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    private static boolean isTerminal() {
        var console = System.console();
        return console != null && console.isTerminal();
    }

    /**
     * Runs ipcsh as the command line would, with the given streams; returns the exit
     * status. {@code interactive} chooses the REPL when there is no script.
     */
    public static int run(String[] args, InputStream in, OutputStream stdout, OutputStream stderr, boolean interactive) {
        return run(args, in, stdout, stderr, () -> interactive);
    }

    /** As {@link #run(String[], InputStream, OutputStream, OutputStream, boolean)}, asking {@code interactive} only when there is no script. */
    static int run(String[] args, InputStream in, OutputStream stdout, OutputStream stderr,
                   java.util.function.BooleanSupplier interactive) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        Invocation inv = Invocation.plain(args);
        if (inv == null) {
            inv = new Invocation();
            CommandLine cli = new CommandLine(inv);
            cli.setStopAtPositional(true);
            cli.setExpandAtFiles(false);
            cli.setOut(out);
            cli.setErr(err);
            try {
                cli.parseArgs(args);
            } catch (CommandLine.ParameterException e) {
                err.println("ipcsh: " + e.getMessage() + " (ipcsh --help shows the usage)");
                return Shell.USAGE;
            }
            if (cli.isUsageHelpRequested()) {
                cli.usage(out, CommandLine.Help.Ansi.OFF);
                return ExitStatus.OK;
            }
            if (cli.isVersionHelpRequested()) {
                cli.printVersionHelp(out, CommandLine.Help.Ansi.OFF);
                return ExitStatus.OK;
            }
        }
        BufferedReader script;
        String scriptName = null;
        boolean repl = false;
        if (inv.commands != null) {
            if (!inv.rest.isEmpty()) {
                err.println("ipcsh: -c and a FILE or command don't go together (ipcsh --help shows the usage)");
                return Shell.USAGE;
            }
            script = new BufferedReader(new StringReader(inv.commands));
        } else if (!inv.rest.isEmpty()) {
            String first = inv.rest.get(0);
            Path file = Path.of(first);
            boolean isCommand = Commands.find(first) != null && !Files.isRegularFile(file);
            if (isCommand) {
                script = null;
            } else {
                if (inv.rest.size() > 1) {
                    err.println("ipcsh: one script FILE only, got: " + String.join(" ", inv.rest));
                    return Shell.USAGE;
                }
                try {
                    // Not Files.newBufferedReader: its strict decoder throws at the first
                    // byte that is not UTF-8 and would end the script; this one puts U+FFFD
                    // there, as standard input does, and the line fails on its own.
                    script = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
                    scriptName = first;
                } catch (IOException e) {
                    err.println("ipcsh: cannot read script " + first + ": "
                            + (Files.exists(file) ? e.getMessage() : "no such file")
                            + (Commands.find(first) != null ? "" : " (ipcsh --help shows the usage)"));
                    return Shell.USAGE;
                }
            }
        } else if (interactive.getAsBoolean()) {
            script = null;
            repl = true;
        } else {
            script = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        }

        if (repl) {
            return Repl.run(inv.json, inv.trace, inv.debug);
        }
        Session session = new Session(out, err);
        // Not a terminal: results may wait in a buffer until a blocking command, an error
        // line, the input running dry, or the end (C's stdio buffers a pipe the same way).
        session.buffersOutput(stdout != System.out || !stdoutIsTerminal());
        session.json(inv.json);
        session.debug(inv.debug);
        session.trace(inv.trace);
        Shell shell = new Shell(session).keepGoing(inv.keepGoing);
        Thread hook = new Thread(session::close, "ipcsh-detach");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (script == null) {
                return shell.execute(inv.rest);
            }
            return shell.runScript(script, scriptName);
        } finally {
            session.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs, and close() is idempotent
            }
        }
    }
}
