package io.ipcsh.shell;

import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One session runs many commands on the same picocli objects: nothing a command was
 * given may leak into the next one, and what a command prints on error stays one line.
 */
class ShellReuseTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldNotCarryCreateOverToTheNextAttach() {
        Shell.Result r = Shell.run("key private; attach --new --size 4k --as a; key private; attach --size 4k; destroy a",
                "--keep-going");
        assertEquals(Shell.FAILED, r.status(), r.all());
        assertEquals("error: a private key always makes a new segment: add --new --size N, or attach --id SHMID\n",
                r.err());
    }

    @Test
    void shouldNotCarryAnIdOverToTheNextAttach() {
        Shell.Result r = Shell.run("key private; attach --new --size 4k --as a; attach --id 0 --readonly --as b; destroy a",
                "--keep-going");
        assertEquals(Shell.FAILED, r.status(), r.all());
        assertTrue(r.err().startsWith("error: no segment with shmid=0"), r.err());
    }

    @Test
    void shouldNotCarryDestroyIdOverToTheNextDestroy() {
        String key = ipc.freshKey().hex();
        Shell.Result r = Shell.run("key private; attach --new --size 4k --as a; key " + key
                + "; attach --new --size 4k --as b; destroy --key " + key + "; use a; destroy; stat a; stat b");
        assertEquals(Shell.OK, r.status(), r.all());
        var destroyed = r.out().lines().filter(l -> l.startsWith("destroyed shmid ")).toList();
        assertEquals(2, destroyed.size(), r.out());
        assertTrue(!destroyed.get(0).equals(destroyed.get(1)), "the second destroy must remove a, not b again:\n" + r.out());
        assertEquals(2, r.out().lines().filter(l -> l.contains("status dest")).count(), r.out());
    }

    @Test
    void shouldKeepAnErrorAboutAHugeWordToOneShortLine() {
        Shell.Result r = Shell.run("x".repeat(100_000));
        assertEquals(Shell.USAGE, r.status());
        assertEquals(1, r.err().lines().count());
        String line = r.err().strip();
        assertTrue(line.length() <= Shell.MAX_ERROR_LINE + 40, line.length() + " chars");
        assertTrue(line.startsWith("error: unknown command 'xxx"), line);
        assertTrue(line.contains("...(99052 characters cut)..."), line);
        assertTrue(line.endsWith("xxx' (help lists the commands)"), line);
    }

    @Test
    void shouldShowControlCharactersInAnErrorAsEscapes() {
        java.io.StringWriter err = new java.io.StringWriter();
        Session session = new Session(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err, true));
        // -c 'read "a<newline>b<ESC>[2J" i32' reaches runLine as one line.
        assertEquals(Shell.USAGE, new Shell(session).runLine("read 'a\nb\u001b[2J' i32"));
        assertEquals("error: read: OFFSET: not a number: 'a\\x0ab\\x1b[2J' (use decimal or 0x hex)"
                + " (usage: read OFFSET TYPE [COUNT])\n", err.toString());
    }
}
