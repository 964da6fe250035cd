package io.ipcsh.demo;

import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
import io.ipcsh.testkit.SysvShm;
import io.ipcsh.testkit.TestHome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the top-level {@code examples.jsh} as {@code bin/ipcsh jshell examples.jsh} does
 * (the same jshell flags, with target/classes instead of the jar so that the test needs
 * no package step, and the tests' home instead of the user's), and checks that each step printed what it should and that nothing is
 * left behind.
 */
class ExamplesJshTest {
    private static final Path BASE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Pattern SHMID = Pattern.compile("shmid=(\\d+)");
    private static final Pattern KEY_FILE = Pattern.compile("removed (\\S+)");

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldWalkThroughEveryStepAndExitZero() {
        String jshell = Path.of(System.getProperty("java.home"), "bin", "jshell").toString();
        List<String> command = new ArrayList<>(List.of(jshell, "--class-path", BASE.resolve("target/classes").toString(),
                "-R--enable-native-access=ALL-UNNAMED"));
        // jshell keeps its settings in java.util.prefs (~/.java, and an INFO line on stderr
        // when it makes that directory): both JVMs, the tool's (-J) and the one running the
        // snippets (-R), get the tests' home instead of the user's.
        for (String flag : TestHome.javaFlags()) {
            command.add("-J" + flag);
            command.add("-R" + flag);
        }
        command.addAll(List.of("--startup", "DEFAULT",
                "--startup", BASE.resolve("src/main/jshell/imports.jsh").toString(),
                BASE.resolve("examples.jsh").toString()));
        Proc.Result r;
        int shmid = -1;
        try (Proc p = Proc.start(command)) {
            try {
                r = p.waitFor(Duration.ofSeconds(180));
            } finally {
                // Even after a timeout, IpcCleanup removes the segment the script made: its output names it.
                Matcher m = SHMID.matcher(p.stdout());
                if (m.find()) {
                    shmid = ipc.track(Integer.parseInt(m.group(1)));
                }
            }
        }

        assertEquals(0, r.exitCode(), r::describe);
        String out = r.stdout();
        assertFalse(out.contains("Error:") || out.contains("Exception") || !r.stderr().isEmpty(), r::describe);
        for (String expected : List.of(
                "== 1. key: ftok(file, 65), as the seed's ftok(\"shmfile\", 65), on a new temp file",
                "   getInt(0) = 42, getString(100) = \"hello from jshell\"",
                "   Channel[synchronized shmid=" + shmid + " ready]: empty=1 full=0",
                "== 5. stat: shmctl(IPC_STAT), the fields ipcs -m -i shows, in the shell's stat words",
                "\nshmid " + shmid + "  key 0x", "\nmode 0600  size 4096  nattch 1  status -\n",
                "   Segment[key=", "size=4096 detached removed]",
                "== 3a. a C struct over the same bytes: members where gcc puts them (x86_64), read by name",
                "\tchar                       text[32];             /*   100    32 */",
                "       0  int count     = 42",
                "     100  char text[32] = \"hello from jshell\"",
                "   after write(0, rec, \"count\", \"43\"): getInt(0) = 43",
                "   Segment[key=", "size=4096 detached]",
                "   getInt(0) after detach: segment shmid=" + shmid
                        + " is detached from this process (attach it again)",
                "[shmget: ENOENT] (SegmentStat.list() shows the segments on the host)",
                "   receive(3):  type 3: third", "   receive(-2): type 1: second", "   receive(0):  type 2: first",
                "   tryReceive(0): Optional.empty",
                "   priority 9: urgent, then priority 5: normal, then priority 1: routine  (the highest priority first)",
                "   receive(0, 100ms): Optional.empty", "   mq_unlink + mq_close: PosixMessageQueue[/ipcsh-example-")) {
            assertTrue(out.contains(expected), "expected '" + expected + "' in\n" + out);
        }
        for (int i = 0; i < 5; i++) {
            assertTrue(Pattern.compile("consumer pid \\d+: Received: " + i + "\n").matcher(out).find(), out);
        }
        assertTrue(Pattern.compile("consumer pid \\d+: consumer synchronized: sent=5 received=5 missed=0 duplicated=0 ")
                .matcher(out).find(), out);
        assertTrue(out.contains("   producer synchronized: sent=5 in "), out);
        assertTrue(SysvShm.byId(shmid).isEmpty(), "segment " + shmid + " destroyed");
        Matcher f = KEY_FILE.matcher(out);
        assertTrue(f.find() && !Files.exists(Path.of(f.group(1))), "key file removed");
    }
}
