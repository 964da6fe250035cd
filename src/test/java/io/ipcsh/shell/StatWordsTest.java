package io.ipcsh.shell;

import io.ipcsh.ipc.IpcObject;
import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.MessageQueue;
import io.ipcsh.ipc.NamedSemaphore;
import io.ipcsh.ipc.PosixMessageQueue;
import io.ipcsh.ipc.PosixName;
import io.ipcsh.ipc.Segment;
import io.ipcsh.ipc.SemaphoreSet;
import io.ipcsh.ipc.SharedMemory;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One wording for every kind's stat (issue 14 item 8): what the shell's {@code stat} prints
 * is the stat record's {@code toString()}, which a JShell user sees, word for word. The
 * shell adds only its own two things: the handle on the first line and who's holder count
 * (beside nattch, or a line of its own) where the stat has none; these are taken off and
 * everything else must be equal.
 *
 * <p>Each object is made through the API here (as in JShell), opened in a shell session by
 * its key or name, and stat'ed by both while nothing changes it in between.
 */
class StatWordsTest {
    /** The holder count the shell adds: beside nattch, or a line of its own for a kind with neither nattch nor a count. */
    private static final Pattern HOLDERS = Pattern.compile("(^|  )holders \\d+( \\(\\+\\d+ unreadable\\))?");

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Session session = new Session(new PrintWriter(out, true), new PrintWriter(err, true));
    private final Shell shell = new Shell(session);

    /** Lets go of what the session holds before the kit destroys the objects, as exit does. */
    @AfterEach
    void closeSession() {
        session.close();
    }

    private String run(String line) {
        out.getBuffer().setLength(0);
        int status = shell.runLine(line);
        assertEquals(Shell.OK, status, () -> line + ": " + err);
        assertEquals("", err.toString(), line);
        return out.toString();
    }

    /**
     * {@code stat HANDLE} as the shell prints it, less the handle it adds to the first line
     * ({@code  handle h1}, {@code  handle h1 (detached)}) and, for a kind {@code who} can find
     * in /proc whose stat does not count its holders itself ({@code added}: a SysV segment,
     * beside nattch; a POSIX queue, on a line of its own), the holder count it adds; each must
     * be there once. POSIX shared memory and named semaphores count theirs in their own words.
     */
    private String statWords(String handle, boolean detached, boolean added) {
        List<String> lines = run("stat " + handle).lines().toList();
        String first = lines.get(0);
        String suffix = "  handle " + handle + (detached ? " (detached)" : "");
        assertTrue(first.endsWith(suffix), first);
        StringBuilder s = new StringBuilder(first.substring(0, first.length() - suffix.length()));
        int holders = 0;
        for (String line : lines.subList(1, lines.size())) {
            Matcher m = HOLDERS.matcher(line);
            if (added && m.find()) {
                holders++;
                if (m.start() == 0 && m.end() == line.length()) {
                    continue;
                }
                assertTrue(line.substring(0, m.start()).matches(".*\\bnattch \\d+"), "beside nattch: " + line);
                line = line.substring(0, m.start()) + line.substring(m.end());
            }
            s.append('\n').append(line);
        }
        assertEquals(added ? 1 : 0, holders, () -> "holder counts in " + lines);
        return s.toString();
    }

    /** The handle the session holds on this object (its key or name opened it). */
    private String handleOn(IpcObject made) {
        Handle h = session.current();
        assertEquals(made.getClass(), h.object().getClass());
        assertEquals(made.stat().lines().get(0), h.object().stat().lines().get(0), "the same object");
        return h.name();
    }

    @Test
    void shouldWordASegmentAsStatDoesAttachedDetachedAndRemoved() {
        IpcKey key = ipc.freshKey();
        Segment seg = ipc.track(Segment.createNew(key, 8192, 0640));
        run("attach " + key.hex());
        String h = handleOn(seg);

        assertEquals(seg.stat().toString(), statWords(h, false, true));
        assertTrue(seg.stat().toString().contains("  nattch 2  status -\n"), seg.stat()::toString);

        run("detach");
        assertEquals(seg.stat().toString(), statWords(h, true, true));

        seg.destroy();
        String removed = seg.stat().toString();
        assertTrue(removed.contains("  status dest (removed: freed at the last detach)\n"), removed);
        assertEquals(removed, statWords(h, true, true));
    }

    @Test
    void shouldWordASemaphoreSetAsStatDoesMemberTableIncluded() {
        IpcKey key = ipc.freshKey();
        SemaphoreSet set = ipc.track(SemaphoreSet.createNew(key, 3, 0600));
        set.setAll(1, 5, 7);
        set.member(2).post();
        run("semset " + key.hex());
        String h = handleOn(set);

        String words = set.stat().toString();
        assertEquals(words, statWords(h, false, false));
        assertTrue(words.contains("\nsemnum   value    ncount   zcount   pid\n"), words);
        assertTrue(words.endsWith("\n2        8        0        0        " + ProcessHandle.current().pid()), words);
    }

    @Test
    void shouldWordASysvQueueAsStatDoes() {
        IpcKey key = ipc.freshKey();
        MessageQueue q = ipc.track(MessageQueue.createNew(key, 0600));
        q.send(2, "first");
        q.send(1, "second");
        q.receive(1);
        run("queue " + key.hex());
        String h = handleOn(q);

        String words = q.stat().toString();
        assertEquals(words, statWords(h, false, false));
        long pid = ProcessHandle.current().pid();
        assertTrue(words.contains("\nmode 0600  messages 1  bytes 5  qbytes "), words);
        assertTrue(words.contains("  lspid " + pid + "  lrpid " + pid + "\n"), words);
    }

    @Test
    void shouldWordAPosixQueueAsStatDoes() {
        String name = ipc.freshPosixName();
        PosixMessageQueue q = ipc.track(PosixMessageQueue.createNew(name, 0600, 4, 128));
        q.send(9, "urgent");
        run("queue " + name);
        String h = handleOn(q);

        String words = q.stat().toString();
        assertEquals(words, statWords(h, false, true));
        assertTrue(words.startsWith("name " + name + "  POSIX message queue\nmode 0600  maxmsg 4  msgsize 128  curmsgs 1"
                + "  flags 0\n"), words);
    }

    @Test
    void shouldWordPosixSharedMemoryAsStatDoesMappedAndUnlinked() {
        PosixName name = ipc.freshName();
        SharedMemory shm = ipc.track(SharedMemory.createNew(name, 4096, 0600));
        run("attach " + name);
        String h = handleOn(shm);

        String words = shm.stat().toString();
        assertEquals(words, statWords(h, false, false));
        assertTrue(words.matches("(?s).*\nmode 0600  size 4096  holders 1( \\(\\+\\d+ unreadable\\))?  status -\n.*"), words);

        shm.destroy();
        String removed = shm.stat().toString();
        assertTrue(removed.contains("  status removed (unlinked: freed at the last munmap)\n"), removed);
        assertEquals(removed, statWords(h, false, false));
    }

    @Test
    void shouldWordANamedSemaphoreAsStatDoesOpenAndUnlinked() {
        PosixName name = ipc.freshName();
        NamedSemaphore sem = ipc.track(NamedSemaphore.createNew(name, 2, 0600));
        run("sem open " + name);
        String h = handleOn(sem);

        String words = sem.stat().toString();
        assertEquals(words, statWords(h, false, false));
        assertTrue(words.matches("(?s).*\nvalue 2  waiters 0  holders 1( \\(\\+\\d+ unreadable\\))?  status -\n.*"), words);

        sem.destroy();
        // Once unlinked each handle shows what the file said when it opened it: so the shell's
        // own object is what must read the same (the times of the two opens could differ).
        String removed = session.handle(h).object().stat().toString();
        assertTrue(removed.contains("  status removed (unlinked: freed when the last process closes it)\n"), removed);
        assertEquals(removed, statWords(h, false, false));
    }
}
