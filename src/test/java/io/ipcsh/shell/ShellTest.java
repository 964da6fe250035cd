package io.ipcsh.shell;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import io.ipcsh.ipc.SegmentStat;
import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command language through the in-process entry {@link Shell#run}: every command,
 * every type, edge values, the exact error lines and the exit statuses.
 */
class ShellTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private static final String NEW = "key private; attach --new --size 4k; ";

    private String key;

    private String fresh() {
        IpcKey k = ipc.freshKey();
        key = k.hex();
        return key;
    }

    /** Runs a script and fails on any sign of a bug (an unexpected exception). */
    private static Shell.Result run(String script, String... flags) {
        Shell.Result r = Shell.run(script, flags);
        assertFalse(r.err().contains("unexpected"), r.err());
        return r;
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static int shmidIn(String attachLine) {
        Matcher m = Pattern.compile("shmid\"?:? ?(\\d+)").matcher(attachLine);
        assertTrue(m.find(), attachLine);
        return Integer.parseInt(m.group(1));
    }

    // ---- key ----

    @Test
    void shouldMakeTheSameKeyAsFtok() throws Exception {
        Path file = Files.createTempFile("ipcsh-shell", ".key");
        try {
            IpcKey expected = IpcKey.ftok(file, 65);
            IpcKey z = IpcKey.ftok(file, 'Z');
            IpcKey seven = IpcKey.ftok(file, 7);
            Shell.Result r = run("key " + file + "; key " + file + " Z; key " + file + " 7; key 0x41; key 1234; key private");
            assertEquals(0, r.status(), r.err());
            assertEquals(List.of("key " + expected.hex(), "key " + z.hex(), "key " + seven.hex(), "key 0x00000041",
                    "key 0x000004d2", "key IPC_PRIVATE"), lines(r.out()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldCreateTheKeyFileWhenAsked() throws Exception {
        Path dir = Files.createTempDirectory("ipcsh-shell");
        Path file = dir.resolve("shmfile");
        try {
            Shell.Result missing = run("key " + file);
            assertEquals(1, missing.status());
            assertEquals("error: cannot make a key from " + file
                    + " [ftok: ENOENT] (the file must exist: create it, or add --create-file)\n", missing.err());
            Shell.Result created = run("key " + file + " --create-file");
            assertEquals(0, created.status(), created.err());
            assertTrue(Files.exists(file));
            assertEquals("key " + IpcKey.ftok(file, 65).hex() + " (created " + file + ")\n", created.out());
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    @ParameterizedTest
    @CsvSource({"0", "256", "-1"})
    void shouldRefuseAProjectIdOutOfRange(String proj) {
        Shell.Result r = run("key /tmp " + proj);
        assertEquals(1, r.status());
        assertEquals("error: project id out of range: proj=" + proj + " (use 1-255 or one character)\n", r.err());
    }

    // ---- attach ----

    @Test
    void shouldAttachAnExistingSegmentAtItsOwnSize() {
        fresh();
        Segment mine = ipc.track(Segment.createNew(IpcKey.parse(key), 8192, 0640));
        mine.putInt(100, 7);
        Shell.Result r = run("attach " + key + "; read 100 i32; handles");
        assertEquals(0, r.status(), r.err());
        List<String> out = lines(r.out());
        assertEquals("h1: key " + key + " shmid " + mine.shmid() + " size 8192 mode 0640 nattch 2", out.get(0));
        assertEquals("7", out.get(1));
        assertEquals(String.format("* h1       key %s shmid %-8d size 8192       readwrite", key, mine.shmid()), out.get(2));
    }

    @Test
    void shouldAttachByIdAndReadOnly() {
        Segment mine = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        mine.putInt(0, 99);
        Shell.Result r = run("attach --id " + mine.shmid() + " --readonly --as ro; read 0 i32; write 0 i32 1");
        assertEquals(1, r.status());
        assertEquals(List.of("ro: key 0x00000000 shmid " + mine.shmid() + " size 4096 mode 0600 nattch 2 readonly", "99"),
                lines(r.out()));
        assertEquals("error: segment shmid=" + mine.shmid()
                + " is attached read-only: write refused at offset=0 (attach without --readonly to write)\n", r.err());
        assertEquals(99, mine.getInt(0));
    }

    @Test
    void shouldRefuseNewOnATakenKey() {
        fresh();
        ipc.track(Segment.createNew(IpcKey.parse(key), 4096, 0600));
        Shell.Result r = run("attach " + key + " --new --size 4k");
        assertEquals(1, r.status());
        assertEquals("error: a segment with key " + key
                + " already exists [shmget: EEXIST] (attach it without --new, or destroy it first)\n", r.err());
    }

    @Test
    void shouldWarnWhenOthersMayWrite() {
        Shell.Result r = run("attach private --new --size 1k --mode 0666; attach private --new --size 1k --mode 0620");
        assertEquals(0, r.status(), r.err());
        assertEquals("warning: mode 0666 lets other users write to this segment (world-writable)\n"
                + "warning: mode 0620 lets other users write to this segment\n", r.err());
    }

    @Test
    void shouldNameHandlesAndRefuseATakenName() {
        Shell.Result r = run(NEW + "attach private --new --size 4k --as data; attach private --new --size 4k --as data");
        assertEquals(1, r.status());
        List<String> out = lines(r.out());
        assertTrue(out.get(1).startsWith("h1: "), out.get(1));
        assertTrue(out.get(2).startsWith("data: "), out.get(2));
        assertEquals("error: handle name 'data' is taken by shmid " + shmidIn(out.get(2))
                + " (detach it first, or pick another --as)\n", r.err());
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ~ ", value = {
            "attach ~ error: no key: give one (attach 0x1234), or choose one first (key PATH, key private) ~ 1",
            "attach 0x1234 --create ~ error: --create and --new need --size N (such as --size 4k) ~ 1",
            "attach private ~ error: a private key always makes a new segment: add --new --size N, or attach --id SHMID ~ 1",
            "attach private --new --size 0 ~ error: size must be at least 1: size=0 ~ 1",
            "attach --id 5 --size 4k ~ error: --id attaches an existing segment: it takes no KEY, --size, --create or --new ~ 1",
            "attach nokey ~ error: not a key: 'nokey' (use 0x hex, decimal, private, or key PATH) ~ 1",
            "attach 0x1 --size 4q ~ error: attach: --size: not a size: '4q' (use bytes, or a k, m or g suffix: 4k) (help attach) ~ 2",
            "attach 0x1 --mode 0999 --create --size 1 ~ error: attach: --mode: not a mode: '0999' (use octal permission bits such as 0600) (help attach) ~ 2",
            "attach 0x1 --create --new --size 1 ~ error: attach: --create, --new are mutually exclusive (specify only one) (help attach) ~ 2",
            "attach private --new --size 1 --as 9x ~ error: bad handle name '9x' (use letters, digits, _ . -, starting with a letter) ~ 1",
    })
    void shouldExplainABadAttach(String command, String error, int status) {
        Shell.Result r = run(command);
        assertEquals(error + "\n", r.err());
        assertEquals(status, r.status());
    }

    // ---- write and read: every type, edge values ----

    @ParameterizedTest(name = "{0} {1} reads back as {2}")
    @CsvSource({
            "i8, -128, -128", "i8, 127, 127", "i8, 0x7f, 127",
            "u8, 0, 0", "u8, 255, 255", "u8, 0xff, 255",
            "i16, -32768, -32768", "i16, 32767, 32767",
            "u16, 65535, 65535", "u16, 0xffff, 65535",
            "i32, -2147483648, -2147483648", "i32, 2147483647, 2147483647", "i32, -0x10, -16",
            "u32, 4294967295, 4294967295", "u32, 0xdeadbeef, 3735928559",
            "i64, -9223372036854775808, -9223372036854775808", "i64, 9223372036854775807, 9223372036854775807",
            "u64, 18446744073709551615, 18446744073709551615", "u64, 0, 0",
            "f32, 1.5, 1.5", "f32, -0.1, -0.1", "f32, 3.4028235e38, 3.4028235E38", "f32, -inf, -Infinity", "f32, nan, NaN",
            "f64, 2.718281828459045, 2.718281828459045", "f64, 1e308, 1.0E308", "f64, inf, Infinity", "f64, -4.9e-324, -4.9E-324",
    })
    void shouldReadBackWhatItWrote(String type, String value, String expected) {
        Shell.Result r = run(NEW + "write 8 " + type + " " + value + "; read 8 " + type + "; destroy");
        assertEquals(0, r.status(), r.err());
        assertEquals(expected, lines(r.out()).get(2));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "i8|128|value out of range for i8: 128 (use -128 to 127)",
            "i8|-129|value out of range for i8: -129 (use -128 to 127)",
            "u8|256|value out of range for u8: 256 (use 0 to 255)",
            "u8|-1|value out of range for u8: -1 (use 0 to 255)",
            "i16|32768|value out of range for i16: 32768 (use -32768 to 32767)",
            "u16|65536|value out of range for u16: 65536 (use 0 to 65535)",
            "i32|2147483648|value out of range for i32: 2147483648 (use -2147483648 to 2147483647)",
            "u32|4294967296|value out of range for u32: 4294967296 (use 0 to 4294967295)",
            "i64|9223372036854775808|value out of range for i64: 9223372036854775808 (use -9223372036854775808 to 9223372036854775807)",
            "u64|18446744073709551616|value out of range for u64: 18446744073709551616 (use 0 to 18446744073709551615)",
            "i32|12x|not an integer: '12x' (i32 takes decimal or 0x hex)",
            "f32|1e39|value out of range for f32: 1e39 (largest is 3.4028235E38)",
            "f64|one|not a number: 'one' (use 1.5, -2e3, nan, inf)",
            "bytes|abc|not hex bytes: 'abc' (use pairs of hex digits: de ad be ef or deadbeef)",
            "bytes|zz|not hex bytes: 'zz' (use pairs of hex digits: de ad be ef or deadbeef)",
    })
    void shouldRefuseABadValueAndWriteNothing(String type, String value, String error) {
        Shell.Result r = run(NEW + "write 0 i64 -1; write 0 " + type + " " + value + "; read 0 i64");
        assertEquals("error: " + error + "\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void shouldWriteSeveralValuesInARowAndReadThemWithACount() {
        Shell.Result r = run(NEW + "write 0 i32 1 -2 3 0x7fffffff; read 0 i32 4; read 0 u8 8; write 100 u16 1 2; read 100 u16 2");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("1 -2 3 2147483647", "1 0 0 0 254 255 255 255", "1 2"), lines(r.out()).subList(2, 5));
    }

    @Test
    void shouldWriteStringsAndBytes() {
        Shell.Result r = run(NEW + "write 0 str hello  shared \"memory!\"; read 0 str; read 0 bytes 21; "
                + "write 32 bytes de ad be ef; read 32 bytes 4; write 32 bytes 0102; read 32 bytes 4; write 64 str ''; read 64 u8");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("hello shared memory!",
                "68 65 6c 6c 6f 20 73 68 61 72 65 64 20 6d 65 6d 6f 72 79 21 00",
                "de ad be ef", "01 02 be ef", "0"), lines(r.out()).subList(2, 7));
    }

    @Test
    void shouldStoreUtf8AsCSeesIt() {
        Shell.Result r = run(NEW + "write 0 str grüße; read 0 bytes 8; read 0 str");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("67 72 c3 bc c3 9f 65 00", "grüße"), lines(r.out()).subList(2, 4));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "write 4093 i32 1|offset out of range: offset=4093 length=4 size=4096",
            "write 4092 i32 1 2|offset out of range: offset=4092 length=8 size=4096",
            "write 4095 str ab|offset out of range: offset=4095 length=3 size=4096",
            "read 4096 u8|offset out of range: offset=4096 length=1 size=4096",
            "read 0 u64 513|offset out of range: offset=0 length=4104 size=4096",
            "read 0 str 2|COUNT does not apply to str: count=2 (str reads up to the NUL; use bytes to read a fixed length)",
            "dump 4000 97|offset out of range: offset=4000 length=97 size=4096",
    })
    void shouldRefuseAccessOutsideTheSegment(String command, String error) {
        Shell.Result r = run(NEW + command);
        assertEquals("error: " + error + "\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void shouldReadAndWriteTheLastByte() {
        Shell.Result r = run(NEW + "write 4095 u8 255; read 4095 u8; write 4088 i64 -2; read 4088 i64");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("255", "-2"), lines(r.out()).subList(2, 4));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = " ~ ", value = {
            "read ~ read: missing required parameters: 'OFFSET', 'TYPE' (usage: read OFFSET TYPE [COUNT])",
            "read x i32 ~ read: OFFSET: not a number: 'x' (use decimal or 0x hex) (usage: read OFFSET TYPE [COUNT])",
            "read 0 i33 ~ read: TYPE: not a type: 'i33' (use i8 u8 i16 u16 i32 u32 i64 u64 f32 f64 str bytes) (help read)",
            "read 0 i32 0 ~ read: COUNT: count out of range: 0 (use 1 to 2147483647) (usage: read OFFSET TYPE [COUNT])",
            "write 0 i32 ~ write: missing required parameter: 'VALUE' (usage: write OFFSET TYPE VALUE...)",
            "read 0 i32 1 2 ~ read: unmatched argument at index 4: '2' (usage: read OFFSET TYPE [COUNT])",
            "read 0 i32 --bogus ~ read: unknown option: '--bogus' (usage: read OFFSET TYPE [COUNT])",
            "wait --timeout 5x ~ wait: --timeout: not a duration: '5x' (use 250ms, 2s or 1m) (usage: wait [--timeout=D] [--undo] [OFFSET])",
            "sem ~ sem needs one of: init value destroy open setval setall (help sem)",
            "sem frob ~ sem: unknown subcommand 'frob' (use one of: init value destroy open setval setall)",
            "set trace maybe ~ set: on|off: expected one of [on, off] (case-sensitive) but was 'maybe' (usage: set SETTING on|off)",
            "frobnicate 1 2 ~ unknown command 'frobnicate' (help lists the commands)",
            "atach ~ unknown command 'atach'; did you mean 'attach'? (help lists the commands)",
            "detahc h1 ~ unknown command 'detahc'; did you mean 'detach'? (help lists the commands)",
            "sem inti ~ sem: unknown subcommand 'inti'; did you mean 'init'? (use one of: init value destroy open setval setall)",
            "read 0 i32 --cuont 2 ~ read: unknown option: '--cuont' (usage: read OFFSET TYPE [COUNT])",
            "attach --sise 4k ~ attach: unknown option: '--sise'; did you mean '--size'? (help attach)",
            "attach --mdoe=0644 ~ attach: unknown option: '--mdoe=0644'; did you mean '--mode'? (help attach)",
    })
    void shouldCallAMalformedCommandAUsageError(String command, String error) {
        Shell.Result r = run(command + "; echo never");
        assertEquals("error: " + error + "\n", r.err());
        assertEquals("", r.out());
        assertEquals(2, r.status());
    }

    /** A usage error is one line that fits a 120-column terminal, whatever the command. */
    @Test
    void shouldFitEveryUsageErrorIn120Columns() {
        for (String name : Commands.byName().keySet()) {
            Shell.Result r = run(name + " --no-such-option 1 2 3 4 5");
            if (r.status() == 0) {
                continue; // echo: its words are data
            }
            assertEquals(1, lines(r.err()).size(), name + ": " + r.err());
            assertTrue(r.err().strip().length() <= 120, () -> r.err().strip().length() + " columns: " + r.err());
        }
    }

    /** Before the start and past the end: the same line, from the same check. */
    @ParameterizedTest
    @CsvSource(delimiterString = " ~ ", value = {
            "read -1 i32 ~ offset out of range: offset=-1 length=4 size=4096",
            "read 4096 i32 ~ offset out of range: offset=4096 length=4 size=4096",
            "read 4094 i32 ~ offset out of range: offset=4094 length=4 size=4096",
            "read -0x10 u8 ~ offset out of range: offset=-16 length=1 size=4096",
            "write -4 i32 1 ~ offset out of range: offset=-4 length=4 size=4096",
            "write 4095 str ab ~ offset out of range: offset=4095 length=3 size=4096",
            "dump -16 16 ~ offset out of range: offset=-16 length=16 size=4096",
            "sem init -8 ~ semaphore out of range: offset=-8 length=32 size=4096",
            "sem init 4072 ~ semaphore out of range: offset=4072 length=32 size=4096",
    })
    void shouldSayTheSameForAnyOffsetOutOfRange(String command, String error) {
        Shell.Result r = run(NEW + command + "; echo never");
        assertEquals("error: " + error + "\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void shouldSayWhyAKeyCannotBeMade(@org.junit.jupiter.api.io.TempDir Path dir) {
        String missing = dir.resolve("nope/x").toString();
        assertEquals("error: cannot create " + missing + ": ENOENT (no such directory: " + dir.resolve("nope") + ")\n",
                run("key " + missing + " --create-file").err());
        assertEquals("error: not a hex key: 0xZZ (a key is 0x and up to 8 hex digits, a number or private;"
                + " a file of that name is key ./0xZZ)\n", run("key 0xZZ").err());
        Path made = dir.resolve("shmfile");
        Shell.Result r = run("key " + made + " --create-file; key " + made);
        assertEquals(0, r.status(), r.err());
        String hex = lines(r.out()).get(1).substring(4);
        assertEquals(List.of("key " + hex + " (created " + made + ")", "key " + hex), lines(r.out()));
    }

    @Test
    void shouldNeedASegmentFirst() {
        Shell.Result r = run("read 0 i32");
        assertEquals("error: no segment attached (attach one first: key PATH; attach --create --size 4k)\n", r.err());
        assertEquals(1, r.status());
    }

    // ---- dump ----

    @Test
    void shouldDumpLikeHexdump() {
        Shell.Result r = run(NEW + "write 0 str hello; write 16 i32 -1; dump; dump 16 20; dump 0 0");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of(
                "00000000  68 65 6c 6c 6f 00 00 00  00 00 00 00 00 00 00 00  |hello...........|",
                "00000010  ff ff ff ff 00 00 00 00  00 00 00 00 00 00 00 00  |................|",
                "00000020  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|",
                "*",
                "00001000",
                "00000010  ff ff ff ff 00 00 00 00  00 00 00 00 00 00 00 00  |................|",
                "00000020  00 00 00 00                                       |....|",
                "00000024",
                "00000000"), lines(r.out()).subList(2, 11));
    }

    // ---- watch ----

    @Test
    void shouldWatchValuesChangeUntilTheCount() throws Exception {
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        seg.putInt(0, 5);
        // The shell runs in a thread with output the test can see as it comes: each new
        // value is written only once watch has printed the one before (no timing).
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        Session session = new Session(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true));
        Shell shell = new Shell(session);
        int[] status = {-1};
        Thread watcher = Thread.ofPlatform().start(() -> status[0] = shell.runLine(
                "attach --id " + seg.shmid() + "; watch 0 i32 --count 4 --interval 1ms --timeout 60s"));
        try {
            for (int i = 6; i <= 8; i++) {
                String seen = (i - 1) + "\n";
                Await.until(() -> out.toString().endsWith(seen) || !watcher.isAlive(), Await.PATIENCE,
                        () -> "watch printing " + seen.strip() + "; out: " + out + " err: " + err);
                seg.putIntVolatile(0, i);
            }
            assertTrue(watcher.join(Await.PATIENCE), "watch ended at its count");
        } finally {
            watcher.interrupt();
            session.close();
        }
        assertEquals(0, status[0], err::toString);
        assertEquals(List.of("5", "6", "7", "8"), lines(out.toString()).subList(1, 5));
    }

    @Test
    void shouldStopWatchingAtTheTimeout() {
        Shell.Result r = run(NEW + "write 0 i32 3; watch 0 i32 --timeout 100ms; echo after");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("3", "after"), lines(r.out()).subList(2, 4));
    }

    // ---- semaphores ----

    @Test
    void shouldInitPostWaitAndTryWait() {
        Shell.Result r = run(NEW + "sem init; sem value; trywait; sem value; post; post; sem value; wait; wait --timeout 1s; "
                + "sem value; sem init 64 5; sem value 64; sem destroy 64; sem destroy");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("1", "acquired", "0", "2", "acquired", "acquired", "0", "5"), lines(r.out()).subList(2, 10));
    }

    @Test
    void shouldSayWouldBlockWithStatusOne() {
        Shell.Result r = run(NEW + "sem init 8 0; trywait 8; echo never");
        assertEquals(1, r.status());
        assertEquals("would block", lines(r.out()).get(2));
        assertEquals(3, lines(r.out()).size());
        assertEquals("", r.err());
    }

    @Test
    void shouldFailAWaitThatTimesOut() {
        Shell.Result r = run(NEW + "sem init 0 0; wait --timeout 150ms");
        assertEquals(1, r.status());
        assertEquals("error: timed out after 150ms waiting on the semaphore at offset=0\n", r.err());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sem init 4|semaphore offset must be 8-byte aligned: offset=4 (try 0)",
            "sem init 4072|semaphore out of range: offset=4072 length=32 size=4096",
            "post 12|semaphore offset must be 8-byte aligned: offset=12 (try 8)",
    })
    void shouldRefuseABadSemaphoreOffset(String command, String error) {
        Shell.Result r = run(NEW + command);
        assertEquals("error: " + error + "\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void shouldCancelAWaitWhenInterrupted() throws Exception {
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        seg.semaphore(0).init(0);
        Shell.Result[] result = new Shell.Result[1];
        Thread shell = Thread.ofPlatform().start(() -> result[0] = Shell.run("attach --id " + seg.shmid() + "; wait; echo never"));
        // Cancelled where the test means: blocked in sem_wait (glibc counts the waiter).
        Await.until(() -> seg.semaphore(0).waiters() > 0 || !shell.isAlive(), Await.PATIENCE, "the shell blocked in wait");
        shell.interrupt();
        shell.join(10_000);
        assertFalse(shell.isAlive());
        assertEquals(Shell.CANCELLED, result[0].status());
        assertEquals("cancelled: wait on the semaphore at offset=0\n", result[0].err());
    }

    // ---- stat, list, detach, destroy ----

    /** How stat says that some processes' /proc could not be read (this sandbox's pid 1, even for root). */
    private static final String UNREADABLE = "( \\(\\+\\d+ unreadable\\))?";

    @Test
    void shouldStatLikeIpcsAndShowDestOnceRemovedElsewhere() {
        Segment seg = ipc.track(Segment.createNew(IpcKey.parse(fresh()), 4096, 0640));
        Shell.Result before = run("attach " + key + "; stat");
        List<String> out = lines(before.out());
        assertEquals("shmid " + seg.shmid() + "  key " + key + "  handle h1", out.get(1));
        assertTrue(out.get(2).matches("mode 0640  size 4096  nattch 2  holders 1" + UNREADABLE + "  status -"), out.get(2));
        assertTrue(out.get(3).startsWith("owner root (uid 0 gid 0)  creator uid 0 gid 0  cpid " + ProcessHandle.current().pid()),
                out.get(3));
        assertTrue(out.get(4).matches("atime \\S+Z  dtime -  ctime \\S+Z"), out.get(4));

        seg.destroy();
        Shell.Result after = run("attach --id " + seg.shmid() + "; stat", "--json");
        assertEquals(0, after.status(), after.err());
        out = lines(after.out());
        assertTrue(out.get(1).startsWith("{\"shmid\":" + seg.shmid() + ",\"key\":\"0x00000000\",\"handle\":\"h1\",\"mode\":\"0640\","
                + "\"size\":4096,\"nattch\":2,"), out.get(1));
        assertTrue(out.get(1).endsWith(",\"dest\":true,\"locked\":false}"), out.get(1));
        Shell.Result text = run("attach --id " + seg.shmid() + "; stat");
        assertTrue(lines(text.out()).get(2).matches("mode 0640  size 4096  nattch 2  holders 1" + UNREADABLE
                + "  status dest \\(removed: freed at the last detach\\)"), lines(text.out()).get(2));
    }

    @Test
    void shouldListEverySegmentAndMarkOurs() {
        Segment other = ipc.track(Segment.createNew(IpcKey.parse(fresh()), 1024, 0644));
        Shell.Result r = run("attach private --new --size 2k --as mine; list");
        assertEquals(0, r.status(), r.err());
        List<String> out = lines(r.out());
        int mine = shmidIn(out.get(0));
        assertEquals("key        shmid      owner      perms  bytes      nattch  status      cpid     lpid     handle   command",
                out.get(1));
        long self = ProcessHandle.current().pid();
        // Created and last attached by this JVM, whose command line (java ...) ends the row.
        String ours = String.format("0x00000000 %-10d root       600    2048       1                   %-8d %-8d mine*    ",
                mine, self, self);
        assertTrue(out.stream().anyMatch(l -> l.startsWith(ours) && l.substring(ours.length()).contains("java")), r.out());
        String others = String.format("%s %-10d root       644    1024       1      ", key, other.shmid());
        assertTrue(out.stream().anyMatch(l -> l.startsWith(others)), r.out());

        Shell.Result json = run("attach --id " + other.shmid() + "; list", "--json");
        String line = lines(json.out()).stream().filter(l -> l.startsWith("{\"shmid\":" + other.shmid() + ","))
                .findFirst().orElseThrow();
        assertTrue(line.contains("\"key\":\"" + key + "\",\"handle\":\"h1\",\"mode\":\"0644\",\"size\":1024,\"nattch\":2"), line);
        assertTrue(lines(json.out()).stream().skip(1).allMatch(l -> l.startsWith("{") && l.endsWith("}")), json.out());
    }

    @Test
    void shouldRefuseMemoryAfterDetach() {
        Shell.Result r = run(NEW + "write 0 i32 1; detach; detach; stat; read 0 i32");
        List<String> out = lines(r.out());
        int shmid = shmidIn(out.get(1));
        assertEquals("detached h1 (shmid " + shmid + ")", out.get(2));
        assertEquals("h1 is already detached", out.get(3));
        assertEquals("shmid " + shmid + "  key 0x00000000  handle h1 (detached)", out.get(4));
        assertTrue(out.get(5).matches("mode 0600  size 4096  nattch 0  holders 0" + UNREADABLE + "  status -"), out.get(5));
        assertEquals("error: segment shmid=" + shmid + " is detached from this process (attach it again)\n", r.err());
        assertEquals(1, r.status());
    }

    @Test
    void shouldDestroyByHandleKeyAndId() {
        fresh();
        Shell.Result first = run("attach " + key + " --new --size 4k --as a; attach private --new --size 4k --as b; detach b");
        int a = shmidIn(lines(first.out()).get(0));
        int b = shmidIn(lines(first.out()).get(1));
        Shell.Result second = run("destroy --key " + key + "; destroy --id " + b + "; destroy --id " + b);
        assertEquals(List.of("destroyed shmid " + a, "destroyed shmid " + b), lines(second.out()));
        assertEquals("error: no segment with shmid=" + b + " [shmctl: EINVAL] (it may be removed already; see list)\n",
                second.err());
        assertEquals(1, second.status());
        Shell.Result held = run("attach private --new --size 4k; destroy; stat");
        assertEquals(0, held.status(), held.err());
        assertTrue(lines(held.out()).get(1).matches("destroyed shmid \\d+ \\(freed when the last of 1 attached detaches\\)"),
                held.out());
        assertTrue(lines(held.out()).get(3).endsWith("status dest (removed: freed at the last detach)"), held.out());
        assertEquals("", held.atExit(), "a destroyed segment is not left behind");
    }

    // ---- handles, @NAME, use ----

    @Test
    void shouldPickAHandleWithAtName() {
        Shell.Result r = run("attach private --new --size 4k --as data; attach private --new --size 4k --as ctl; "
                + "write @data 0 i32 11; write 0 i32 22; read @data 0 i32; read 0 i32; sem init @data 8 0; post @data 8; "
                + "sem value @data 8; use data; read 0 i32; handles; read @nope 0 i32");
        assertEquals(1, r.status());
        List<String> out = lines(r.out());
        assertEquals(List.of("11", "22", "1", "11"), out.subList(2, 6));
        assertTrue(out.get(6).startsWith("* data     key 0x00000000 shmid "), out.get(6));
        assertTrue(out.get(7).startsWith("  ctl      key 0x00000000 shmid "), out.get(7));
        assertEquals("error: no handle named 'nope' (handles: data ctl)\n", r.err());
    }

    @Test
    void shouldSayWhenThereAreNoHandles() {
        Shell.Result r = run("handles; use x");
        assertEquals("no handles (attach a segment first)\n", r.out());
        assertEquals("error: no handle named 'x' (attach a segment first)\n", r.err());
    }

    // ---- scripts: help, echo, sleep, exit, set, keep-going ----

    @Test
    void shouldPrintUsageForHelpCmd() {
        Shell.Result r = run("help read; help sem init; read --help");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("Usage: read [-hV] OFFSET TYPE [COUNT]\n"), r.out());
        assertTrue(r.out().contains("Usage: sem init [-hV] [--force] [OFFSET] [VALUE]\n"), r.out());
        assertFalse(r.out().contains("ipcsh read"), r.out());
        Shell.Result bad = run("help nope");
        assertEquals("error: no command 'nope' (help lists the commands)\n", bad.err());
        assertEquals(1, bad.status());
    }

    /** Whole first sentences, wrapped to the width, the alias listed; the synopsis as one types it inside. */
    @Test
    void shouldWrapHelpToTheWidthWithoutCuttingASentence() {
        Shell.Result r = run("help");
        List<String> out = lines(r.out());
        assertTrue(out.contains("  quit     The same as exit."), r.out());
        for (String l : out) {
            assertTrue(l.length() <= 80, () -> l.length() + " columns: " + l);
            assertFalse(l.endsWith("..."), l);
        }
        assertTrue(out.stream().anyMatch(l -> l.startsWith("  produce  Write 0..N-1 into the current segment")), r.out());
        String attach = HelpCommand.usage(new Shell(new Session(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()))).commands().getSubcommands().get("attach"), 60);
        assertTrue(attach.startsWith("Usage: attach [-hV] "), attach);
        for (String l : attach.split("\n")) {
            assertTrue(l.length() <= 60, () -> l.length() + " columns: " + l);
        }
        String wide = HelpCommand.overview(new Shell(new Session(new java.io.PrintWriter(java.io.Writer.nullWriter()),
                new java.io.PrintWriter(java.io.Writer.nullWriter()))).commands(), 200);
        assertTrue(wide.lines().anyMatch(l -> l.length() > 80), "wider on a wider terminal");
    }

    @Test
    void shouldEchoAnAtWordAsText() {
        Shell.Result r = run("echo @foo bar");
        assertEquals(0, r.status(), r.err());
        assertEquals("@foo bar\n", r.out());
    }

    @Test
    void shouldListEveryRegisteredCommandInHelp() {
        Shell.Result r = run("help");
        for (Class<? extends ShellCommand> c : Commands.ALL) {
            String name = c.getAnnotation(picocli.CommandLine.Command.class).name();
            assertTrue(r.out().contains("\n  " + name + " "), name + " missing from help:\n" + r.out());
        }
    }

    @Test
    void shouldStopAtExitAndNameWhatWasLeft() {
        Shell.Result r = run("attach private --new --size 4k; exit; echo never");
        assertEquals(0, r.status());
        int shmid = shmidIn(r.out());
        assertEquals(1, lines(r.out()).size());
        assertEquals("", r.err());
        assertEquals("left on the host: shmid " + shmid + " key 0x00000000 size 4096 nattch 0 (remove it from bash: ipcrm -m "
                + shmid + ")\n", r.atExit());
        assertEquals(0, SegmentStat.of(shmid).nattch(), "exit detaches");
        // The hint is a command that works as printed, from a plain shell.
        String hint = r.atExit().replaceFirst("(?s).*from bash: (.*)\\)\n$", "$1");
        Proc.Result removed = Proc.run(java.time.Duration.ofSeconds(30), List.of("sh", "-c", hint));
        assertEquals(0, removed.exitCode(), removed::describe);
        assertTrue(io.ipcsh.testkit.SysvShm.byId(shmid).isEmpty(), "removed by " + hint);
    }

    @Test
    void shouldKeepGoingButStillFail() {
        Shell.Result r = run("echo one; read 0 i32; echo two; bogus; echo three", "--keep-going");
        assertEquals(List.of("one", "two", "three"), lines(r.out()));
        assertEquals(2, r.status());
        Shell.Result plain = run("echo one\nread 0 i32\necho two");
        assertEquals(List.of("one"), lines(plain.out()));
        assertEquals(1, plain.status());
    }

    @Test
    void shouldEchoSleepAndIgnoreComments() {
        Shell.Result r = run("# a comment\necho 'a;b'  \"c  d\" e\\ f -x --y # trailing\n\nsleep 10ms; sleep 0.01; echo done");
        assertEquals(0, r.status(), r.err());
        assertEquals(List.of("a;b c  d e f -x --y", "done"), lines(r.out()));
        assertEquals("error: unterminated single quote at 'open (close it, or write \\' for the character itself)\n",
                run("echo 'open").err());
    }

    /** What a person types after {@code str} is what is stored, every character. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "write 0 str issue #42 fixed|issue #42 fixed",
            "write 0 str it's|it's",
            "write 0 str don't 'stop me'|don't stop me",
            "write 0 str 'a;b'|a;b",
            "write 0 str a\\;b|a;b",
            "write 0 str 'spaced  out # not a comment'|spaced  out # not a comment",
            "write 0 str \"say \\\"hi\\\"\"|say \"hi\"",
            "write 0 str #hashtag|#hashtag",
            "write 0 str 50% off!|50% off!",
    })
    void shouldStoreEveryCharacterTypedAfterStr(String write, String stored) {
        Shell.Result r = run(NEW + "\n" + write + "\nread 0 str");
        assertEquals(0, r.status(), r.err());
        assertEquals(stored, lines(r.out()).getLast());
    }

    /** A comment or a ';' that would cut the text short refuses the whole line: nothing stored, nothing run. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "write 0 str a;b|';', which ends a command|write 0 str 'a;b'",
            "write 0 str issue # 42 fixed|'#', where a comment starts|write 0 str 'issue # 42 fixed'",
            "write @h1 0 str it's # note|'#', where a comment starts|write @h1 0 str \"it's # note\"",
            "write 0 str one;two; echo three|';', which ends a command|write 0 str 'one;two'",
    })
    void shouldRefuseAStrWriteThatWouldStoreLessThanTyped(String write, String where, String quoted) {
        Shell.Result r = run(NEW + "write 0 str before\necho ran; " + write + "\necho after");
        assertEquals(Shell.USAGE, r.status());
        assertEquals("error: write: the text would stop at " + where + "; quote it to store it all: " + quoted + "\n", r.err());
        assertFalse(r.out().contains("ran"), "nothing on the line ran");
        Shell.Result kept = run(NEW + "write 0 str before\n" + write + "\nread 0 str", "--keep-going");
        assertEquals("before", lines(kept.out()).getLast(), "the memory is as it was");
    }

    @Test
    void shouldStillTakeCommentsAndSemicolonsAroundWrites() {
        Shell.Result r = run(NEW + "write 0 str hello; read 0 str # the greeting\n# a whole line\nwrite 8 i32 5 # count\n"
                + "write 16 str x;read 16 str; read 8 i32");
        assertEquals(Shell.USAGE, r.status(), "x;read is one word cut at ';': refused");
        assertEquals(List.of("hello"), lines(r.out()).subList(2, 3));
        Shell.Result ok = run(NEW + "write 0 str hello; read 0 str # the greeting\n# a whole line\nwrite 8 i32 5 # count\nread 8 i32");
        assertEquals(0, ok.status(), ok.err());
        assertEquals(List.of("hello", "5"), lines(ok.out()).subList(2, 4));
    }

    @Test
    void shouldTraceLibcCallsStraceStyle() {
        Shell.Result r = run("attach private --new --size 4k; set trace on; sem init 0 3; set trace off; post");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().matches("sem_init\\(0x[0-9a-f]+, 1, 3\\) = 0\n"), r.err());
        Shell.Result flag = run("attach private --new --size 4k", "--trace");
        assertTrue(flag.err().startsWith("shmget(IPC_PRIVATE, 4096, IPC_CREAT|IPC_EXCL|0600) = "), flag.err());
        assertTrue(flag.err().contains("\nshmat("), flag.err());
    }

    @Test
    void shouldPrintReadsAsJson() {
        Shell.Result r = run(NEW + "write 0 f32 1.5 nan; read 0 f32 2; write 8 str \"a\\\"b\"; read 8 str; read 8 bytes 2",
                "--json");
        assertEquals(0, r.status(), r.err());
        int shmid = shmidIn(r.out());
        assertEquals(List.of(
                "{\"handle\":\"h1\",\"shmid\":" + shmid + ",\"offset\":0,\"type\":\"f32\",\"values\":[1.5,\"NaN\"]}",
                "{\"handle\":\"h1\",\"shmid\":" + shmid + ",\"offset\":8,\"type\":\"str\",\"values\":[\"a\\\"b\"]}",
                "{\"handle\":\"h1\",\"shmid\":" + shmid + ",\"offset\":8,\"type\":\"bytes\",\"values\":[97,34]}"),
                lines(r.out()).stream().filter(l -> l.contains("\"type\":")).toList());
        assertEquals(2, lines(r.out()).stream().filter(l -> l.equals("{\"command\":\"write\",\"ok\":true}")).count(), r.out());
    }
}
