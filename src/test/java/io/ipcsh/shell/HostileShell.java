package io.ipcsh.shell;

import io.ipcsh.testkit.SysvShm;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shell session with segments in every state hostile input aims at, run one line at a
 * time through {@link Shell#runLine} (the script runner's per-line step), capturing what
 * each line printed:
 *
 * <ul>
 *   <li>{@code data}: 4k, read-write, semaphores at 0 (value 0) and 64 (value 1);</li>
 *   <li>{@code ro}: the same segment attached read-only;</li>
 *   <li>{@code removed}: attached, but destroyed (IPC_RMID): still usable;</li>
 *   <li>{@code gone}: destroyed and detached: its memory and its id are gone.</li>
 *   <li>{@code set}: a SysV semaphore set of 3, values 1 0 0;</li>
 *   <li>{@code setgone}: a semaphore set destroyed (IPC_RMID): its id is gone.</li>
 * </ul>
 * The current handle is {@code data} and the current key IPC_PRIVATE. In a line,
 * {@code {data}}, {@code {removed}} and {@code {gone}} stand for those shmids, {@code {set}} and
 * {@code {setgone}} for those semids.
 */
final class HostileShell implements AutoCloseable {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(data|removed|gone|set|setgone)}");

    /** What one line did: its status and everything it printed, split into lines. */
    record Outcome(String line, int status, List<String> out, List<String> err) {
        /** The lines on stderr that are not warnings. */
        List<String> errors() {
            return err.stream().filter(l -> !l.startsWith("warning: ")).toList();
        }

        String describe() {
            String shown = line.length() > 200 ? line.substring(0, 200) + "... (" + line.length() + " chars)" : line;
            return "line: " + shown + "\nstatus: " + status + "\nout: " + clip(out) + "\nerr: " + clip(err);
        }

        private static String clip(List<String> lines) {
            String s = String.join("\n", lines);
            return s.length() > 600 ? s.substring(0, 600) + "..." : s;
        }
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Session session = new Session(new PrintWriter(out, true), new PrintWriter(err, true));
    private final Shell shell = new Shell(session);
    private final int data;
    private final int removed;
    private final int gone;
    private final int set;
    private final int setGone;
    /** Segments on the host before this shell made any: never ours. */
    private final Set<Integer> before = new HashSet<>();

    HostileShell() {
        SysvShm.all().forEach(s -> before.add(s.shmid()));
        setUp("key private");
        data = shmid(setUp("attach --new --size 4k --as data"));
        setUp("sem init 0 0");
        setUp("sem init 64 1");
        setUp("attach --id " + data + " --readonly --as ro");
        setUp("key private");
        gone = shmid(setUp("attach --new --size 4k --as gone"));
        setUp("destroy gone");
        setUp("detach gone");
        setUp("key private");
        removed = shmid(setUp("attach --new --size 4k --as removed"));
        setUp("destroy removed");
        setUp("key private");
        set = id(setUp("semset --new --count 3 --as set"), "semid");
        setUp("sem setall 1 0 0");
        setUp("key private");
        setGone = id(setUp("semset --new --as setgone"), "semid");
        setUp("destroy setgone");
        setUp("key private");
        setUp("use data");
    }

    /** {@code line} with its placeholders replaced by shmids. */
    String expand(String line) {
        Matcher m = PLACEHOLDER.matcher(line);
        return m.replaceAll(r -> Integer.toString(switch (r.group(1)) {
            case "data" -> data;
            case "removed" -> removed;
            case "set" -> set;
            case "setgone" -> setGone;
            default -> gone;
        }));
    }

    /** Runs one line (placeholders expanded) and returns what it did. */
    Outcome run(String line) {
        String expanded = expand(line);
        int outMark = out.getBuffer().length();
        int errMark = err.getBuffer().length();
        int status = shell.runLine(expanded);
        return new Outcome(expanded, status, lines(out.getBuffer().substring(outMark)),
                lines(err.getBuffer().substring(errMark)));
    }

    /** Segments made since this shell started by this JVM that the session did not create on purpose. */
    List<Integer> strays() {
        int self = (int) ProcessHandle.current().pid();
        Set<Integer> ours = new LinkedHashSet<>(created());
        List<Integer> strays = new ArrayList<>();
        for (SysvShm s : SysvShm.all()) {
            if (!before.contains(s.shmid()) && s.cpid() == self && !ours.contains(s.shmid())) {
                strays.add(s.shmid());
            }
        }
        return strays;
    }

    /** Every segment this shell created, including the fixture's. */
    Set<Integer> created() {
        Set<Integer> shmids = new LinkedHashSet<>();
        session.created(io.ipcsh.ipc.Segment.class).forEach(s -> shmids.add(s.shmid()));
        return shmids;
    }

    /** Every semaphore set this shell created, fixtures included. */
    Set<Integer> createdSets() {
        Set<Integer> semids = new LinkedHashSet<>();
        session.created(io.ipcsh.ipc.SemaphoreSet.class).forEach(s -> semids.add(s.semid()));
        return semids;
    }

    Session session() {
        return session;
    }

    /**
     * Closes the session and removes the semaphore sets it made: a set records no creator
     * pid, so IpcCleanup can't sweep them as it sweeps this JVM's segments.
     */
    @Override
    public void close() {
        Set<Integer> sets = createdSets();
        session.close();
        sets.forEach(id -> io.ipcsh.posix.Sem.semctl(id, 0, io.ipcsh.posix.Ipc.IPC_RMID));
    }

    private Outcome setUp(String line) {
        Outcome o = run(line);
        assertEquals(0, o.status(), () -> "fixture line failed\n" + o.describe());
        assertTrue(o.errors().isEmpty(), () -> "fixture line complained\n" + o.describe());
        return o;
    }

    private static int shmid(Outcome attached) {
        return id(attached, "shmid");
    }

    private static int id(Outcome attached, String word) {
        Matcher m = Pattern.compile(" " + word + " (\\d+) ").matcher(attached.out().getFirst());
        assertTrue(m.find(), attached::describe);
        return Integer.parseInt(m.group(1));
    }

    private static List<String> lines(String text) {
        return text.lines().toList();
    }
}
