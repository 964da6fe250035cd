package io.ipcsh.shell;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code struct}, {@code struct load}, {@code struct show}, and structs as the TYPE of
 * {@code read}, {@code write} and {@code watch}: in one shell, and against a C program
 * that keeps the same struct in a segment.
 */
class StructCommandTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String REC = "struct inner { short x; double y; }; "
            + "struct rec { int id; char name[16]; struct inner in; uint64_t big; int arr[3]; sem_t ready; pthread_mutex_t lock; bool ok; }";

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private static Shell.Result run(String script, String... flags) {
        Shell.Result r = Shell.run(script, flags);
        assertFalse(r.err().contains("unexpected"), r.err());
        return r;
    }

    @Test
    void shouldKeepSemicolonsInsideBracesAndSplitCommandsOutside() {
        Shell.Result r = run("struct p { int a; char b; }; struct show p; echo after");
        assertEquals(0, r.status(), r.all());
        assertEquals("""
                struct p: 8 bytes, aligned to 4, 2 members, 3 bytes of padding (struct show p)
                struct p {
                \tint                        a;                    /*     0     4 */
                \tchar                       b;                    /*     4     1 */

                \t/* size: 8, cachelines: 1, members: 2 */
                \t/* padding: 3 */
                \t/* last cacheline: 8 bytes */
                };
                after
                """, r.out());
    }

    @Test
    void shouldReadADeclarationOverSeveralLinesOfAScript() {
        Shell.Result r = run("""
                struct rec {
                    int id;       // ; and # in comments are C's
                    long when;
                };
                struct show rec
                """);
        assertEquals(0, r.status(), r.all());
        assertTrue(r.out().contains("\t/* XXX 4 bytes hole, try to pack */\n"), r.out());
        assertTrue(r.out().contains("\tlong                       when;                 /*     8     8 */\n"), r.out());
    }

    @Test
    void shouldWriteReadAndWatchMembersByName() {
        Shell.Result r = run(REC + "; key private; attach --new --size 4k; sem init 64 5; "
                + "write 0 rec.id 42; write 0 rec.name hello world; write 0 rec.in.x -2; write 0 rec.in.y 0.25; "
                + "write 0 rec.arr 1 2; write 0 rec.arr[2] 9; write 0 rec.ok 1; write 0 rec.big 18446744073709551615; "
                + "read 0 rec; read 0 rec.arr[1]; read 0 rec.in; read 24 i16; watch 0 rec.id --count 1; destroy");
        assertEquals(0, r.status(), r.all());
        List<String> out = List.of(r.out().split("\n"));
        int at = out.indexOf("struct rec at offset 0 (144 bytes)");
        assertTrue(at > 0, r.out());
        assertEquals(List.of(
                "       0  int id = 42",
                "       4  char name[16] = \"hello world\"",
                "      24  short in.x = -2",
                "      32  double in.y = 0.25",
                "      40  uint64_t big = 18446744073709551615",
                "      48  int arr[3] = {1, 2, 9}",
                "      64  sem_t ready = value 5, waiters 0",
                "      96  pthread_mutex_t lock = not a process-shared mutex (zeroed or never initialised: mutex init it)",
                "     136  bool ok = true"), normalise(out.subList(at + 1, at + 10)));
        assertEquals("2", out.get(at + 10));
        assertTrue(out.get(at + 11).matches(" +24  short in.x += -2"), out.get(at + 11));
        assertTrue(out.get(at + 12).matches(" +32  double in.y += 0.25"), out.get(at + 12));
        assertEquals("-2", out.get(at + 13), "the member is where read OFFSET TYPE finds it");
        assertEquals("42", out.get(at + 14), "watch prints the member's value");
    }

    /** The table pads declarations to the longest; compare with one space before '='. */
    private static List<String> normalise(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll(" +=", " =")).toList();
    }

    @Test
    void shouldPrintJsonForReadAndShow() {
        Shell.Result r = run("struct s { int a; char t[4]; void *p; sem_t sem; }; key private; attach --new --size 4k; "
                + "write 0 s.a 3; write 0 s.t ab; read 0 s; read 0 s.t; struct show s; destroy", "--json");
        assertEquals(0, r.status(), r.all());
        List<String> lines = List.of(r.out().split("\n"));
        assertTrue(lines.contains("{\"handle\":\"h1\",\"offset\":0,\"struct\":\"s\",\"size\":48,\"fields\":["
                + "{\"name\":\"a\",\"offset\":0,\"type\":\"int\",\"size\":4,\"value\":3},"
                + "{\"name\":\"t\",\"offset\":4,\"type\":\"char[4]\",\"size\":4,\"value\":\"ab\"},"
                + "{\"name\":\"p\",\"offset\":8,\"type\":\"void *\",\"size\":8,\"value\":\"0x0\"},"
                + "{\"name\":\"sem\",\"offset\":16,\"type\":\"sem_t\",\"size\":32,\"value\":{\"value\":0,\"waiters\":0}}]}"), r.out());
        assertTrue(lines.contains("{\"handle\":\"h1\",\"offset\":0,\"struct\":\"s\",\"member\":\"t\",\"size\":48,\"fields\":["
                + "{\"name\":\"t\",\"offset\":4,\"type\":\"char[4]\",\"size\":4,\"value\":\"ab\"}]}"), r.out());
        assertTrue(lines.contains("{\"struct\":\"s\",\"size\":48,\"alignment\":8,\"members\":["
                + "{\"name\":\"a\",\"type\":\"int\",\"offset\":0,\"size\":4,\"alignment\":4},"
                + "{\"name\":\"t\",\"type\":\"char[4]\",\"offset\":4,\"size\":4,\"alignment\":1},"
                + "{\"name\":\"p\",\"type\":\"void *\",\"offset\":8,\"size\":8,\"alignment\":8},"
                + "{\"name\":\"sem\",\"type\":\"sem_t\",\"offset\":16,\"size\":32,\"alignment\":8}],"
                + "\"holes\":[],\"padding\":0,\"cachelines\":1}"), r.out());
    }

    @Test
    void shouldLoadEveryStructInAHeader(@TempDir Path dir) throws Exception {
        Path h = Files.writeString(dir.resolve("jobs.h"), """
                #ifndef JOBS_H
                #define JOBS_H
                #include <stdint.h>
                struct job { uint32_t id; char cmd[28]; };
                typedef struct { sem_t items; struct job jobs[2]; } queue_t;
                #endif
                """);
        Shell.Result r = run("struct load " + h + "; struct show queue_t; struct");
        assertEquals(0, r.status(), r.all());
        assertTrue(r.out().startsWith("struct job: 32 bytes, aligned to 4, 2 members (struct show job)\n"
                + "struct queue_t: 96 bytes, aligned to 8, 2 members (struct show queue_t)\n"), r.out());
        assertTrue(r.out().contains("\tstruct job                 jobs[2];              /*    32    64 */\n"), r.out());
        assertTrue(r.out().endsWith("job: 32 bytes\nqueue_t: 96 bytes\n"), r.out());
    }

    @Test
    void shouldRefuseBadStructInputInOneLine() {
        assertEquals("error: struct: bit-fields are not supported: 'f : ...' in struct b (their layout is the compiler's; use a whole integer and masks)\n",
                run("struct b { int f : 2; }").err());
        assertEquals("error: struct: unions are not supported: a union in struct u (declare its largest member instead)\n",
                run("struct u { union { int a; } x; }").err());
        assertEquals("error: unterminated { (a struct declaration ends with })\n", run("struct open { int a;").err());
        assertEquals("error: a struct needs a name: struct NAME { ... }\n", run("struct { int a; }").err());
        assertEquals("error: no struct named 'nope' (define one: struct NAME { int a; ... }, or struct load FILE.h)\n",
                run("struct show nope").err());
        Shell.Result unknown = run("struct p { int a; }; key private; attach --new --size 4k; read 0 q; destroy");
        assertEquals(Shell.USAGE, unknown.status());
        assertEquals("error: read: TYPE: not a type: 'q' (use i8 u8 i16 u16 i32 u32 i64 u64 f32 f64 str bytes, or a struct: p)"
                + " (help read)\n", unknown.err());
        Shell.Result member = run("struct p { int a; sem_t s; }; key private; attach --new --size 4k --as m; "
                + "write 0 p.b 1; write 0 p.s 1; write 0 p 1; write 4090 p.a 1; write 0 p.a 1 2; destroy m", "--keep-going");
        assertEquals(List.of(
                "error: no member 'b' in struct p (members: a s)",
                "error: p.s is a sem_t at offset 8: use sem init 8 VALUE, post 8 or wait 8",
                "error: write needs a member of struct p: p.FIELD (members: a s)",
                "error: offset out of range: offset=4090 length=40 size=4096",
                "error: p.a is a int: it takes one value, not 2"), List.of(member.err().split("\n")));
    }

    @Test
    void shouldSeeAStructACProgramKeepsInSharedMemory() throws Exception {
        Path peer = CProgram.compile("struct_peer.c");
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Session session = new Session(new PrintWriter(out, true), new PrintWriter(err, true));
        Shell shell = new Shell(session);
        try (Proc c = Proc.start(List.of(peer.toString(), Integer.toString(seg.shmid())))) {
            String tid = c.awaitLineStartingWith("filled tid=", PATIENCE).substring("filled tid=".length());
            assertEquals(0, shell.runLine(REC + "; attach --id " + seg.shmid()), err.toString());
            out.getBuffer().setLength(0);

            assertEquals(0, shell.runLine("read 0 rec"), err.toString());
            String read = out.toString();
            assertTrue(read.contains("  int id ") && read.contains(" = 7\n"), read);
            assertTrue(read.contains(" = \"from C\"\n"), read);
            assertTrue(read.matches("(?s).*short in\\.x += -3\n.*double in\\.y += 0\\.5\n.*"), read);
            assertTrue(read.contains(" = 18446744073709551615\n"), read);
            assertTrue(read.contains(" = {1, 2, 3}\n"), read);
            assertTrue(read.contains("sem_t ready") && read.contains(" = value 2, waiters 0\n"), read);
            assertTrue(read.contains(" = locked by tid " + tid + "; not robust; consistent\n"), read);
            assertTrue(read.contains("bool ok") && read.contains(" = true\n"), read);

            // ipcsh writes members; C reads them where its compiler put them.
            assertEquals(0, shell.runLine("write 0 rec.name from ipcsh; write 0 rec.in.x 12; write 0 rec.in.y -1.5; "
                    + "write 0 rec.arr[2] 99; write 0 rec.ok false"), err.toString());
            c.println("show");
            assertEquals("id=7 name=from ipcsh in.x=12 in.y=-1.5 arr2=99 ok=0", c.awaitLineStartingWith("id=", PATIENCE));

            // watch sees each change C makes to one member.
            out.getBuffer().setLength(0);
            CompletableFuture<Integer> watching = CompletableFuture.supplyAsync(
                    () -> shell.runLine("watch 0 rec.id --count 3 --interval 1ms --timeout 60s"));
            Await.until(() -> out.toString().equals("7\n"), PATIENCE, () -> "watch printed the first value: " + out);
            c.println("bump");
            c.awaitLine("bumped id=8", PATIENCE);
            Await.until(() -> out.toString().equals("7\n8\n"), PATIENCE, () -> "watch saw 8: " + out);
            c.println("bump");
            c.awaitLine("bumped id=9", PATIENCE);
            assertEquals(0, watching.get(PATIENCE.toSeconds(), TimeUnit.SECONDS), err.toString());
            assertEquals("7\n8\n9\n", out.toString());

            c.println("quit");
            Proc.Result done = c.waitFor(PATIENCE);
            assertEquals(0, done.exitCode(), done::describe);
            out.getBuffer().setLength(0);
            assertEquals(0, shell.runLine("read 0 rec.lock"), err.toString());
            assertEquals("unlocked; not robust; consistent\n", out.toString());
        } finally {
            session.close();
        }
    }
}
