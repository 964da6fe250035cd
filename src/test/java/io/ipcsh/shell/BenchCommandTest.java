package io.ipcsh.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code bench} inside the shell: it runs, prints JSON lines, and refuses bad options in one line. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BenchCommandTest {
    @TempDir
    static Path cache;

    @Test
    void shouldRunATinyBenchAndPrintJsonLines() {
        Shell.Result r = Shell.run("bench --mechanisms shm-adaptive,pipe --rounds 100 --sizes 0 --no-figures --json --cache " + cache);
        assertEquals(0, r.status(), () -> r.out() + r.err());
        List<String> rtts = r.out().lines().filter(l -> l.contains("\"metric\":\"rtt\"")).toList();
        assertEquals(4, rtts.size(), () -> r.out() + r.err());
        assertTrue(rtts.get(0).startsWith("{\"mechanism\":\"shm-adaptive\",\"impl\":\"java\",\"metric\":\"rtt\",\"median_ns\":"),
                rtts.get(0));
    }

    @Test
    void shouldFollowTheGlobalJsonFlag() {
        Shell.Result r = Shell.run("bench --mechanisms shm-spin --rounds 100 --sizes 0 --no-figures --cache " + cache, "--json");
        assertEquals(0, r.status(), () -> r.out() + r.err());
        assertEquals(2, r.out().lines().filter(l -> l.contains("\"metric\":\"rtt\"")).count(), () -> r.out() + r.err());
    }

    @Test
    void shouldRefuseAnUnknownMechanismInOneLine() {
        Shell.Result r = Shell.run("bench --mechanisms shm");
        assertEquals(Shell.USAGE, r.status());
        assertEquals("error: bench: unknown mechanism: shm (use one of shm-spin, shm-sem, shm-adaptive, pipe, unix, tcp)\n",
                r.err());
    }

    @Test
    void shouldRefuseABadSizeInOneLine() {
        Shell.Result r = Shell.run("bench --sizes 2x");
        assertEquals(Shell.USAGE, r.status());
        assertEquals("error: bench: not a size: '2x' (use bytes, or a k, m or g suffix: 4k)\n", r.err());
    }

    @Test
    void shouldHoldARunAgainstTheTargetsOfAFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("targets"), """
                # a comment, then three targets: one any run meets, one none can, one it doesn't measure
                rtt.java/c   <=  100    Java within 100x C
                rtt.java/c   <   0.001  Java a thousand times faster than C
                script       >=  1      a script
                """);
        Shell.Result r = Shell.run("bench --mechanisms shm-spin --rounds 100 --sizes 0 --no-figures --json --targets " + file
                + " --cache " + cache);
        assertEquals(0, r.status(), () -> r.out() + r.err());
        List<String> verdicts = r.out().lines().filter(l -> l.startsWith("{\"metric\":\"target\"")).toList();
        assertEquals(3, verdicts.size(), r::out);
        assertTrue(verdicts.get(0).matches("\\{\"metric\":\"target\",\"measure\":\"rtt.java/c\",\"op\":\"<=\",\"value\":100.0,"
                + "\"what\":\"Java within 100x C\",\"reached\":\"shm-spin [0-9.]+\",\"met\":true,\"rows\":1,\"missed\":0}"), verdicts.get(0));
        assertTrue(verdicts.get(1).matches(".*\"reached\":\"shm-spin [0-9.]+\",\"met\":false,\"rows\":1,\"missed\":1}"), verdicts.get(1));
        assertTrue(verdicts.get(2).endsWith("\"reached\":\"not measured\",\"met\":null,\"rows\":0,\"missed\":0}"), verdicts.get(2));
    }

    @Test
    void shouldRefuseABadTargetsFileInOneLineBeforeMeasuring(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("targets"), "rtt.java/c <= 1.1\nrtt.java/c =< 1.1\n");
        Shell.Result r = Shell.run("bench --targets " + file);
        assertEquals(Shell.USAGE, r.status());
        assertEquals("error: bench: targets " + file + " line 2: unknown comparison: =< (use >=, <=, > or <)\n", r.err());
        Shell.Result missing = Shell.run("bench --targets " + dir.resolve("none"));
        assertEquals(Shell.USAGE, missing.status());
        assertEquals("error: bench: targets " + dir.resolve("none") + ": no such file\n", missing.err());
    }
}
