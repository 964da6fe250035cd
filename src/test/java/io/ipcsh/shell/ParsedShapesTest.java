package io.ipcsh.shell;

import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Lines of a shape picocli has parsed before are bound without parsing again: what they
 * print, their defaults and their error lines must be exactly picocli's.
 */
class ParsedShapesTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private static final String SETUP = "key private\nattach --size 4096 --create --as m\ndestroy\n";

    @Test
    void shouldBindRepeatedShapesAsPicocliDoes() {
        Shell.Result r = Shell.run(SETUP + """
                write 0 i32 1 2 3 4
                write 0 i32 7
                write 0 i32 8
                read 0 i32 4
                read 0 i32
                read 0 i32
                read @m 4 i32
                read @m 4 i32
                sem init 64 0
                post 64
                post 64
                sem value 64
                """, "--keep-going");
        assertEquals("", r.err());
        assertEquals(String.join("\n", "8 2 3 4", "8", "8", "2", "2", "2", ""),
                r.out().substring(r.out().indexOf("freed") + r.out().substring(r.out().indexOf("freed")).indexOf('\n') + 1));
    }

    @Test
    void shouldLeaveABadValueOnARepeatedShapeToPicocliAndItsErrorLine() {
        Shell.Result r = Shell.run(SETUP + """
                read 0 i32 2
                read 0 i32 zz
                write 0 i32 5
                write 0 i32 x
                write 0 i32 6
                read 0 i32 2
                """, "--keep-going");
        assertEquals(String.join("\n",
                "error: read: COUNT: not a number: 'zz' (use decimal or 0x hex) (usage: read OFFSET TYPE [COUNT])",
                "error: not an integer: 'x' (i32 takes decimal or 0x hex)", ""), r.err());
        assertEquals(Shell.USAGE, r.status());
        assertEquals("0 0\n6 0\n", r.out().substring(r.out().indexOf("0 0\n")));
    }

    @Test
    void shouldParseHelpAndOptionsEveryTime() {
        Shell.Result r = Shell.run(SETUP + """
                read 0 i32
                read 0 i32 --help
                read 0 i32
                """);
        assertEquals("", r.err());
        assertEquals(2, r.out().lines().filter(l -> l.equals("0")).count(), r.out());
        assertEquals(1, r.out().lines().filter(l -> l.startsWith("Usage: read")).count(), r.out());
    }
}
