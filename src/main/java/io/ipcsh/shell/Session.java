package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.IpcObject;
import io.ipcsh.ipc.Segment;
import io.ipcsh.ipc.SegmentStat;
import io.ipcsh.ipc.Structs;
import io.ipcsh.ipc.Tracing;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one shell remembers between commands: its handles, the current handle and key,
 * where output goes, and the global flags. Every command reaches it through
 * {@link ShellCommand#session()}.
 *
 * <p>Output goes to {@link #out()} (results) and {@link #err()} (errors, warnings,
 * {@code --trace}); in the REPL both are the terminal's writer. Never System.out.
 */
public final class Session implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, Handle> handles = new LinkedHashMap<>();
    /** Objects this session created, of every kind, to name the ones left behind at exit. */
    private final List<IpcObject> created = new ArrayList<>();
    /** Labels ("shmid 32769") of objects this session removed itself: no need to look them up at exit. */
    private final Set<String> destroyed = new LinkedHashSet<>();
    /** The C struct layouts defined in this session ({@code struct}, {@code struct load}). */
    private final Structs structs = new Structs();
    private Handle current;
    private IpcKey currentKey;
    /** The handle named by {@code @NAME} for the command running now, or null. */
    private String override;
    private int nextNumber = 1;
    private boolean json;
    private int width = 80;
    private final JsonLines lines;
    private final AfterOut errLines;
    /** See {@link #holdOutput}. */
    private boolean holding;
    private boolean buffersOutput;
    /** The command running now, for --json's wrapped lines; null between commands. */
    private String running;
    private boolean interactive;
    private boolean trace;
    private boolean debug;
    private boolean exitRequested;
    private boolean closed;
    /** Runs every mutex call of this session (a mutex belongs to an OS thread); made at the first. */
    private MutexThread mutexThread;

    public Session(PrintWriter out, PrintWriter err) {
        this.lines = new JsonLines(out);
        this.out = new PrintWriter(lines, true);
        this.errLines = new AfterOut(err);
        this.err = new PrintWriter(errLines, true);
    }

    /**
     * Standard error, written only once standard output has gone out: with
     * {@link #holdOutput} a result may wait in a buffer, and an error line written past it
     * would show up, in a {@code 2>&1} log or a terminal, before the result printed
     * before it. It flushes as before (each println, the end of each command), and also
     * before standard output writes again, so that the order holds both ways.
     */
    private final class AfterOut extends java.io.Writer {
        private final PrintWriter to;
        /** Written since the last flush: standard output flushes it before it writes. */
        private boolean pending;

        AfterOut(PrintWriter to) {
            this.to = to;
        }

        @Override
        public void write(char[] chars, int from, int length) {
            lines.to.flush();
            to.write(chars, from, length);
            pending = true;
        }

        @Override
        public void flush() {
            if (pending) {
                pending = false;
                to.flush();
            }
        }

        @Override
        public void close() {
            flush();
        }
    }

    /**
     * Standard output as {@code --json} wants it: one JSON object per line. A command
     * that prints objects ({@link ShellCommand#result}) goes through as it is; any other
     * line (a table row, help text, a command added later that prints plain text) becomes
     * {@code {"command":"help","text":"..."}}, so no line on stdout is ever not JSON.
     * Without --json it passes everything straight through.
     */
    private final class JsonLines extends java.io.Writer {
        private final PrintWriter to;
        private final StringBuilder line = new StringBuilder();
        private int printed;

        JsonLines(PrintWriter to) {
            this.to = to;
        }

        @Override
        public void write(char[] chars, int from, int length) {
            errLines.flush(); // an error line begun before this one goes out first
            if (!json) {
                to.write(chars, from, length);
                printed += length;
                return;
            }
            for (int i = from; i < from + length; i++) {
                if (chars[i] == '\n') {
                    String l = line.toString();
                    line.setLength(0);
                    // write, not println: the PrintWriter given may flush at every println.
                    to.write(l.startsWith("{") ? l
                            : Json.object().put("command", running == null ? "ipcsh" : running).put("text", l).toString());
                    to.write(System.lineSeparator());
                    printed++;
                } else if (chars[i] != '\r') {
                    line.append(chars[i]);
                }
            }
        }

        @Override
        public void flush() {
            if (!holding) {
                to.flush();
            }
        }

        @Override
        public void close() {
            to.flush();
        }
    }

    /**
     * {@code on} while a command that never blocks runs with standard output not a
     * terminal: its lines stay in the buffer (a flush per line was a tenth of a script of
     * reads) until a command that may block, an error line, the end of the input at hand,
     * or the end of the session. Off: {@link #out()} flushes as it always did.
     */
    void holdOutput(boolean on) {
        holding = on;
    }

    /** True when standard output is not a terminal: {@link #holdOutput} may then be used. */
    boolean buffersOutput() {
        return buffersOutput;
    }

    /** Set by {@link Main} when standard output is not a terminal (a file, a pipe). */
    void buffersOutput(boolean on) {
        buffersOutput = on;
    }

    /**
     * Marks the start ({@code name}) or end (null) of a command. With {@code --json}, a
     * command that printed nothing on standard output still says that it worked:
     * {@code {"command":"post","ok":true}}.
     */
    void running(String name, boolean worked) {
        if (name != null) {
            running = name;
            lines.printed = 0;
            return;
        }
        if (json && worked && lines.printed == 0 && running != null) {
            out.println(Json.object().put("command", running).put("ok", true));
        }
        if (lines.line.length() > 0) {
            out.println(); // a last line without its newline
        }
        running = null;
    }

    /** Where results go. */
    public PrintWriter out() {
        return out;
    }

    /** Where errors, warnings and trace lines go. */
    public PrintWriter err() {
        return err;
    }

    /** {@code --json}: read, stat and list print one JSON object per line. */
    public boolean json() {
        return json;
    }

    public void json(boolean on) {
        json = on;
    }

    /** True in the REPL: a person is watching, so blocking commands say that they block. */
    public boolean interactive() {
        return interactive;
    }

    public void interactive(boolean on) {
        interactive = on;
    }

    /** Columns help wraps to: the terminal's width in the REPL, else 80. */
    public int width() {
        return width;
    }

    public void width(int columns) {
        width = columns >= 40 ? columns : 80;
    }

    /** {@code --debug}: errors come with their stack trace. */
    public boolean debug() {
        return debug;
    }

    public void debug(boolean on) {
        debug = on;
    }

    public boolean trace() {
        return trace;
    }

    /** {@code --trace} / {@code set trace on}: every libc call goes to {@link #err()}, strace-style. */
    public void trace(boolean on) {
        trace = on;
        Tracing.sink(on ? line -> {
            err.println(line);
            err.flush();
        } : null);
    }

    /** The struct layouts this session knows, for {@code struct} and struct-typed read/write/watch. */
    public Structs structs() {
        return structs;
    }

    /** The key {@code key} chose last, or null. */
    public IpcKey currentKey() {
        return currentKey;
    }

    public void currentKey(IpcKey key) {
        currentKey = key;
    }

    /** The current handle, or null before the first attach. */
    public Handle current() {
        return current;
    }

    /** Makes {@code name} the current handle. */
    public Handle use(String name) {
        current = handle(name);
        return current;
    }

    /** The handle called {@code name} ({@code @} optional), or a one-line error listing the others. */
    public Handle handle(String name) {
        String n = name.startsWith("@") ? name.substring(1) : name;
        Handle h = handles.get(n);
        if (h == null) {
            throw new UserError("no handle named '" + n + "'" + (handles.isEmpty()
                    ? " (attach a segment first)"
                    : " (handles: " + String.join(" ", handles.keySet()) + ")"));
        }
        return h;
    }

    /**
     * The handle this command works on: the one named by {@code @NAME}, else the current
     * one. Fails with a one-line hint when there is none.
     */
    public Handle target() {
        if (override != null) {
            return handle(override);
        }
        if (current == null) {
            throw new UserError("no segment attached (attach one first: key PATH; attach --create --size 4k)");
        }
        return current;
    }

    /**
     * The target's object as {@code capability}, or one line such as {@code h2 is a
     * message queue; read needs memory}: how a command gets what it works on.
     */
    public <T> T require(Class<T> capability, String command) {
        return target().require(capability, command);
    }

    /** The target's SysV segment (for tests and SysV-only commands): see {@link #require}. */
    public Segment segment() {
        return require(Segment.class, "this");
    }

    /** Sets the {@code @NAME} of the command about to run; null clears it. */
    void override(String name) {
        override = name;
    }

    /** Every handle, in the order attached. */
    public Collection<Handle> handles() {
        return List.copyOf(handles.values());
    }

    /**
     * Adds a handle for {@code object}, named {@code name} or the next {@code hN}, and
     * makes it current.
     */
    public Handle add(IpcObject object, String name, boolean createdHere) {
        String n = name;
        if (n == null) {
            do {
                n = "h" + nextNumber++;
            } while (handles.containsKey(n));
        } else {
            checkName(n);
        }
        Handle h = new Handle(n, object, createdHere);
        handles.put(n, h);
        if (createdHere) {
            created.add(object);
        }
        current = h;
        return h;
    }

    /** Refuses a name that is malformed or held by an attached handle. */
    public void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new UserError("bad handle name '" + name + "' (use letters, digits, _ . -, starting with a letter)");
        }
        Handle old = handles.get(name);
        if (old != null && old.isAttached()) {
            throw new UserError("handle name '" + name + "' is taken by " + old.label()
                    + " (detach it first, or pick another --as)");
        }
    }

    /**
     * The attached handles on the object labelled {@code label} ("shmid 32769"), in the
     * order attached (two attaches of one segment are two handles): for list rows.
     */
    public List<Handle> handlesFor(String label) {
        return handlesFor(IpcObject.class, label);
    }

    /**
     * As {@link #handlesFor(String)}, among handles on objects of {@code kind} only: POSIX
     * shared memory and a named semaphore may share a name ("/jobs").
     */
    public List<Handle> handlesFor(Class<? extends IpcObject> kind, String label) {
        List<Handle> found = new ArrayList<>();
        for (Handle h : handles.values()) {
            if (h.isAttached() && kind.isInstance(h.object()) && h.label().equals(label)) {
                found.add(h);
            }
        }
        return found;
    }

    /** Asks the runner to stop after this command ({@code exit}). */
    public void requestExit() {
        exitRequested = true;
    }

    public boolean exitRequested() {
        return exitRequested;
    }

    /**
     * Detaches every handle (shmdt) and names, on {@link #err()}, the segments this
     * session created that still exist. Safe to call twice, and from a shutdown hook.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // From a shutdown hook the script may be in the middle of a command holding its output.
        holding = false;
        out.flush();
        if (mutexThread != null) {
            // Its locks end with it (robust ones owner-died), so the memory can be detached.
            mutexThread.close();
        }
        for (Handle h : handles.values()) {
            try {
                h.object().detach();
            } catch (IpcException e) {
                // A wait still running in another thread holds it; the kernel detaches at exit.
            }
        }
        for (String line : leftovers()) {
            err.println(line);
        }
        err.flush();
        out.flush();
        if (trace) {
            Tracing.sink(null);
        }
    }

    /** The thread every mutex call of this session runs on. */
    synchronized MutexThread mutexThread() {
        if (mutexThread == null) {
            mutexThread = new MutexThread();
        }
        return mutexThread;
    }

    /** One line per object this session created that is still on the host and not removed. */
    List<String> leftovers() {
        List<String> lines = new ArrayList<>();
        for (IpcObject o : created) {
            if (destroyed.contains(o.label())) {
                continue;
            }
            o.leftOnHost().ifPresent(what -> lines.add("left on the host: " + what));
        }
        return lines;
    }

    /** Stops naming {@code object} at exit: it was destroyed from this session. */
    void destroyed(IpcObject object) {
        destroyed.add(object.label());
    }

    /** Stops naming the object labelled {@code label} ("shmid 32769") at exit. */
    void destroyed(String label) {
        destroyed.add(label);
    }

    /** The objects of {@code kind} this session created, still existing or not. */
    public <T extends IpcObject> List<T> created(Class<T> kind) {
        return created.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /**
     * The prompt's text: {@code ipcsh h1 0x4100c1ab> }, the current handle and what it is
     * on. When {@code key} chose a key other than that one, the key the next {@code attach}
     * (or {@code semset}, {@code queue}) without KEY uses follows:
     * {@code ipcsh h1 0x4100c1ab key 0x00001111> }.
     */
    String prompt() {
        StringBuilder p = new StringBuilder("ipcsh");
        String keyName = currentKey == null ? null : currentKey.shortName();
        if (current != null) {
            p.append(' ').append(current.name());
            if (!current.isAttached()) {
                p.append("(detached)");
            }
            String on = current.object().name();
            p.append(' ').append(on);
            if (keyName != null && !keyName.equals(on)) {
                p.append(" key ").append(keyName);
            }
        } else if (keyName != null) {
            p.append(' ').append(keyName);
        }
        return p.append("> ").toString();
    }
}
