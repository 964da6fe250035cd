package io.ipcsh.shell;

import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hand-written malformed command lines, each of which must get exactly one {@code error:}
 * line, no output, a failing status, no stack trace, and leave no segment behind; the
 * shell must go on to the next line. Then the same lines, with invalid UTF-8 and 100 KB
 * lines, through the real script runner ({@code ipcsh --keep-going FILE} and standard
 * input), counting one error line per line.
 */
class HostileInputTest {
    /**
     * One malformed line per entry. {@code {data}}, {@code {removed}} and {@code {gone}}
     * are shmids (see {@link HostileShell}); {@code @ro} is a read-only handle,
     * {@code @gone} a detached one.
     */
    static final String HAND_WRITTEN = """
            # bad and overflowing numbers
            read abc i32
            read 0x i32
            read 0xZZ i32
            read 0x-1 i32
            read 1e3 i32
            read 1.5 i32
            read 99999999999999999999999999 i32
            read 0x10000000000000000 i32
            read -- i32
            read '' i32
            read 0 i32 abc
            read 0 i32 1.0
            read 0 i32 99999999999999999999
            write 0 i8 128
            write 0 i8 -129
            write 0 u8 256
            write 0 u8 -1
            write 0 i16 32768
            write 0 i16 -32769
            write 0 u16 65536
            write 0 u16 -1
            write 0 i32 2147483648
            write 0 i32 -2147483649
            write 0 u32 4294967296
            write 0 u32 -1
            write 0 i64 9223372036854775808
            write 0 i64 -9223372036854775809
            write 0 u64 18446744073709551616
            write 0 u64 -1
            write 0 u64 0x1ffffffffffffffff
            write 0 i32 1.5
            write 0 i32 0x
            write 0 i32 12abc
            write 0 i32 ++1
            write 0 i32 1 2 x
            write 0 f32 abc
            write 0 f64 1.2.3
            write 0 f32 0x
            write 0 f64 --1
            write 0 bytes zz
            write 0 bytes abc
            write 0 bytes 0xgg
            write 0 bytes de ad b
            sem init 0 -1
            sem init 0 2147483648
            sem init 0 abc
            sem init 0 0x
            wait 0 --timeout abc
            wait 0 --timeout -1s
            wait 0 --timeout 1y
            wait 0 --timeout 1..5s
            wait 0 --timeout 999999999999999h
            sleep -1
            sleep forever
            sleep 1e9h
            watch 0 i32 --count 0
            watch 0 i32 --count -1
            watch 0 i32 --interval xyz --count 1
            attach --id -1
            attach --id abc
            attach --id 99999999999
            attach --mode 999 --new --size 4k
            attach --mode 8 --new --size 4k
            attach --mode 01777 --new --size 4k
            attach --mode rw --new --size 4k
            attach --mode -600 --new --size 4k
            key 0xZZZZ
            key /nonexistent/dir/file
            key /nonexistent/dir/file 65
            key /tmp 0
            key /tmp 256
            key /tmp -1
            key /tmp ab
            key 0x1234 66
            destroy --id -5
            destroy --id abc
            destroy --key 0xZZ
            # out-of-range and negative offsets and counts
            read -1 i32
            read -0x10 i32
            read 4096 i32
            read 4093 i32
            read 4089 i64
            read 4096 u8
            read 9223372036854775807 u8
            read 9223372036854775807 i64
            read 0 i32 0
            read 0 i32 -5
            read 0 u8 4097
            read 0 i32 1025
            read 0 u8 2147483647
            read 0 u8 2147483648
            read 4095 u16
            read 4096 str
            read 0 str 2
            read 4095 bytes 2
            write -1 i32 1
            write 4096 i32 1
            write 4093 i32 1
            write 4095 i16 1
            write 4089 i64 1
            write 4092 i32 1 2
            write 4094 str hello
            write 4096 str x
            write 4095 bytes 0102
            write 9223372036854775807 u8 1
            write 9223372036854775806 i16 1
            dump -1
            dump 4097
            dump 0 4097
            dump 4000 200
            dump 0 -1
            dump 0 1g
            dump 9223372036854775807 1
            dump 1 9223372036854775807
            watch -1 i32 --count 1
            watch 4096 i32 --count 1
            watch 4093 i32 --count 1
            # unknown types, commands and handles
            read 0 i33
            read 0 int
            read 0 i128
            read 0 string
            read 0 float
            read 0 ''
            write 0 i24 1
            write 0 char x
            watch 0 double --count 1
            frobnicate
            reed 0 i32
            attachh
            sem frob
            sem init-ish
            set trace maybe
            set colour on
            help frobnicate
            help sem frob
            ;;; bogus ;;;
            read @nosuch 0 i32
            write @nosuch 0 i32 1
            dump @nosuch
            stat nosuch
            stat @nosuch
            detach nosuch
            destroy nosuch
            use nosuch
            use @nosuch
            sem init @nosuch 0
            post @nosuch 0
            wait @nosuch 0 --timeout 10ms
            trywait @nosuch
            attach --new --size 4k --as data
            attach --new --size 4k --as 1bad
            attach --new --size 4k --as 'a b'
            attach --new --size 4k --as ''
            attach --bogus
            read 0 i32 --bogus
            wait --forever
            stat data extra
            # missing arguments
            read
            read 0
            write
            write 0
            write 0 i32
            write 0 str
            write 0 bytes
            key
            attach --size
            attach --mode
            attach --id
            attach --as
            attach --create
            attach --new
            attach --create --new --size 4k
            attach --id {data} --size 4k
            attach --id {data} 0x1234
            wait 0 --timeout
            watch
            watch 0
            watch 0 i32 --count
            sleep
            use
            destroy --key
            destroy --id
            destroy data --id {data}
            set
            set trace
            'unterminated
            write 0 str "unterminated
            # misaligned and out-of-range semaphores
            sem init 1
            sem init 4
            sem init 7 1
            sem init 4065
            sem init 4072
            sem init 4096
            sem init 0x7fffffffffffffff
            sem value 15
            sem value 4072
            sem destroy 17
            wait 3 --timeout 10ms
            wait 4070 --timeout 10ms
            post 12
            post 4090
            trywait 9
            trywait 4096
            # a semaphore overwritten by a plain write: refused, where glibc would abort the JVM
            write 16 i32 0; write 24 i32 12345; wait 16 --timeout 10ms
            write 24 i32 -1; post 16
            # the semaphore at 0 is 0: a timed wait times out
            wait 0 --timeout 10ms
            wait 0 --timeout 0s
            # use after detach, and after destroy
            read @gone 0 i32
            write @gone 0 i32 1
            dump @gone
            dump @gone 0 16
            sem init @gone 0
            sem value @gone 64
            sem destroy @gone 64
            post @gone 64
            wait @gone 64 --timeout 10ms
            trywait @gone 64
            watch @gone 0 i32 --count 1
            stat gone
            destroy gone
            attach --id {gone}
            attach --id {gone} --readonly
            destroy --id {gone}
            # writes through a read-only attach
            write @ro 0 i32 1
            write @ro 0 u8 1
            write @ro 100 str hello
            write @ro 0 bytes deadbeef
            write @ro 0 f64 1.5
            sem init @ro 0 1
            sem init @ro 64 0
            sem destroy @ro 64
            post @ro 64
            wait @ro 64 --timeout 10ms
            trywait @ro 64
            # sizes of 0 and beyond SHMMAX/SHMALL
            attach --new --size 0
            attach --new --size 0k
            attach --create --size 0
            attach --new --size -1
            attach --new --size -4k
            attach --new --size 1t
            attach --new --size 4kb
            attach --new --size k
            attach --new --size 0x
            attach --new --size 99999999999999999999
            attach --new --size 18446744073709551615
            attach --new --size 0xffffffffffffffff
            attach --new --size 9223372036854775807
            attach --new --size 4611686018427387904
            attach --new --size 4611686018427387903
            attach --new --size 8388608g
            attach --new --size 1000000g
            """;

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @TempDir
    Path dir;

    static List<String> handWritten() {
        return HAND_WRITTEN.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    @Test
    void shouldHaveAtLeastTwoHundredHandWrittenLines() {
        assertTrue(handWritten().size() >= 200, "only " + handWritten().size());
    }

    @Test
    void shouldAnswerEveryMalformedLineWithExactlyOneErrorLineAndGoOn() {
        List<String> failures = new ArrayList<>();
        try (HostileShell shell = new HostileShell()) {
            int n = 0;
            for (String line : handWritten()) {
                HostileShell.Outcome o = shell.run(line);
                String problem = problem(o);
                if (problem != null) {
                    failures.add(problem + "\n" + o.describe());
                }
                List<Integer> strays = shell.strays();
                if (!strays.isEmpty()) {
                    failures.add("left segments " + strays + " behind\n" + o.describe());
                }
                n++;
            }
            // Still alive and well after all that.
            HostileShell.Outcome alive = shell.run("write 8 i32 42; read 8 i32; sem value 64");
            assertEquals(0, alive.status(), alive::describe);
            assertEquals(List.of("42", "1"), alive.out());
            System.out.println("hostile input: " + n + " hand-written lines, " + failures.size() + " misbehaved");
        }
        assertEquals(List.of(), failures, () -> failures.size() + " lines misbehaved:\n" + String.join("\n\n", failures));
    }

    @Test
    void shouldSurviveInvalidUtf8AndHugeLinesInAScriptFile() throws IOException {
        List<byte[]> lines = hostileScript();
        Path script = dir.resolve("hostile.ipcsh");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            bytes.write(l);
            bytes.write('\n');
        }
        Files.write(script, bytes.toByteArray());

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"--keep-going", script.toString()}, InputStream.nullInputStream(), out, err, false);
        checkScriptRun(lines.size(), status, out, err);
    }

    @Test
    void shouldSurviveInvalidUtf8AndHugeLinesOnStandardInput() throws IOException {
        List<byte[]> lines = hostileScript();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] l : lines) {
            bytes.write(l);
            bytes.write('\n');
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"--keep-going"}, new ByteArrayInputStream(bytes.toByteArray()), out, err, false);
        checkScriptRun(lines.size(), status, out, err);
    }

    @Test
    void shouldSayOutOfMemoryInOneLineAndGoOn() {
        // -Xmx64m (the peer JVM's heap): 32 Mi values as a list of numbers can't fit.
        Proc.Result r = Jvm.run(Duration.ofSeconds(120), Main.class, "--keep-going", "-c",
                "key private; attach --new --size 32m --temp; read 0 bytes 33554432; read 0 u8 33554432; echo alive");
        assertEquals(Shell.FAILED, r.exitCode(), r::describe);
        String refused = "error: read: not enough memory for that (Java heap space; ask for less at once:"
                + " a smaller COUNT, or dump)";
        assertEquals(List.of(refused, refused), r.stderr().lines().toList(), r::describe);
        assertTrue(r.stdout().endsWith("alive\n"), r::describe);
    }

    @Test
    void shouldDumpASegmentLargerThanTheHeapOfItsJvm() {
        // The peer JVM runs with -Xmx64m: a dump that copied the segment into one array
        // would die of OutOfMemoryError.
        Proc.Result r = Jvm.run(Duration.ofSeconds(120), Main.class, "-c",
                "key private; attach --new --size 128m --temp; write 0x7fffff0 i32 7; dump; dump 0x7fffff0");
        assertEquals(0, r.exitCode(), r::describe);
        assertEquals("", r.stderr());
        List<String> out = r.stdout().lines().toList();
        assertEquals(List.of(
                "00000000  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|",
                "*",
                "07fffff0  07 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|",
                "08000000",
                "07fffff0  07 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|",
                "08000000"), out.subList(2, out.size()));
    }

    /**
     * A script that sets up a segment, then every hand-written line (placeholders made
     * harmless), lines with invalid UTF-8, NULs and control characters, and 100 KB lines;
     * each hostile line fails once.
     */
    private List<byte[]> hostileScript() {
        List<byte[]> lines = new ArrayList<>();
        lines.add(utf8("key private; attach --new --size 4k --as data; sem init 0 0; sem init 64 1"));
        for (String l : handWritten()) {
            if (l.contains("@ro") || l.contains("@gone") || l.contains("{") || l.contains(" gone")) {
                continue; // those need HostileShell's fixture
            }
            lines.add(utf8(l));
        }
        byte[][] invalid = {
            {(byte) 0xff, (byte) 0xfe, ' ', '0'},
            {'r', 'e', 'a', 'd', ' ', (byte) 0xc3, (byte) 0x28, ' ', 'i', '3', '2'},
            {'r', 'e', 'a', 'd', ' ', '0', ' ', (byte) 0xe2, (byte) 0x82},
            {'w', 'r', 'i', 't', 'e', ' ', '0', ' ', 'i', '3', '2', ' ', (byte) 0xf0, (byte) 0x9f},
            {'k', 'e', 'y', ' ', (byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {'u', 's', 'e', ' ', (byte) 0xc0, (byte) 0x80},
            {'r', 'e', 'a', 'd', 0, ' ', '0', ' ', 'i', '3', '2'},
            {'r', 'e', 'a', 'd', ' ', '0', ' ', 'i', '3', '2', 0},
            {0x1b, '[', '2', 'J', 'r', 'e', 'a', 'd'},
            {'w', 'r', 'i', 't', 'e', ' ', 0x7f, ' ', 'i', '8', ' ', '1'},
        };
        lines.addAll(List.of(invalid));
        lines.add(utf8("x".repeat(100 * 1024)));
        lines.add(utf8("write 0 str " + "a".repeat(100 * 1024)));
        lines.add(utf8("read " + "9".repeat(100 * 1024) + " i32"));
        lines.add(utf8("write 0 u8" + " 1".repeat(50 * 1024)));
        lines.add(utf8("write 0 bytes " + "0".repeat(100 * 1024 + 1)));
        lines.add(utf8("read 0 i32 '" + "q".repeat(100 * 1024)));
        lines.add(utf8("use " + "h".repeat(100 * 1024)));
        lines.add(utf8("destroy"));
        return lines;
    }

    /** Exactly one error per hostile line (all but the first and last), no stack trace. */
    private void checkScriptRun(int lineCount, int status, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        String e = err.toString(StandardCharsets.UTF_8);
        String o = out.toString(StandardCharsets.UTF_8);
        List<String> errors = e.lines().filter(l -> !l.startsWith("warning: ")).toList();
        String head = "status " + status + "\n" + e.substring(0, Math.min(e.length(), 4000));
        assertEquals(Shell.USAGE, status, head);
        assertFalse(e.contains("\tat "), head);
        assertFalse(e.contains("unexpected"), head);
        for (String l : errors) {
            // A script file's errors say where: "FILE:LINE: error: ...".
            assertTrue(l.matches("(?s)(\\S+:\\d+: )?error: .*"), () -> "not an error line: " + l.substring(0, Math.min(l.length(), 300)));
            assertTrue(l.length() < 2_000, () -> "an error line of " + l.length() + " chars: " + l.substring(0, 300));
        }
        assertEquals(lineCount - 2, errors.size(), head);
        assertTrue(o.lines().anyMatch(l -> l.startsWith("destroyed shmid ")), o);
    }

    /** Why {@code o} is not one clean error, or null if it is. */
    static String problem(HostileShell.Outcome o) {
        if (o.status() == Shell.OK) {
            return "status 0 for a malformed line";
        }
        if (o.errors().size() != 1) {
            return o.errors().size() + " error lines, not 1";
        }
        String e = o.errors().getFirst();
        if (!e.startsWith("error: ")) {
            return "the error line does not start with 'error: '";
        }
        if (e.contains("unexpected") || e.contains("Exception")) {
            return "an unexpected exception escaped";
        }
        if (e.length() > 2_000) {
            return "an error line of " + e.length() + " chars";
        }
        if (!o.out().isEmpty()) {
            return "output for a malformed line";
        }
        return null;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
