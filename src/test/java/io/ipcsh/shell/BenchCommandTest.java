package io.ipcsh.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

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
}
