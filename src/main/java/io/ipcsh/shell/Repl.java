package io.ipcsh.shell;

import io.ipcsh.cli.ExitStatus;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The interactive shell on JLine: prompt with the current handle and key, Tab
 * completion ({@link ShellCompleter}), history in {@code ~/.ipcsh_history}
 * ({@code $IPCSH_HISTORY} overrides it).
 *
 * <p>Commands run on this thread; Ctrl-C while one runs interrupts it (a blocking
 * {@code wait} or {@code watch} ends, the shell stays). Ctrl-C at the prompt clears the
 * line; Ctrl-D or {@code exit} leaves, detaching everything. SIGTERM and SIGHUP detach
 * too, through a shutdown hook.
 */
final class Repl {
    private Repl() {
    }

    static int run(boolean json, boolean trace, boolean debug) {
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().system(true).name("ipcsh").build();
        } catch (IOException | RuntimeException e) {
            System.err.println("ipcsh: cannot open the terminal: " + e.getMessage()
                    + " (commands on standard input or -c 'CMD; CMD' work without one)");
            return ExitStatus.FAILED;
        }
        // Ctrl-\ makes the terminal send SIGQUIT, and the JVM answers that with a dump of
        // every thread into the terminal. The shell has no use for it: the key does nothing
        // here (VQUIT disabled; the terminal gets its settings back when the shell closes it).
        try {
            org.jline.terminal.Attributes attributes = terminal.getAttributes();
            attributes.setControlChar(org.jline.terminal.Attributes.ControlChar.VQUIT, 0);
            // Ctrl-C during a wait must not throw away lines typed meanwhile (the tty
            // flushes its input queue at SIGINT unless NOFLSH).
            attributes.setLocalFlag(org.jline.terminal.Attributes.LocalFlag.NOFLSH, true);
            terminal.setAttributes(attributes);
        } catch (RuntimeException e) {
            // a terminal without termios (dumb): nothing sends SIGQUIT from it anyway
        }
        PrintWriter writer = terminal.writer();
        Session session = new Session(writer, writer);
        session.json(json);
        session.debug(debug);
        session.trace(trace);
        session.interactive(true);
        Shell shell = new Shell(session);

        DefaultParser parser = new DefaultParser() {
            @Override
            public ParsedLine parse(String line, int cursor, ParseContext context) {
                // A struct declaration typed or pasted over several lines: Enter reads on
                // until its }, by the same rule as a script (Words), not JLine's own.
                if (context == ParseContext.ACCEPT_LINE && Words.inBlock(line)) {
                    throw new EOFError(-1, -1, "the declaration goes on until its }", "}");
                }
                return super.parse(line, cursor, context);
            }
        };
        parser.setEofOnUnclosedQuote(false);
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("ipcsh")
                .parser(parser)
                .completer(new ShellCompleter(shell))
                .variable(LineReader.HISTORY_FILE, historyFile())
                .variable(LineReader.HISTORY_FILE_SIZE, 5000)
                // '!' and '^' are plain text here (str values), not history expansion.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
                .build();

        Thread commandThread = Thread.currentThread();
        // Active while a command runs; readLine installs its own handler while reading.
        terminal.handle(Terminal.Signal.INT, signal -> {
            // The terminal echoed ^C; what the command says next goes on a line of its own.
            writer.println();
            writer.flush();
            commandThread.interrupt();
        });
        Thread hook = new Thread(() -> {
            session.close();
            saveHistory(reader);
        }, "ipcsh-detach");
        Runtime.getRuntime().addShutdownHook(hook);

        writer.println("ipcsh " + Main.version() + " (help lists the commands, Tab completes, Ctrl-D leaves)");
        writer.flush();
        try {
            while (!session.exitRequested()) {
                String line;
                try {
                    line = reader.readLine(session.prompt());
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                } catch (IOError e) {
                    // The terminal is gone (hung up, closed): nothing more can be read.
                    writer.println("ipcsh: the terminal went away: " + e.getMessage());
                    break;
                } catch (RuntimeException e) {
                    // A fault in completion, history or the line editor: the shell lives on.
                    writer.println(Shell.oneLine("error: unexpected " + e + " while reading the line"
                            + (debug ? "" : " (a bug: rerun with --debug for the stack trace)")));
                    if (debug) {
                        e.printStackTrace(writer);
                    }
                    continue;
                }
                Thread.interrupted();
                session.width(terminal.getWidth());
                shell.runLine(line);
            }
        } finally {
            session.close();
            saveHistory(reader);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down already
            }
            try {
                terminal.close();
            } catch (IOException e) {
                // leaving anyway
            }
        }
        return ExitStatus.OK;
    }

    private static Path historyFile() {
        String override = System.getenv("IPCSH_HISTORY");
        return override != null && !override.isBlank() ? Path.of(override)
                : Path.of(System.getProperty("user.home"), ".ipcsh_history");
    }

    private static void saveHistory(LineReader reader) {
        try {
            reader.getHistory().save();
        } catch (IOException | RuntimeException e) {
            // history is a convenience; never fail the exit over it
        }
    }
}
