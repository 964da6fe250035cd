package io.ipcsh.shell;

import io.ipcsh.ipc.Segment;
import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.TestHome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The interactive shell on a real pseudo-terminal: ipcsh runs inside a private tmux
 * server; the test types keys with {@code send-keys} and reads the screen with
 * {@code capture-pane}. Skipped when tmux is not installed.
 */
class ReplTerminalTest {
    private static final Duration SCREEN_TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @TempDir
    Path dir;

    private Path socket;
    private Path history;

    @BeforeEach
    void startTmux() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")) || onPath("tmux"), "tmux is not installed");
        socket = dir.resolve("tmux.sock");
        history = dir.resolve("history");
        List<String> java = Jvm.command(Main.class);
        String command = "IPCSH_HISTORY=" + quote(history.toString()) + " "
                + java.stream().map(ReplTerminalTest::quote).collect(Collectors.joining(" "));
        tmux("new-session", "-d", "-x", "200", "-y", "50", "-s", "ipcsh", command);
        tmux("set-option", "-t", "ipcsh", "remain-on-exit", "on");
    }

    @AfterEach
    void stopTmux() throws Exception {
        if (socket != null) {
            // Segments the shell made are removed by name below if it left any.
            String screen = screen().text();
            Matcher m = Pattern.compile("shmid (\\d+)").matcher(screen);
            while (m.find()) {
                ipc.track(Integer.parseInt(m.group(1)));
            }
            tmux("kill-server");
        }
    }

    @Test
    void shouldCompleteCancelAWaitAndLeaveCleanly() throws Exception {
        awaitScreen(s -> s.cursorLine().equals("ipcsh>"), "the first prompt");

        // Ctrl-\ (SIGQUIT from the terminal) dumps no JVM threads onto the screen.
        send("C-\\", "echo after quit key", "Enter");
        // Each step waits for the prompt before typing on: keys sent while a command still
        // runs are echoed by the terminal itself, before the prompt, and Ctrl-D then is EOF
        // to the terminal instead of a key for the line editor.
        awaitScreen(s -> s.text().lines().anyMatch(l -> l.equals("after quit key")) && s.cursorLine().equals("ipcsh>"),
                "the shell alive after Ctrl-\\");
        assertFalse(screen().text().contains("Full thread dump"), screen().text());

        send("key private; attach --new --size 4k; sem init 0 0", "Enter");
        awaitScreen(s -> s.cursorLine().equals("ipcsh h1 private>"), "the prompt naming h1 and its key");

        // Tab completes a command name...
        send("hand", "Tab");
        awaitScreen(s -> s.cursorLine().equals("ipcsh h1 private> handles"), "handles completed");
        send("Enter");
        awaitScreen(s -> s.contains("* h1       key 0x00000000 shmid ") && s.cursorLine().equals("ipcsh h1 private>"),
                "the handles table");

        // ... and a type.
        send("read 0 u1", "Tab");
        awaitScreen(s -> s.cursorLine().startsWith("ipcsh h1 private> read 0 u"), "u completed");
        send("C-u", "read 0 i3", "Tab");
        awaitScreen(s -> s.cursorLine().equals("ipcsh h1 private> read 0 i32"), "i32 completed");
        send("Enter");
        awaitScreen(s -> s.text().lines().anyMatch(l -> l.equals("0")) && s.cursorLine().equals("ipcsh h1 private>"),
                "the value read and a fresh prompt");

        // A wait that nobody posts blocks, and says so once; Ctrl-C cancels it and the shell stays.
        Matcher attached = Pattern.compile("h1: key 0x00000000 shmid (\\d+) ").matcher(screen().text());
        assertTrue(attached.find(), screen().text());
        int shmid = Integer.parseInt(attached.group(1));
        send("wait", "Enter");
        String waiting = "waiting on shmid=" + shmid + " offset=0: value 0, 0 other waiters (Ctrl-C cancels)";
        awaitScreen(s -> s.text().lines().anyMatch(l -> l.equals("ipcsh h1 private> wait"))
                && s.text().lines().anyMatch(l -> l.equals(waiting)) && s.cursorLine().equals(""),
                "the wait saying that it blocks, without a prompt");
        // Blocked in sem_wait, as glibc counts it, and no prompt meanwhile.
        try (Segment seg = Segment.attach(shmid)) {
            Await.until(() -> seg.semaphore(0).waiters() == 1, SCREEN_TIMEOUT, "the shell blocked in sem_wait");
            assertEquals("", screen().cursorLine(), "still waiting");
            // A line typed while it waits is kept and runs once a post ends the wait.
            send("echo typed while waiting", "Enter");
            seg.semaphore(0).post();
        }
        awaitScreen(s -> s.text().lines().anyMatch(l -> l.equals("typed while waiting")) && s.cursorLine().equals("ipcsh h1 private>"),
                "the wait acquired, then the line typed meanwhile run");
        send("wait", "Enter");
        awaitScreen(s -> s.text().lines().filter(l -> l.startsWith("waiting on shmid=")).count() == 2, "the second wait blocking");
        send("echo typed before ctrl-c", "Enter");
        send("C-c");
        awaitScreen(s -> s.text().lines().anyMatch(l -> l.equals("cancelled: wait on the semaphore at offset=0"))
                && s.text().lines().anyMatch(l -> l.equals("typed before ctrl-c"))
                && s.cursorLine().equals("ipcsh h1 private>"), "the wait cancelled, the line typed meanwhile run, a new prompt");

        // Ctrl-C at the prompt only clears the line.
        send("echo typed");
        awaitScreen(s -> s.cursorLine().equals("ipcsh h1 private> echo typed"), "the typed line");
        send("C-c");
        awaitScreen(s -> s.cursorLine().equals("ipcsh h1 private>"), "a fresh prompt");
        send("echo still here", "Enter");
        awaitScreen(s -> s.text().lines().anyMatch(l -> l.equals("still here")) && s.cursorLine().equals("ipcsh h1 private>"),
                "the shell alive after Ctrl-C at the prompt");

        send("destroy", "Enter");
        awaitScreen(s -> s.contains("destroyed shmid ") && s.cursorLine().equals("ipcsh h1 private>"), "destroy");
        send("C-d");
        awaitExit("Ctrl-D");

        String screen = screen().text();
        assertTrue(screen.lines().anyMatch(l -> l.equals("0")), screen);
        assertFalse(screen.contains("left on the host"), screen);
        assertFalse(screen.contains("Exception"), screen);
        List<String> typed = Files.readAllLines(history).stream().map(l -> l.replaceFirst("^\\d+:", "")).toList();
        assertTrue(typed.contains("handles"), "history: " + typed);
        assertTrue(typed.contains("wait"), "history: " + typed);
        assertEquals(List.of(), leftovers(screen));
    }

    @Test
    void shouldNameWhatThisSessionLeftOnExit() throws Exception {
        awaitScreen(s -> s.cursorLine().equals("ipcsh>"), "the first prompt");
        send("attach private --new --size 1k --as keep", "Enter");
        awaitScreen(s -> s.cursorLine().equals("ipcsh keep private>"), "the prompt naming keep");
        send("exit", "Enter");
        awaitExit("exit");
        List<String> left = leftovers(screen().text());
        assertEquals(1, left.size(), screen().text());
        assertTrue(left.get(0).matches("left on the host: shmid \\d+ key 0x00000000 size 1024 nattch 0 "
                + "\\(remove it from bash: ipcrm -m \\d+\\)"), left.get(0));
    }

    @Test
    void shouldReadAStructDeclarationTypedOverSeveralLines() throws Exception {
        awaitScreen(s -> s.cursorLine().equals("ipcsh>"), "the first prompt");
        send("struct rec {", "Enter");
        // tmux ends a command at an argument's trailing ';': escape it.
        send("  int id\\;", "Enter");
        send("  char name[3]\\;", "Enter");
        send("}; struct show rec", "Enter");
        awaitScreen(s -> s.contains("struct rec: 8 bytes, aligned to 4, 2 members, 1 byte of padding (struct show rec)")
                && s.contains("/* size: 8, cachelines: 1, members: 2 */") && s.cursorLine().equals("ipcsh>"),
                "the declaration defined once its } was typed, then shown");
        send("exit", "Enter");
        awaitExit("exit");
    }

    private static List<String> leftovers(String screen) {
        return screen.lines().filter(l -> l.startsWith("left on the host")).toList();
    }

    /** What the screen shows, and the line the cursor is on (where typing goes). */
    private record Screen(String text, String cursorLine) {
        boolean contains(String s) {
            return text.contains(s);
        }
    }

    /** Waits until the shell's process has ended (tmux keeps the pane, remain-on-exit). */
    private void awaitExit(String after) {
        Await.until(() -> tmuxQuietly("display-message", "-p", "-t", "ipcsh", "#{pane_dead}").strip().equals("1"), SCREEN_TIMEOUT,
                () -> "the shell to end after " + after + "; the screen shows:\n" + screenQuietly().text());
    }

    private void send(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "ipcsh"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    private Screen screen() throws Exception {
        String text = tmux("capture-pane", "-p", "-t", "ipcsh");
        int y = Integer.parseInt(tmux("display-message", "-p", "-t", "ipcsh", "#{cursor_y}").strip());
        List<String> lines = text.lines().toList();
        return new Screen(text, y < lines.size() ? lines.get(y).stripTrailing() : "");
    }

    private Screen awaitScreen(Predicate<Screen> ready, String what) {
        return Await.value(this::screenQuietly, ready, SCREEN_TIMEOUT, what);
    }

    private Screen screenQuietly() {
        try {
            return screen();
        } catch (Exception e) {
            throw new AssertionError("tmux: " + e, e);
        }
    }

    private String tmuxQuietly(String... args) {
        try {
            return tmux(args);
        } catch (Exception e) {
            throw new AssertionError("tmux: " + e, e);
        }
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        TestHome.apply(pb.environment()); // the tmux server and the shell it starts
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tmux " + args[0] + " hung");
        }
        if (p.exitValue() != 0 && !args[0].equals("kill-server")) {
            throw new AssertionError("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }

    private static boolean onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
