package io.ipcsh.shell;

import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A script's standard output is buffered when it is not a terminal (Session.holdOutput),
 * and must still read as if every line went out as it was printed: in order with the
 * error lines in one {@code 2>&1} pipe, and all of it seen by a peer before the script
 * blocks or waits for more input.
 */
class ScriptOutputTest {
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldKeepResultsAndErrorsInOrderInOnePipe(@TempDir Path dir) throws IOException {
        // More output between two errors than a buffer holds, and errors one line apart.
        List<String> script = new ArrayList<>(List.of("key private", "attach --new --size 4k", "destroy"));
        List<String> expected = new ArrayList<>(List.of("key IPC_PRIVATE"));
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 400; i++) {
                script.add("write 0 i32 " + (round * 1000 + i));
                script.add("read 0 i32");
                expected.add(Integer.toString(round * 1000 + i));
            }
            script.add("read 4096 i32"); // past the end: an error line
            expected.add("ERROR " + script.size());
            script.add("echo after " + round);
            expected.add("after " + round);
            script.add("frobnicate"); // unknown: a usage error line
            expected.add("ERROR " + script.size());
            script.add("echo " + round);
            expected.add(Integer.toString(round));
        }
        Path file = Files.write(dir.resolve("order.ipcsh"), script);
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", "exec \"$@\" 2>&1", "sh"));
        cmd.addAll(Jvm.command(Main.class, "--keep-going", file.toString()));
        Proc.Result r = Proc.run(GENEROUS, cmd);

        assertEquals(2, r.exitCode(), r.describe());
        assertEquals("", r.stderr(), r.describe());
        List<String> lines = r.stdout().lines().toList();
        assertEquals(expected.size() + 2, lines.size(), r.describe()); // attach's and destroy's lines
        List<String> seen = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith(file + ":")) {
                assertTrue(l.contains(": error: "), l);
                seen.add("ERROR " + l.substring(file.toString().length() + 1, l.indexOf(": error: ")));
            } else if (!l.startsWith("h1: ") && !l.startsWith("destroyed shmid ")) {
                seen.add(l);
            }
        }
        assertEquals(expected, seen);
    }

    @Test
    void shouldShowEverythingPrintedBeforeABlockingWaitWhileItWaits(@TempDir Path dir) throws IOException {
        IpcCleanup.FreshKey k = ipc.freshKeyFile();
        String key = "key " + k.file() + " " + k.projId();
        List<String> script = new ArrayList<>(List.of(key, "attach --new --size 4k --as a", "sem init 0 0"));
        for (int i = 0; i < 50; i++) {
            script.add("write 64 i32 " + i);
            script.add("read 64 i32");
        }
        script.add("echo last before the wait");
        script.add("wait 0 --timeout 50s");
        script.add("echo after the wait");
        script.add("destroy");
        Path file = Files.write(dir.resolve("wait.ipcsh"), script);
        try (Proc a = Jvm.start(Main.class, file.toString())) {
            // Nothing posts until every line printed before the wait has been read: the wait
            // can't have returned, so the lines went out while it blocked.
            a.awaitLine("last before the wait", GENEROUS);
            for (int i = 0; i < 50; i++) {
                a.awaitLine(Integer.toString(i), GENEROUS);
            }
            Shell.Result post = Shell.run(key + "; attach --as b; post 0");
            assertEquals(0, post.status(), post.all());
            Proc.Result r = a.waitFor(GENEROUS);
            assertEquals(0, r.exitCode(), r.describe());
            assertTrue(r.stdout().contains("acquired\nafter the wait\n"), r.describe());
        }
    }

    @Test
    void shouldAnswerEachCommandPipedInBeforeTheNextArrives() {
        try (Proc p = Jvm.start(Main.class)) {
            for (int i = 0; i < 3; i++) {
                // The shell waits for its next line: what it printed must be out by then.
                p.println("echo ping " + i);
                p.awaitLine("ping " + i, GENEROUS);
            }
            p.closeStdin();
            Proc.Result r = p.waitFor(GENEROUS);
            assertEquals(0, r.exitCode(), r.describe());
        }
    }
}
