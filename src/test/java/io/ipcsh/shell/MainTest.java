package io.ipcsh.shell;

import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How ipcsh is invoked: -c, FILE, stdin, one command, global flags and their statuses. */
class MainTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private record Run(int status, String out, String err) {
    }

    private static Run main(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, false);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldRunCommandsGivenWithC() {
        Run r = main("", "-c", "echo one; echo two");
        assertEquals(new Run(0, "one\ntwo\n", ""), r);
    }

    @Test
    void shouldStopAtTheFirstFailureWithStatusOne() {
        Run r = main("", "-c", "echo one; use nothing; echo two");
        assertEquals(new Run(1, "one\n", "error: no handle named 'nothing' (attach a segment first)\n"), r);
    }

    @Test
    void shouldKeepGoingAndStillFail() {
        Run r = main("", "--keep-going", "-c", "use nothing; echo two");
        assertEquals(new Run(1, "two\n", "error: no handle named 'nothing' (attach a segment first)\n"), r);
    }

    @Test
    void shouldNameTheFileAndLineOfAScriptError(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("script.ipc");
        Files.writeString(script, "# line 1\necho two\natach private\necho never\n");
        Run r = main("", script.toString());
        assertEquals(new Run(2, "two\n", script + ":3: error: unknown command 'atach'; did you mean 'attach'?"
                + " (help lists the commands)\n"), r);
        Run keepGoing = main("", "--keep-going", script.toString());
        assertEquals(script + ":3: error: unknown command 'atach'; did you mean 'attach'? (help lists the commands)\n",
                keepGoing.err());
        Run inline = main("", "-c", "atach");
        assertEquals("error: unknown command 'atach'; did you mean 'attach'? (help lists the commands)\n", inline.err());
    }

    @Test
    void shouldRunAScriptFile(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("hello.ipcsh");
        Files.writeString(script, "# make, fill, read, remove\nattach private --new --size 4k\nwrite 0 u16 65535\n"
                + "read 0 u16\ndestroy\n");
        Run r = main("", "--json", script.toString());
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("{\"command\":\"write\",\"ok\":true}", lines[1], "a command with nothing to print still says it worked");
        assertTrue(lines[2].matches("\\{\"handle\":\"h1\",\"shmid\":\\d+,\"offset\":0,\"type\":\"u16\",\"values\":\\[65535]}"),
                lines[2]);
    }

    @Test
    void shouldReadCommandsFromStdin() {
        Run r = main("echo from stdin\nsleep 1ms; echo done\n");
        assertEquals(new Run(0, "from stdin\ndone\n", ""), r);
    }

    /** Each command once, whatever the end of the script looks like (a report said the first one ran again at EOF). */
    @ParameterizedTest
    @ValueSource(strings = {"echo a\necho b\n", "echo a\necho b", "echo a\necho b\n\n", "echo a\r\necho b\r\n", "echo a; echo b"})
    void shouldRunEveryCommandOnceFromStdinAFileAndC(String script, @TempDir Path dir) throws Exception {
        Run once = new Run(0, "a\nb\n", "");
        assertEquals(once, main(script), "stdin");
        Path file = dir.resolve("script.ipc");
        Files.writeString(file, script);
        assertEquals(once, main("", file.toString()), "FILE");
        assertEquals(once, main("", "-c", script), "-c");
    }

    @Test
    void shouldRunOneCommandFromTheArguments() {
        assertEquals(new Run(0, "hello world\n", ""), main("", "echo", "hello", "world"));
        Run help = main("", "help", "sem", "init");
        assertTrue(help.out().startsWith("Usage: sem init [-hV] [--force] [OFFSET] [VALUE]"), help.out());
    }

    @Test
    void shouldTraceWithTheGlobalFlag() {
        Run r = main("", "--trace", "-c", "attach private --new --size 4k; destroy");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().startsWith("shmget(IPC_PRIVATE, 4096, IPC_CREAT|IPC_EXCL|0600) = "), r.err());
        assertTrue(r.err().contains(", IPC_RMID, NULL) = 0\n"), r.err());
    }

    @Test
    void shouldCallABadFlagOrFileAUsageError() {
        Run flag = main("", "--bogus");
        assertEquals(new Run(2, "", "ipcsh: Unknown option: '--bogus' (ipcsh --help shows the usage)\n"), flag);
        Run file = main("", "/no/such/script");
        assertEquals(new Run(2, "", "ipcsh: cannot read script /no/such/script: no such file (ipcsh --help shows the usage)\n"),
                file);
        Run both = main("", "-c", "echo", "script");
        assertEquals(2, both.status());
        Run typo = main("", "-c", "raed 0 i32");
        assertEquals(new Run(2, "", "error: unknown command 'raed'; did you mean 'read'? (help lists the commands)\n"), typo);
    }

    @Test
    void shouldPrintVersionAndHelp() {
        Run v = main("", "--version");
        assertEquals(0, v.status());
        assertEquals("ipcsh " + Main.version() + " (Java " + Runtime.version() + ")\n", v.out());
        Run h = main("", "--help");
        assertTrue(h.out().startsWith("Usage: ipcsh [-hV] [--debug] [--json] [--keep-going] [--trace] [-c=COMMANDS]"), h.out());
    }

    @Test
    void shouldShowStackTracesOnlyWithDebug() {
        Run plain = main("", "-c", "read 0 i32");
        assertEquals(1, plain.err().split("\n").length);
        Run debug = main("", "--debug", "-c", "read 0 i32");
        assertTrue(debug.err().startsWith("error: no segment attached"), debug.err());
        assertTrue(debug.err().contains("\tat io.ipcsh.shell.Session.target"), debug.err());
    }

    /**
     * The invocations Main parses without picocli come out as picocli parses them, and
     * every other one is left to picocli (its help, version and error lines).
     */
    @Test
    void shouldParsePlainInvocationsAsPicocliDoes() {
        String[][] plain = {
                {}, {"-c", "key private"}, {"--json", "-c", "read 0 i32"}, {"-c", "x", "--trace", "--debug", "--keep-going"},
                {"script.ipc"}, {"--json", "list", "--json", "-x", "--", "@a"}, {"write", "0", "i32", "-5"},
                {"-c", "\"quoted\""}, {"-c", "a", "b"}, {"--keep-going", "s.ipc", "extra"}, {"-c", "@x"}};
        for (String[] args : plain) {
            Main.Invocation fast = Main.Invocation.plain(args);
            assertNotNull(fast, String.join(" ", args));
            Main.Invocation slow = new Main.Invocation();
            new picocli.CommandLine(slow).setStopAtPositional(true).setExpandAtFiles(false).parseArgs(args);
            assertEquals(List.of(slow.commands == null ? "" : slow.commands, slow.json, slow.trace, slow.debug, slow.keepGoing,
                            slow.rest),
                    List.of(fast.commands == null ? "" : fast.commands, fast.json, fast.trace, fast.debug, fast.keepGoing,
                            fast.rest),
                    String.join(" ", args));
        }
        String[][] picocli = {
                {"-h"}, {"--help"}, {"-V"}, {"--version"}, {"-c"}, {"-c", "--json"}, {"-c", ""}, {"-ckey private"},
                {"-c=key private"}, {"--json", "--json"}, {"-c", "a", "-c", "b"}, {"--"}, {"--jsn"}, {"-x", "f"}, {""}};
        for (String[] args : picocli) {
            assertNull(Main.Invocation.plain(args), String.join(" ", args));
        }
    }

    @Test
    void shouldGivePicocliErrorsForWhatIsNotPlain() {
        assertEquals(new Run(2, "", "ipcsh: option '--json' should be specified only once (ipcsh --help shows the usage)\n"),
                main("", "--json", "--json", "-c", "echo x"));
        assertEquals(new Run(2, "", "ipcsh: Unknown option: '--jsn' (ipcsh --help shows the usage)\n"),
                main("", "--jsn", "-c", "echo x"));
        Run help = main("", "--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("Usage: ipcsh [-hV] [--debug] [--json] [--keep-going] [--trace] [-c=COMMANDS]"),
                help.out());
    }
}
