package io.ipcsh.demo;

import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
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
 * Runs the top-level {@code posix.jsh} as {@code bin/ipcsh jshell posix.jsh} does (as
 * {@link ExamplesJshTest} runs examples.jsh), checks each step's output, and that the
 * script's names are gone from /dev/shm afterwards.
 */
class PosixJshTest {
    private static final Path BASE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final Pattern NAMES = Pattern.compile("(/ipcsh-example-\\d+)-jobs is ");

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldWalkThroughPosixMemoryAndANamedSemaphoreAndLeaveNothing() {
        String jshell = Path.of(System.getProperty("java.home"), "bin", "jshell").toString();
        // The script's second process is an ipcsh shell: it needs picocli and JLine beside the
        // classes, as bin/ipcsh jshell's jar has them (its manifest's Class-Path).
        String classPath = java.util.stream.Stream.concat(java.util.stream.Stream.of(BASE.resolve("target/classes").toString()),
                java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                        .filter(e -> e.contains("picocli") || e.contains("jline"))).collect(java.util.stream.Collectors.joining(
                                java.io.File.pathSeparator));
        List<String> command = new ArrayList<>(List.of(jshell, "--class-path", classPath,
                "-R--enable-native-access=ALL-UNNAMED"));
        for (String flag : TestHome.javaFlags()) {
            command.add("-J" + flag);
            command.add("-R" + flag);
        }
        command.addAll(List.of("--startup", "DEFAULT",
                "--startup", BASE.resolve("src/main/jshell/imports.jsh").toString(),
                BASE.resolve("posix.jsh").toString()));
        Proc.Result r;
        String prefix = null;
        try (Proc p = Proc.start(command)) {
            try {
                r = p.waitFor(Duration.ofSeconds(180));
            } finally {
                Matcher m = NAMES.matcher(p.stdout());
                if (m.find()) {
                    prefix = m.group(1);
                    // Even after a timeout: remove what the script made.
                    for (String f : List.of(prefix.substring(1) + "-jobs", "sem." + prefix.substring(1) + "-ready")) {
                        Path.of("/dev/shm", f).toFile().delete();
                    }
                }
            }
        }
        assertEquals(0, r.exitCode(), r::describe);
        String out = r.stdout();
        assertFalse(out.contains("Error:") || out.contains("Exception") || !r.stderr().isEmpty(), r::describe);
        assertTrue(prefix != null, out);
        String jobs = prefix + "-jobs";
        String ready = prefix + "-ready";
        for (String expected : List.of(
                "   not a POSIX name: '/a/b' has a slash after the first",
                "   SharedMemory[" + jobs + " size=4096 mode=0600 nattch=1]",
                "   a second, read-only mapping reads getInt(0) = 42, getString(100) = \"hello from jshell\"",
                "   mapping " + jobs + " is attached read-only: write refused at offset=0 (attach it read-write to write)",
                "   NamedSemaphore[" + ready + " value=0 waiters=0 mode=0600 nattch=1]",
                "   trywait at 0: would block",
                "   woken: true",
                "   getString(200) = \"answered\"",
                ": h1: POSIX shared memory " + jobs + " size 4096 mode 0600 holders 2",
                ": 42",
                ": h2: named semaphore " + ready + " value 0 mode 0600 holders 2",
                "name " + jobs + "  path /dev/shm" + jobs,
                "mode 0600  size 4096  holders 1",
                "name " + ready + "  path /dev/shm/sem." + ready.substring(1),
                "value 0  waiters 0  holders 1",
                "   SharedMemory[" + jobs + " size=4096 mode=0600 nattch=0 detached]",
                "   NamedSemaphore[" + ready + " closed]",
                "   getInt(0) after detach: mapping " + jobs + " is detached from this process (attach it again)",
                "   post() after close: semaphore " + ready + " is detached from this process (sem open it again)",
                "   no POSIX shared memory " + jobs + " [shm_open: ENOENT]",
                "   no named semaphore " + ready + " [sem_open: ENOENT]")) {
            assertTrue(out.contains(expected), "expected '" + expected + "' in\n" + out);
        }
        assertFalse(Files.exists(Path.of("/dev/shm" + jobs)), "shm_unlink ran");
        assertFalse(Files.exists(Path.of("/dev/shm/sem." + ready.substring(1))), "sem_unlink ran");
    }
}
