package io.ipcsh.shell;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.SemaphoreSet;
import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code semset}, {@code semop}, {@code wait/trywait/post N [--undo]},
 * {@code sem value|setval|setall} and {@code stat}/{@code list}/{@code destroy} on a set,
 * through the in-process shell: exact lines, exit statuses and one-line errors. What the
 * kernel holds is checked through {@link SemaphoreSet} on the side.
 */
class SemsetCommandTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private static Shell.Result run(String script, String... flags) {
        Shell.Result r = Shell.run(script, flags);
        assertFalse(r.err().contains("unexpected"), r.err());
        return r;
    }

    private SemaphoreSet set(int nsems, int... values) {
        SemaphoreSet s = ipc.track(SemaphoreSet.createNew(IpcKey.PRIVATE, nsems, 0600));
        if (values.length > 0) {
            s.setAll(values);
        }
        return s;
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    @Test
    void shouldCreateByKeyAndOpenByKeyAndId() {
        IpcKey key = ipc.freshKey();
        Shell.Result r = run("semset " + key.hex() + " --create --count 3 --as s; semset " + key.hex() + " --as again; handles");
        assertEquals(0, r.status(), r.err());
        List<String> out = lines(r.out());
        SemaphoreSet made = ipc.track(SemaphoreSet.open(key));
        assertEquals("s: semaphore set key " + key.hex() + " semid " + made.semid() + " nsems 3 mode 0600 (created)", out.get(0));
        assertEquals("again: semaphore set key " + key.hex() + " semid " + made.semid() + " nsems 3 mode 0600", out.get(1));
        assertTrue(out.get(3).startsWith("* again    key " + key.hex() + " semid " + made.semid()), r.out());
        // Left on the host at exit: the session made it and did not destroy it.
        assertEquals("left on the host: semid " + made.semid() + " key " + key.hex() + " nsems 3 (semset --id " + made.semid()
                + "; destroy removes it)\n", r.atExit());

        Shell.Result byId = run("semset --id " + made.semid() + "; sem value 2");
        assertEquals("h1: semaphore set key " + key.hex() + " semid " + made.semid() + " nsems 3 mode 0600\n0\n", byId.out());
        assertEquals("", byId.atExit(), "not made by that session");
    }

    @Test
    void shouldUseTheCurrentKeyAndWarnOfAWorldWritableMode() {
        Shell.Result r = run("key private; semset --new --mode 0666");
        assertEquals(0, r.status(), r.err());
        Matcher m = Pattern.compile("semid (\\d+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        ipc.trackSemaphoreSet(Integer.parseInt(m.group(1)));
        assertTrue(r.out().endsWith(" nsems 1 mode 0666 (created)\n"), r.out());
        assertEquals("warning: mode 0666 lets other users change this semaphore set (world-writable)\n", r.err());
    }

    @Test
    void shouldWaitPostAndSetMembers() {
        SemaphoreSet s = set(3);
        Shell.Result r = run("semset --id " + s.semid() + "; sem setall 2 0 5; sem setval 1 7; wait 0; trywait 2; post 1; post;"
                + " sem value 0; sem value 1; sem value; wait 1 --timeout 1s");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("acquired", "acquired", "2", "8", "2", "acquired"), lines(r.out()).subList(1, 7));
        assertArrayEquals(new int[] {2, 7, 4}, s.values());
    }

    @Test
    void shouldReportWouldBlockAndATimeOutWithStatusOne() {
        SemaphoreSet s = set(2);
        Shell.Result r = run("semset --id " + s.semid() + "; trywait 1");
        assertEquals(Shell.FAILED, r.status());
        assertTrue(r.out().endsWith("would block\n"), r.out());
        Shell.Result t = run("semset --id " + s.semid() + "; wait 1 --timeout 100ms");
        assertEquals(Shell.FAILED, t.status());
        assertEquals("error: timed out after 100ms waiting on semid " + s.semid() + " member 1\n", t.err());
        Shell.Result op = run("semset --id " + s.semid() + "; semop 0:+1 1:-1 --timeout 100ms");
        assertEquals("error: timed out after 100ms on semop 0:+1 1:-1 on semid " + s.semid() + "\n", op.err());
        assertArrayEquals(new int[] {0, 0}, s.values(), "a semop that timed out did none of its operations");
        Shell.Result nowait = run("semset --id " + s.semid() + "; semop 0:+1 1:-1 --nowait");
        assertTrue(nowait.out().endsWith("would block\n"), nowait.out());
        assertEquals(Shell.FAILED, nowait.status());
    }

    @Test
    void shouldDoAMultiOperationAtomically() {
        SemaphoreSet s = set(3, 1, 0, 0);
        Shell.Result r = run("semset --id " + s.semid() + "; semop 0:-1 1:+1 2:+3; semop 2:-3 1:0 --nowait; semop 1:-1 2:0");
        assertEquals(Shell.FAILED, r.status(), "1:0 can't go while member 1 is 1");
        assertEquals(List.of("done", "would block"), lines(r.out()).subList(1, 3));
        assertArrayEquals(new int[] {0, 1, 3}, s.values());
        Shell.Result two = run("semset --id " + s.semid() + "; semop 1:-1 2:-3; semop 1:0 2:0");
        assertEquals(List.of("done", "done"), lines(two.out()).subList(1, 3));
        assertArrayEquals(new int[] {0, 0, 0}, s.values());
    }

    @Test
    void shouldStatAsIpcsDoesWithThePerMemberTable() {
        SemaphoreSet s = set(2, 3, 0);
        Shell.Result r = run("semset --id " + s.semid() + " --as s; post 1; stat");
        List<String> out = lines(r.out());
        assertEquals("semid " + s.semid() + "  key 0x00000000  handle s", out.get(1));
        assertEquals("mode 0600  nsems 2", out.get(2));
        assertEquals("owner root (uid 0 gid 0)  creator uid 0 gid 0", out.get(3));
        assertTrue(out.get(4).startsWith("otime 20") && out.get(4).contains("  ctime 20"), out.get(4));
        long pid = ProcessHandle.current().pid();
        assertEquals(List.of("semnum   value    ncount   zcount   pid", "0        3        0        0        " + pid,
                "1        1        0        0        " + pid), out.subList(5, 8));

        Shell.Result json = run("semset --id " + s.semid() + " --as s; stat", "--json");
        String line = lines(json.out()).get(1);
        assertTrue(line.startsWith("{\"semid\":" + s.semid() + ",\"key\":\"0x00000000\",\"handle\":\"s\",\"mode\":\"0600\",\"nsems\":2,"),
                line);
        assertTrue(line.endsWith("\"values\":[3,1],\"ncounts\":[0,0],\"zcounts\":[0,0],\"pids\":[" + pid + "," + pid + "]}"), line);
    }

    @Test
    void shouldListSetsAsIpcsDoesInTextAndJson() {
        SemaphoreSet s = set(4);
        Shell.Result r = run("semset --id " + s.semid() + " --as mine; list --semaphores");
        List<String> out = lines(r.out());
        assertTrue(out.contains("key        semid      owner      perms  nsems  otime                handle"), r.out());
        assertTrue(out.stream().anyMatch(l -> l.matches("0x00000000 " + s.semid() + " +root +600 +4 +- +mine\\*")), r.out());
        assertFalse(r.out().contains("shmid"), "--semaphores lists no memory");

        Shell.Result all = run("list");
        assertTrue(all.out().contains("shmid") && all.out().contains("semid"), "plain list shows every kind");
        Shell.Result sysvMemory = run("list --sysv --memory");
        assertFalse(sysvMemory.out().contains("semid"), sysvMemory.out());

        Shell.Result json = run("list --semaphores", "--json");
        String row = lines(json.out()).stream().filter(l -> l.contains("\"id\":" + s.semid() + ",")).findFirst().orElseThrow();
        assertEquals("{\"kind\":\"semaphore set\",\"key\":\"0x00000000\",\"id\":" + s.semid()
                + ",\"perms\":\"0600\",\"owner\":\"root\",\"nsems\":4,\"otime\":null,\"ctime\":\"" + s.stat().ctime()
                + "\",\"handle\":null,\"handles\":[]}", row);
    }

    @Test
    void shouldDestroyAndThenSayRemoved() {
        SemaphoreSet s = set(1);
        Shell.Result r = run("semset --id " + s.semid() + "; destroy; post");
        assertEquals(Shell.FAILED, r.status());
        assertTrue(r.out().endsWith("destroyed semaphore set semid " + s.semid() + "\n"), r.out());
        assertEquals("error: no semaphore set with semid=" + s.semid() + ": it was removed, or never existed [semop: EINVAL]"
                + " (see list --semaphores)\n", r.err());
        assertEquals("", r.atExit());
    }

    @Test
    void shouldCancelABlockedSemopWhenInterrupted() throws Exception {
        SemaphoreSet s = set(2);
        Shell.Result[] result = new Shell.Result[1];
        Thread shell = Thread.ofPlatform().start(() -> result[0] = Shell.run("semset --id " + s.semid()
                + "; semop 0:-1 1:+1 --undo; echo never"));
        Await.until(() -> s.ncount(0) > 0 || !shell.isAlive(), Await.PATIENCE, "the shell blocked in semop");
        shell.interrupt();
        shell.join(60_000);
        assertFalse(shell.isAlive());
        assertEquals(Shell.CANCELLED, result[0].status());
        assertEquals("cancelled: semop 0:-1 1:+1 on semid " + s.semid() + "\n", result[0].err());
        assertArrayEquals(new int[] {0, 0}, s.values());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "wait 3|member out of range: member=3 nsems=3 (semid=ID has members 0 to 2)",
            "post 70000|member out of range: member=70000 nsems=3 (semid=ID has members 0 to 2)",
            "sem value 9|member out of range: member=9 nsems=3 (semid=ID has members 0 to 2)",
            "sem setval 0 32768|value out of range: value=32768 (use 0 to SEMVMX=32767)",
            "sem setall 1 2 40000|value out of range: value=40000 (use 0 to SEMVMX=32767)",
            "sem setall 1 2|setall needs 3 values for semid=ID, one per member: got 2",
            "semop 0:-1 3:+1|member out of range: member=3 nsems=3 (semid=ID has members 0 to 2)",
            "semop 0-1|bad operation '0-1': use N:-K (take K), N:+K (give K) or N:0 (wait for zero), such as 0:-1",
            "semop 0:+40000|operation out of range: '0:+40000' (a member moves by at most SEMVMX=32767)",
            "semop 0:+1 --nowait --timeout 1s|--nowait never waits: give --nowait or --timeout, not both",
            "sem init|h1 is a semaphore set; sem init needs memory",
            "read 0 i32|h1 is a semaphore set; read needs memory",
            "semset --id ID --count 2|--id opens an existing set: it takes no KEY, --count, --create or --new",
    })
    void shouldRefuseBadInputInOneLine(String command, String error) {
        SemaphoreSet s = set(3);
        String id = Integer.toString(s.semid());
        Shell.Result r = run("semset --id " + id + "; " + command.replace("ID", id));
        assertEquals("error: " + error.replace("ID", id) + "\n", r.err());
        assertEquals(Shell.FAILED, r.status());
    }

    @Test
    void shouldRefuseMoreOperationsThanSemopmFromTheKernel() {
        SemaphoreSet s = set(1);
        long semopm = io.ipcsh.ipc.Limits.semopm();
        StringBuilder ops = new StringBuilder();
        for (long i = 0; i <= semopm; i++) {
            ops.append(" 0:+1");
        }
        Shell.Result r = run("semset --id " + s.semid() + "; semop" + ops + " --nowait");
        assertEquals("error: too many operations in one semop: " + (semopm + 1) + " (SEMOPM=" + semopm + ") [semop: E2BIG]"
                + " (split them into several semops, which are then not atomic together)\n", r.err());
        assertEquals(0, s.value(0));
    }

    @Test
    void shouldRefuseTheWrongKindAndUndoOnMemory() {
        Shell.Result r = run("key private; attach --new --size 4k; semop 0:-1");
        assertEquals("error: h1 is a shared memory segment; semop needs a SysV semaphore set\n", r.err());
        Shell.Result undo = run("key private; attach --new --size 4k; sem init 0 1; wait --undo");
        assertEquals("error: --undo needs a SysV semaphore set; a sem_t in memory has no undo\n", undo.err());
        Shell.Result setval = run("key private; attach --new --size 4k; sem setval 0 1");
        assertEquals("error: h1 is a shared memory segment; sem setval needs a SysV semaphore set\n", setval.err());
        Shell.Result missing = run("semset 0x7fffabcd");
        assertTrue(missing.err().startsWith("error: no semaphore set with key 0x7fffabcd [semget: ENOENT]"
                + " (semset --create --count N makes one)") || missing.err().contains("permission denied"), missing.err());
        Shell.Result privateKey = run("key private; semset");
        assertEquals("error: a private key always makes a new set: add --new (and --count N), or use semset --id SEMID\n",
                privateKey.err());
    }

    @Test
    void shouldTraceTheCallsLikeStrace() {
        SemaphoreSet s = set(2);
        Shell.Result r = run("semset --id " + s.semid() + "; semop 0:+1 1:+2 --undo --nowait", "--trace");
        assertTrue(r.err().contains("semop(" + s.semid() + ", [{0, 1, IPC_NOWAIT|SEM_UNDO}, {1, 2, IPC_NOWAIT|SEM_UNDO}], 2) = 0"),
                r.err());
    }
}
