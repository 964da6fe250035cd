package io.ipcsh.shell;

import io.ipcsh.ipc.PosixName;
import io.ipcsh.ipc.SharedMemory;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code attach /NAME} and {@code sem open /NAME} through the command language: every memory command, list, stat, errors, trace. */
class PosixShellTest {
    private static final String RULE = " (a POSIX name is /NAME: one leading slash, no other slash, at most 255 bytes)";

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private static Shell.Result run(String script, String... flags) {
        Shell.Result r = Shell.run(script, flags);
        assertFalse(r.all().contains("unexpected") || r.all().contains("Exception"), r.all());
        return r;
    }

    /** The lines printed, without the processes stat could not read (the sandbox's pid 1 is one, even to root). */
    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.replaceAll(" \\(\\+\\d+ unreadable\\)", "").split("\n"));
    }

    @Test
    void shouldRunEveryMemoryCommandOnPosixSharedMemory() {
        PosixName n = ipc.freshName();
        Shell.Result r = run("attach " + n + " --new --size 4k; write 0 i8 -1; write 1 u8 255; write 2 i16 -2; write 4 u16 65535;"
                + " write 8 i32 -3; write 12 u32 4294967295; write 16 i64 -4; write 24 u64 18446744073709551615;"
                + " write 32 f32 1.5; write 40 f64 -2.25; write 48 str hi; write 56 bytes deadbeef;"
                + " read 0 i8; read 1 u8; read 2 i16; read 4 u16; read 8 i32; read 12 u32; read 16 i64; read 24 u64;"
                + " read 32 f32; read 40 f64; read 48 str; read 56 bytes 4; dump 48 16;"
                + " sem init 64 0; post 64; post 64; trywait 64; sem value 64; wait 64 --timeout 1s; trywait 64");
        List<String> out = lines(r.out());
        assertEquals("h1: POSIX shared memory " + n + " size 4096 mode 0600 holders 1 (created)", out.get(0));
        assertEquals(List.of("-1", "255", "-2", "65535", "-3", "4294967295", "-4", "18446744073709551615", "1.5", "-2.25",
                "hi", "de ad be ef"), out.subList(1, 13));
        assertEquals("00000030  68 69 00 00 00 00 00 00  de ad be ef 00 00 00 00  |hi..............|", out.get(13));
        assertEquals(List.of("acquired", "1", "acquired", "would block"), out.subList(15, 19));
        assertEquals(1, r.status(), "the last trywait would block, which fails a script: " + r.all());
        Shell.Result s = run("attach " + n + "; watch 8 i32 --count 1 --timeout 5s; stat; handles");
        List<String> so = lines(s.out());
        assertEquals("h1: POSIX shared memory " + n + " size 4096 mode 0600 holders 1", so.get(0));
        assertEquals("-3", so.get(1));
        assertEquals("name " + n + "  path " + n.shmPath() + "  handle h1", so.get(2));
        assertEquals("mode 0600  size 4096  holders 1  status -", so.get(3));
        assertEquals("owner root (uid 0 gid 0)", so.get(4));
        assertTrue(Pattern.matches("atime \\S+Z  mtime \\S+Z  ctime \\S+Z", so.get(5)), so.get(5));
        assertEquals(String.format("* h1       posix %-19s size 4096       readwrite", n), so.get(6));
    }

    @Test
    void shouldReadJsonAndStatJsonWithTheName() {
        PosixName n = ipc.freshName();
        Shell.Result r = run("attach " + n + " --new --size 64; write 0 i32 7; read 0 i32; stat", "--json");
        List<String> out = lines(r.out());
        assertEquals(0, r.status(), r.all());
        assertEquals("{\"handle\":\"h1\",\"name\":\"" + n + "\",\"size\":64,\"mode\":\"0600\",\"holders\":1,\"readonly\":false,"
                + "\"created\":true,\"temp\":false}", out.get(0));
        assertEquals("{\"command\":\"write\",\"ok\":true}", out.get(1));
        out = out.subList(2, out.size());
        assertEquals("{\"handle\":\"h1\",\"name\":\"" + n + "\",\"offset\":0,\"type\":\"i32\",\"values\":[7]}", out.get(0));
        assertTrue(out.get(1).startsWith("{\"kind\":\"posix-shm\",\"name\":\"" + n + "\",\"handle\":\"h1\",\"mode\":\"0600\",\"size\":64,\"holders\":1,"),
                out.get(1));
    }

    @Test
    void shouldTakeAnExistingObjectWholeAndRefuseOneTooSmall() {
        PosixName n = ipc.freshName();
        ipc.track(SharedMemory.createNew(n, 8192, 0600));
        Shell.Result r = run("attach " + n + "; attach " + n + " --size 4k --as b; attach " + n + " --size 16k --as c");
        List<String> out = lines(r.out());
        assertEquals("h1: POSIX shared memory " + n + " size 8192 mode 0600 holders 1", out.get(0));
        assertEquals("b: POSIX shared memory " + n + " size 8192 mode 0600 holders 1", out.get(1));
        assertEquals("error: the POSIX shared memory " + n + " has size=8192, smaller than the size=16384 asked for"
                + " (omit --size to take it as it is)\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void shouldDetachDestroyAndDestroyByName() {
        PosixName n = ipc.freshName();
        PosixName m = ipc.freshName();
        Shell.Result r = run("attach " + n + " --new --size 4k; write 0 i32 5; detach; read 0 i32");
        assertEquals("detached h1 (" + n + ")", lines(r.out()).get(1));
        assertEquals("error: mapping " + n + " is detached from this process (attach it again)\n", r.err());
        assertTrue(Files.exists(n.shmPath()), "detach leaves the object");
        assertEquals("left on the host: POSIX shared memory " + n + " size 4096 (destroy --name " + n + " removes it)\n", r.atExit());

        Shell.Result d = run("attach " + n + "; read 0 i32; destroy; read 0 i32; stat");
        List<String> out = lines(d.out());
        assertEquals("5", out.get(1));
        assertEquals("destroyed POSIX shared memory " + n, out.get(2));
        assertEquals("5", out.get(3), "mapped until munmap");
        assertEquals("mode 0600  size 4096  holders 1  status removed (unlinked: freed at the last munmap)", out.get(5));
        assertFalse(Files.exists(n.shmPath()));

        Shell.Result byName = run("attach " + m + " --new --size 1k; detach; destroy --name " + m + "; destroy --name " + m);
        assertEquals("destroyed " + m + " (shm_unlink: freed at the last munmap)", lines(byName.out()).get(2));
        assertEquals("error: no POSIX shared memory " + m + " [shm_unlink: ENOENT] (see list --posix)\n", byName.err());
        assertEquals("", byName.atExit(), "destroyed: nothing left to report");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "attach /a/b|error: not a POSIX name: '/a/b' has a slash after the first" + RULE,
            "attach /|error: not a POSIX name: '/' names nothing" + RULE,
            "sem open jobs|error: not a POSIX name: 'jobs' has no leading slash" + RULE,
            "sem open /a/b --create|error: not a POSIX name: '/a/b' has a slash after the first" + RULE,
            "destroy --name jobs|error: not a POSIX name: 'jobs' has no leading slash" + RULE,
            "attach /ipcsh-nope-x --id 3|error: --id attaches a SysV segment: a POSIX name takes no --id",
            "attach /ipcsh-nope-x --create|error: --create and --new need --size N (such as --size 4k)",
            "attach /ipcsh-nope-x --new --size 0|error: size must be at least 1: size=0"})
    void shouldSayWhatIsWrongInOneLine(String command, String error) {
        Shell.Result r = run(command);
        assertEquals(error + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void shouldRefuseTooLongNamesAndMissingObjectsInOneLine() {
        PosixName missing = ipc.freshName();
        String tooLong = "/" + "y".repeat(255);
        Shell.Result r = run("attach " + tooLong + "; attach " + missing + "; sem open " + missing, "--keep-going");
        assertEquals("error: POSIX name too long: 256 bytes" + RULE + "\n"
                + "error: no POSIX shared memory " + missing + " [shm_open: ENOENT] (attach it with --create --size N to make one)\n"
                + "error: no named semaphore " + missing + " [sem_open: ENOENT] (sem open it with --create to make one)\n", r.err());
    }

    @Test
    void shouldWarnAboutModesOthersMayWriteAndDefaultToOwnerOnly() {
        PosixName a = ipc.freshName();
        PosixName b = ipc.freshName();
        Shell.Result r = run("attach " + a + " --new --size 1k --mode 0666; sem open " + b + " --new --mode 0620; sem open "
                + ipc.freshName() + " --new");
        assertEquals("warning: mode 0666 lets other users write to " + a + " (world-writable)\n"
                + "warning: mode 0620 lets other users write to " + b + "\n", r.err());
        List<String> out = lines(r.out());
        assertTrue(out.get(0).endsWith(" mode 0666 holders 1 (created)"), out.get(0));
        assertTrue(out.get(1).endsWith(" value 0 mode 0620 holders 1 (created)"), out.get(1));
        assertTrue(out.get(2).endsWith(" value 0 mode 0600 holders 1 (created)"), out.get(2));
    }

    @Test
    void shouldWaitTryWaitPostAndValueOnANamedSemaphoreWithoutOffset() {
        PosixName n = ipc.freshName();
        Shell.Result r = run("sem open " + n + " --new --value 1 --as jobs; trywait; sem value; post; post; sem value; wait;"
                + " wait --timeout 1s; trywait; wait --timeout 100ms", "--keep-going");
        assertEquals(List.of("jobs: named semaphore " + n + " value 1 mode 0600 holders 1 (created)", "acquired", "0", "2",
                "acquired", "acquired", "would block"), lines(r.out()));
        assertEquals("error: timed out after 100ms waiting on the semaphore " + n + "\n", r.err());

        Shell.Result offsets = run("sem open " + n + "; wait 0; trywait 8; post 16; sem value 0; post --undo; sem init; read 0 i32;"
                + " sem destroy", "--keep-going");
        String refusal = "error: the named semaphore " + n + " is one counter: give no OFFSET (";
        assertEquals(refusal + "0)\n" + refusal + "8)\n" + refusal + "16)\n" + refusal + "0)\n"
                + "error: --undo needs a SysV semaphore set; a named semaphore has no undo\n"
                + "error: h1 is a named semaphore; sem init needs memory\n"
                + "error: h1 is a named semaphore; read needs memory\n"
                + "error: h1 is a named semaphore; sem destroy needs memory\n", offsets.err());
    }

    @Test
    void shouldStatListDetachAndDestroyANamedSemaphore() {
        PosixName n = ipc.freshName();
        Shell.Result r = run("sem open " + n + " --create --value 3; stat; list --semaphores --posix; detach; post; destroy; stat",
                "--keep-going");
        List<String> out = lines(r.out());
        assertEquals("name " + n + "  path " + n.semaphorePath() + "  handle h1", out.get(1));
        assertEquals("value 3  waiters 0  holders 1  status -", out.get(2));
        assertEquals("mode 0600  owner root (uid 0 gid 0)", out.get(3));
        assertEquals("name                     owner      perms  holders  value  mtime                handle", out.get(5));
        assertTrue(out.stream().anyMatch(l -> Pattern.matches(Pattern.quote(String.format("%-24s root       600    1        3      ", n))
                + "\\S+Z h1\\*", l)), r.out());
        assertTrue(out.contains("detached h1 (" + n + ")"), r.out());
        assertTrue(r.err().startsWith("error: semaphore " + n + " is detached from this process (sem open it again)\n"), r.err());
        assertTrue(out.contains("destroyed named semaphore " + n), r.out());
        assertTrue(r.err().endsWith("error: no named semaphore " + n + ": it was removed (and this handle is closed)\n"), r.err());
        assertFalse(Files.exists(n.semaphorePath()));
        assertEquals("", r.atExit());
    }

    @Test
    void shouldListPosixObjectsBesideSysvAndFilterThem() {
        PosixName shm = ipc.freshName();
        PosixName sem = ipc.freshName();
        String open = "attach " + shm + " --create --size 4k --as mem; sem open " + sem + " --create --as s; ";
        String all = listed(open + "list");
        assertTrue(all.contains("key        shmid      owner"), "SysV memory is there: " + all);
        assertTrue(Pattern.compile("^" + Pattern.quote(String.format("%-24s root       600    4096       1        ", shm)) + "\\S+Z mem$",
                Pattern.MULTILINE).matcher(all).find(), all);
        assertTrue(Pattern.compile("^" + Pattern.quote(String.format("%-24s root       600    1        0      ", sem)) + "\\S+Z s\\*$",
                Pattern.MULTILINE).matcher(all).find(), all);

        String memory = listed(open + "list --memory");
        assertTrue(memory.contains("key        shmid") && memory.contains(shm.value()) && !memory.contains(sem.value()), memory);
        String posixMemory = listed(open + "list --memory --posix");
        assertTrue(!posixMemory.contains("key        shmid") && posixMemory.contains(shm.value()), posixMemory);
        String semaphores = listed(open + "list --semaphores");
        assertTrue(!semaphores.contains(shm.value()) && semaphores.contains(sem.value()), semaphores);
        String sysv = listed(open + "list --sysv");
        assertTrue(!sysv.contains(shm.value()) && !sysv.contains(sem.value()) && sysv.contains("key        shmid"), sysv);

        List<String> printed = lines(run(open + "list --posix", "--json").out());
        List<String> json = printed.subList(2, printed.size());
        assertTrue(json.stream().allMatch(l -> l.startsWith("{\"kind\":\"posix-")), json.toString());
        assertTrue(json.stream().anyMatch(l -> l.startsWith("{\"kind\":\"posix-shm\",\"name\":\"" + shm + "\",\"handle\":\"mem\",")),
                json.toString());
        assertTrue(json.stream().anyMatch(l -> l.startsWith("{\"kind\":\"posix-semaphore\",\"name\":\"" + sem
                + "\",\"handle\":\"s\",\"value\":0,")), json.toString());
    }

    /** What list printed, without the two lines of the commands that opened the objects. */
    private static String listed(String script) {
        List<String> out = lines(run(script).out());
        return String.join("\n", out.subList(2, out.size()));
    }

    @Test
    void shouldTraceEveryCall() {
        PosixName shm = ipc.freshName();
        PosixName sem = ipc.freshName();
        Shell.Result r = run("attach " + shm + " --new --size 4k; stat; detach; destroy --name " + shm + "; sem open " + sem
                + " --new --value 2; post; detach; sem open " + sem + "; destroy", "--trace");
        assertEquals(0, r.status(), r.all());
        List<String> calls = lines(r.err()).stream().map(l -> l.replaceFirst("\\(.*", "")).toList();
        assertEquals(List.of("shm_open", "fchmod", "ftruncate", "fstat", "mmap", "fstat", "fstat", "munmap", "close",
                "shm_unlink", "sem_open", "sem_getvalue", "sem_post", "sem_close", "sem_open", "sem_getvalue", "sem_unlink"),
                calls, r.err());
        assertTrue(r.err().contains("shm_open(\"" + shm + "\", O_RDWR|O_CREAT|O_EXCL, 0600) = "), r.err());
        assertTrue(r.err().contains("ftruncate("), r.err());
        assertTrue(Pattern.compile("mmap\\(NULL, 4096, PROT_READ\\|PROT_WRITE, MAP_SHARED, \\d+, 0\\) = 0x").matcher(r.err()).find(), r.err());
        assertTrue(r.err().contains("sem_open(\"" + sem + "\", O_CREAT|O_EXCL, 0600, 2) = 0x"), r.err());
        assertTrue(r.err().contains("sem_open(\"" + sem + "\", 0) = 0x"), r.err());
        assertTrue(r.err().contains("sem_unlink(\"" + sem + "\") = 0"), r.err());
    }

    @Test
    void shouldHandEveryValueFromOneShellToAnotherThroughPosixMemory() throws Exception {
        PosixName n = ipc.freshName();
        ipc.track(SharedMemory.createNew(n, 4096, 0600));
        CompletableFuture<Shell.Result> consumer = CompletableFuture.supplyAsync(
                () -> Shell.run("attach " + n + "; consume --count 30 --timeout 60s"));
        Shell.Result producer = Shell.run("attach " + n + "; produce --count 30 --interval 0");
        Shell.Result c = consumer.get(60, TimeUnit.SECONDS);
        assertEquals(0, producer.status(), producer.all());
        assertEquals(0, c.status(), c.all());
        List<String> lines = c.out().lines().toList();
        assertEquals(IntStream.range(0, 30).mapToObj(i -> "Received: " + i).toList(), lines.subList(1, 31));
        assertTrue(lines.get(31).startsWith("consumer synchronized: sent=30 received=30 missed=0 duplicated=0 in "), lines.get(31));
    }
}
