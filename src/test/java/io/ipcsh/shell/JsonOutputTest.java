package io.ipcsh.shell;

import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --json}: every command prints one JSON object per line on standard output, and
 * errors stay plain lines on standard error. Checked by a real JSON parser (jq) over the
 * output of a long script that runs every command.
 */
class JsonOutputTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    /** Every command of {@link Commands#ALL} at least once, some failing on purpose (--keep-going). */
    private static String script(Path keyFile) {
        return String.join("\n",
                "key " + keyFile,
                "key private",
                "attach --new --size 4k --as a",
                "write 0 i32 1 2 3",
                "write 16 str it's JSON: \"quoted\", \\\\ and a tab",
                "read 0 i32 3",
                "read 16 str",
                "read 0 bytes 4",
                "dump 0 32",
                "watch 0 i32 --count 1",
                "sem init 64 0",
                "post 64",
                "sem value 64",
                "trywait 64",
                "trywait 64",
                "wait 64 --timeout 1ms",
                "post 64",
                "wait 64",
                "sem destroy 64",
                "stat",
                "list",
                "who",
                "limits",
                "handles",
                "attach private --new --size 1k --as b",
                "use a",
                "detach b",
                "detach b",
                "destroy b",
                "help",
                "help attach",
                "attach --help",
                "echo @foo bar",
                "echo",
                "sleep 1ms",
                "set trace off",
                "bogus command",
                "read 4096 i32",
                "destroy",
                "detach",
                "handles",
                "exit");
    }

    @Test
    void shouldPrintOneJsonObjectPerLineForEveryCommand() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/jq")), "jq is not installed");
        Path keyFile = ipc.freshKeyFile().file();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"--json", "--keep-going"}, new ByteArrayInputStream(
                script(keyFile).getBytes(StandardCharsets.UTF_8)), out, err, false);
        String stdout = out.toString(StandardCharsets.UTF_8);
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(Shell.USAGE, status, stderr);
        List<String> lines = stdout.lines().toList();
        assertTrue(lines.size() > 40, stdout);

        // jq parses every line; each must be an object, and jq gives back as many lines.
        try (Proc jq = Proc.start(List.of("jq", "-c", "if type == \"object\" then . else error(\"not an object\") end"))) {
            for (String l : lines) {
                jq.println(l);
            }
            Proc.Result r = jq.waitFor(Duration.ofSeconds(60));
            assertEquals(0, r.exitCode(), r::describe);
            assertEquals(lines.size(), r.stdout().lines().count(), r::describe);
        }
        assertTrue(lines.contains("{\"echo\":\"@foo bar\"}"), stdout);
        assertTrue(lines.contains("{\"command\":\"post\",\"ok\":true}"), stdout);
        assertTrue(lines.contains("{\"acquired\":false,\"would_block\":true}"), stdout);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("{\"command\":\"help\",\"text\":\"Usage: attach ")), stdout);
        assertTrue(lines.contains("{\"handle\":\"a\",\"shmid\":" + shmidOf(lines) + ",\"offset\":16,\"type\":\"str\","
                + "\"values\":[\"it's JSON: quoted, \\\\ and a tab\"]}"), stdout);

        // Errors: plain lines on stderr, none of them JSON.
        List<String> errors = stderr.lines().toList();
        assertEquals(List.of("error: timed out after 1ms waiting on the semaphore at offset=64",
                "error: unknown command 'bogus' (help lists the commands)",
                "error: offset out of range: offset=4096 length=4 size=4096"), errors, stderr);
        for (String e : errors) {
            assertFalse(e.startsWith("{"), e);
        }
    }

    private static int shmidOf(List<String> lines) {
        String attach = lines.stream().filter(l -> l.startsWith("{\"handle\":\"a\",\"key\"")).findFirst().orElseThrow();
        return Integer.parseInt(attach.replaceFirst(".*\"shmid\":(\\d+),.*", "$1"));
    }
}
