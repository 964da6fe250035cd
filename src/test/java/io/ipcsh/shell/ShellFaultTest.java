package io.ipcsh.shell;

import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.ScriptedPeer;
import io.ipcsh.testkit.Proc;
import io.ipcsh.testkit.SysvShm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crashed peers, removed segments and signals, seen through shell commands: what a user
 * types in the survivor ({@code wait --timeout}, {@code stat}, {@code sem value},
 * {@code sem init}) must say what happened, and an interactive shell killed by SIGTERM
 * or SIGHUP must leave nothing attached and its {@code --temp} segments gone.
 */
class ShellFaultTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private final List<Proc> peers = new ArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private Session session;
    private Shell shell;
    private int shmid;

    @BeforeEach
    void attachASegment() {
        session = new Session(new PrintWriter(out, true), new PrintWriter(err, true));
        shell = new Shell(session);
        ok("key private");
        shmid = shmidIn(ok("attach --new --size 4k --as s"));
        ipc.track(shmid);
    }

    @AfterEach
    void killPeers() {
        peers.forEach(Proc::close);
        session.close();
    }

    @Test
    void shouldTimeOutWithAClearLineWhenThePeerHoldingTheSemaphoreIsKilled() throws Exception {
        ok("sem init 0 1");
        Proc holder = cPeer("hold");
        assertEquals("0", ok("sem value"));
        assertTrue(ok("stat").contains("nattch 2"));

        kill(holder);

        awaitTrue(() -> ok("stat").contains("nattch 1 "), "stat shows nattch 1");
        String[] waited = fail("wait 0 --timeout 200ms");
        assertEquals("error: timed out after 200ms waiting on the semaphore at offset=0", waited[1]);
        assertEquals("0", ok("sem value"), "the dead holder's count is gone");
        ok("post");
        assertEquals("acquired", ok("wait 0 --timeout 200ms"));
    }

    @Test
    void shouldRefuseSemInitOverAKilledWaiterUntilForced() throws Exception {
        ok("sem init 0 0");
        Proc waiter = cPeer("wait");
        awaitTrue(() -> session.segment().semaphore(0).waiters() == 1, "the peer blocks in sem_wait");

        kill(waiter);

        awaitTrue(() -> ok("stat").contains("nattch 1 "), "stat shows nattch 1");
        assertEquals("0", ok("sem value"));
        assertEquals("error: sem_init refused: 1 waiter is blocked on the semaphore at offset=0 in shmid=" + shmid
                + ", and re-initialising would strand it and lose the count"
                + " (post to release it first; if it was killed, sem init --force)", fail("sem init 0 1")[1]);
        assertEquals("error: sem_destroy refused: 1 waiter is blocked on the semaphore at offset=0 in shmid=" + shmid
                + ", and destroying a semaphore under its waiters is undefined"
                + " (post to release it first; if it was killed, sem destroy --force)", fail("sem destroy")[1]);
        ok("sem init 0 1 --force");
        assertEquals("1", ok("sem value"));
        ok("sem init 0 1");
    }

    @Test
    void shouldDropNattchWhenAnAttachedJvmPeerIsKilled() throws Exception {
        Proc peer = Jvm.start(ScriptedPeer.class);
        peers.add(peer);
        peer.awaitLine("ready", PATIENCE);
        peer.println("open-id " + shmid);
        peer.awaitLineStartingWith("ok shmid=" + shmid, PATIENCE);
        assertTrue(ok("stat").contains("nattch 2 "));

        kill(peer);

        awaitTrue(() -> ok("stat").contains("nattch 1 "), "stat shows nattch 1");
    }

    @Test
    void shouldKeepWorkingAndShowDestWhenAnotherProcessDestroysTheSegment() {
        ok("write 0 i32 5");
        Proc.Result rm = Proc.run(PATIENCE, List.of("ipcrm", "-m", Integer.toString(shmid)));
        assertEquals(0, rm.exitCode(), rm::describe);

        assertEquals("5", ok("read 0 i32"));
        ok("write 0 i32 6");
        assertEquals("6", ok("read 0 i32"));
        assertTrue(ok("stat").contains("status dest (removed: freed at the last detach)"));
        ok("detach");
        assertEquals("error: no segment with shmid=" + shmid + ": it was removed, or never existed"
                + " [shmat: EINVAL] (see list)", fail("attach --id " + shmid)[1]);
    }

    @Test
    void shouldFreeATempSegmentAtTheLastDetach() throws Exception {
        String attached = ok("key private; attach --new --size 4k --as t --temp");
        int temp = shmidIn(attached);
        ipc.track(temp);
        assertTrue(attached.endsWith("(created) (temp: destroyed, freed at the last detach)"), attached);
        assertTrue(ok("stat t").contains("status dest"));
        ok("write @t 0 i32 9");
        Proc peer = Proc.start(List.of(CProgram.compile("peer.c").toString(), Integer.toString(temp), "attach"));
        peers.add(peer);
        peer.awaitLine("attached", PATIENCE);

        ok("detach t");
        assertEquals(1L, SysvShm.byId(temp).orElseThrow().nattch(), "the peer still has it");
        kill(peer);
        awaitTrue(() -> SysvShm.byId(temp).isEmpty(), "gone with the last detach");
    }

    /**
     * The REPL on a pseudo-terminal ({@code script}), with a --temp segment, a plain one it
     * created, and a C peer on the plain one; then a signal. The shell must go, its
     * attaches with it (nattch drops), the --temp segment must be freed, and the plain one,
     * still the peer's, named as left on the host.
     */
    @ParameterizedTest
    @ValueSource(strings = {"TERM", "HUP"})
    void shouldDetachCleanlyWhenAnInteractiveShellGetsASignal(String signal, @TempDir Path dir) throws Exception {
        // Its own history file: the REPL saves history as it goes, and no other test's lines belong in it.
        // HUP and TERM at their default: a suite started under nohup (or by a CI agent that
        // ignores HUP) hands SIG_IGN down to every child, a JVM keeps an inherited SIG_IGN,
        // and the shell would never see the signal this test sends.
        String cmd = "exec env --default-signal=HUP,TERM IPCSH_HISTORY=" + quote(dir.resolve("history").toString()) + " "
                + Jvm.command(Main.class).stream().map(ShellFaultTest::quote).collect(Collectors.joining(" "));
        Proc repl = Proc.start(List.of("script", "-qfec", cmd, "/dev/null"));
        peers.add(repl);
        repl.println("key private");
        repl.println("attach --new --size 4k --as t --temp");
        int temp = shmidIn(repl.awaitLine(l -> l.contains("t: key "), PATIENCE, "the temp attach"));
        ipc.track(temp);
        repl.println("key private");
        repl.println("attach --new --size 4k --as kept");
        int kept = shmidIn(repl.awaitLine(l -> l.contains("kept: key "), PATIENCE, "the second attach"));
        ipc.track(kept);
        Proc peer = Proc.start(List.of(CProgram.compile("peer.c").toString(), Integer.toString(kept), "attach"));
        peers.add(peer);
        peer.awaitLine("attached", PATIENCE);
        assertEquals(2L, SysvShm.byId(kept).orElseThrow().nattch());

        ProcessHandle java = ProcessHandle.of(repl.pid()).orElseThrow().children().findFirst()
                .orElseThrow(() -> new AssertionError("no JVM under script"));
        Proc.Result sent = Proc.run(PATIENCE, List.of("kill", "-" + signal, Long.toString(java.pid())));
        assertEquals(0, sent.exitCode(), sent::describe);
        java.onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

        assertTrue(SysvShm.byId(temp).isEmpty(), "the --temp segment is freed with the shell's detach");
        assertEquals(1L, SysvShm.byId(kept).orElseThrow().nattch(), "only the peer is still attached");
        repl.awaitLine(l -> l.contains("left on the host: shmid " + kept), PATIENCE, "the leftover named at exit");
        assertTrue(Files.readString(dir.resolve("history")).contains("attach --new --size 4k --as kept"),
                "the lines typed are in this test's history file");
    }

    // ---- helpers ----

    /** One word for sh -c, whatever it holds. */
    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Runs a line that must work; returns what it printed, trimmed. */
    private String ok(String line) {
        int o = out.getBuffer().length();
        int e = err.getBuffer().length();
        int status = shell.runLine(line);
        String printed = out.getBuffer().substring(o).strip();
        String complaint = err.getBuffer().substring(e);
        assertEquals(0, status, () -> line + " -> " + printed + complaint);
        return printed;
    }

    /** Runs a line that must fail with one error line; returns {status, that line}. */
    private String[] fail(String line) {
        int e = err.getBuffer().length();
        int status = shell.runLine(line);
        List<String> lines = err.getBuffer().substring(e).lines().toList();
        assertTrue(status != 0, line + " worked");
        assertEquals(1, lines.size(), () -> line + " -> " + lines);
        return new String[] {Integer.toString(status), lines.getFirst()};
    }

    private Proc cPeer(String role) {
        Proc p = Proc.start(List.of(CProgram.compile("peer.c").toString(), Integer.toString(shmid), role, "0"));
        peers.add(p);
        p.awaitLine(role.equals("hold") ? "holding" : "waiting", PATIENCE);
        return p;
    }

    private static void kill(Proc p) throws Exception {
        ProcessHandle h = ProcessHandle.of(p.pid()).orElseThrow();
        h.destroyForcibly();
        h.onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    private static int shmidIn(String attachLine) {
        Matcher m = Pattern.compile(" shmid (\\d+) ").matcher(attachLine);
        assertTrue(m.find(), attachLine);
        return Integer.parseInt(m.group(1));
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        Await.until(condition, PATIENCE, what);
    }
}
