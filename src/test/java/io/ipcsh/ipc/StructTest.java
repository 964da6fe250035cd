package io.ipcsh.ipc;

import io.ipcsh.ipc.IpcException.InvalidArgumentException;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Struct} and {@link Structs}: the pahole view, member paths, reading and writing an
 * instance in memory, and one line for every construct outside the subset.
 */
class StructTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldShowTheLayoutAsPaholeDoes() {
        Struct s = Struct.parse("struct test { int i; char *str; char a[3][2]; unsigned int ui; }");
        assertEquals("""
                struct test {
                \tint                        i;                    /*     0     4 */

                \t/* XXX 4 bytes hole, try to pack */

                \tchar *                     str;                  /*     8     8 */
                \tchar                       a[3][2];              /*    16     6 */

                \t/* XXX 2 bytes hole, try to pack */

                \tunsigned int               ui;                   /*    24     4 */

                \t/* size: 32, cachelines: 1, members: 4 */
                \t/* sum members: 22, holes: 2, sum holes: 6 */
                \t/* padding: 4 */
                \t/* last cacheline: 32 bytes */
                };""", s.show());
    }

    @Test
    void shouldMarkCachelineBoundariesAsPaholeDoes() {
        Struct s = Struct.parse("struct big { char a[100]; long b; int c[20]; long d; }");
        String shown = s.show();
        assertTrue(shown.contains("\t/* --- cacheline 1 boundary (64 bytes) was 40 bytes ago --- */\n\tlong                       b;"), shown);
        assertTrue(shown.contains("\t/* --- cacheline 3 boundary (192 bytes) --- */\n\tlong                       d;"), shown);
        assertTrue(shown.contains("/* size: 200, cachelines: 4, members: 4 */"), shown);
    }

    @Test
    void shouldReadAndWriteEveryKindOfMemberInMemory() {
        Structs structs = new Structs();
        structs.define("""
                struct inner { short x; double y; };
                typedef struct {
                    int id;              // a comment
                    char name[8];        /* text */
                    struct inner in;
                    uint64_t big;
                    int grid[2][3];
                    bool ok;
                    float f;
                    void *p;
                    sem_t ready;
                    pthread_mutex_t lock;
                    struct inner pair[2];
                } rec_t;
                """);
        Struct rec = structs.require("rec_t");
        assertEquals("rec_t", rec.name());
        try (Arena arena = Arena.ofShared()) {
            MemorySegment bytes = arena.allocate(4096, 8);
            Memory m = new Memory("mapping", "/test", bytes, false, "map it read-write");
            m.semaphore(8 + rec.member("ready").offset()).init(3);
            m.write(8, rec, "id", "-7");
            m.write(8, rec, "name", "hello");
            m.write(8, rec, "in.x", "-2");
            m.write(8, rec, "in.y", "2.5");
            m.write(8, rec, "big", "0xffffffffffffffff");
            m.write(8, rec, "grid", "1", "2", "3", "4");
            m.write(8, rec, "grid[1][2]", "9");
            m.write(8, rec, "ok", "true");
            m.write(8, rec, "f", "1.25");
            m.write(8, rec, "p", "0x1000");
            m.write(8, rec, "pair[1].x", "5");
            Struct.Reading r = m.read(8, rec);
            assertEquals(-7L, r.get("id"));
            assertEquals("hello", r.get("name"));
            assertEquals(-2L, r.get("in.x"));
            assertEquals(2.5, r.get("in.y"));
            assertEquals(new BigInteger("18446744073709551615"), r.get("big"));
            assertEquals(List.of(List.of(1L, 2L, 3L), List.of(4L, 0L, 9L)), r.get("grid"));
            assertEquals(true, r.get("ok"));
            assertEquals(1.25f, r.get("f"));
            assertEquals("0x1000", r.get("p").toString());
            assertEquals("value 3, waiters 0", r.get("ready").toString());
            assertEquals("not a process-shared mutex (zeroed or never initialised: mutex init it)", r.get("lock").toString());
            m.mutex(8 + rec.member("lock").offset()).init(true);
            assertEquals("unlocked; robust; consistent", m.read(8, rec).get("lock").toString());
            assertEquals(5L, r.get("pair[1].x"));
            // The bytes are where gcc puts them: id at 0, name at 4, in.x at 16 (struct inner is 8-aligned).
            assertEquals(-7, m.getInt(8));
            assertEquals("hello", m.getString(12));
            assertEquals(-2, m.getShort(8 + 16));
            assertTrue(r.toString().startsWith("struct rec_t at offset 8 (" + rec.size() + " bytes)\n"), r.toString());
            assertTrue(r.toString().contains("  char name[8] "), r.toString());

            assertEquals("text too long for rec_t.name (char[8]): 9 bytes, at most 8",
                    assertThrows(InvalidArgumentException.class, () -> m.write(8, rec, "name", "123456789")).getMessage());
            assertEquals("value out of range for rec_t.in.x (short): 40000 (use -32768 to 32767)",
                    assertThrows(InvalidArgumentException.class, () -> m.write(8, rec, "in.x", "40000")).getMessage());
            assertEquals("rec_t.ready is a sem_t at offset " + (8 + rec.member("ready").offset()) + ": use sem init "
                            + (8 + rec.member("ready").offset()) + " VALUE, post " + (8 + rec.member("ready").offset()) + " or wait "
                            + (8 + rec.member("ready").offset()),
                    assertThrows(InvalidArgumentException.class, () -> m.write(8, rec, "ready", "1")).getMessage());
            assertEquals("no member 'z' in in (struct inner) (members: x y)",
                    assertThrows(InvalidArgumentException.class, () -> rec.member("in.z")).getMessage());
            assertEquals("index out of range: grid[2] (grid has 2 elements)",
                    assertThrows(InvalidArgumentException.class, () -> rec.member("grid[2]")).getMessage());
            assertEquals("offset out of range: offset=4000 length=" + rec.size() + " size=4096",
                    assertThrows(InvalidArgumentException.class, () -> m.read(4000, rec)).getMessage());
        }
    }

    @Test
    void shouldRefuseWritesThroughAReadOnlyAttach() {
        Struct rec = Struct.parse("struct rec { int id; char name[4]; }");
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        seg.memory().write(0, rec, "id", "42");
        Segment ro = ipc.track(Segment.attach(seg.shmid(), true));
        assertEquals(42L, ro.memory().read(0, rec).get("id"));
        assertThrows(IpcException.PermissionDeniedException.class, () -> ro.memory().write(0, rec, "id", "1"));
        assertThrows(IpcException.PermissionDeniedException.class, () -> ro.memory().write(0, rec, "name", "ab"));
        assertEquals(42, seg.getInt(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "struct r { unsigned flags : 3; }|struct: bit-fields are not supported: 'flags : ...' in struct r (their layout is the compiler's; use a whole integer and masks)",
            "struct r { union { int a; float b; } u; }|struct: unions are not supported: a union in struct r (declare its largest member instead)",
            "struct r { enum color c; }|struct: enums are not supported: an enum in struct r (gcc sizes it by its values: write int or the fixed-width type)",
            "struct r { void (*cb)(int); }|struct: function pointers and parenthesised declarators are not supported: in struct r (a function pointer is 8 bytes: declare it as void *NAME)",
            "struct r { int a; } __attribute__((packed))|struct: attributes are not supported: '__attribute__' in the file can change the layout (packed, aligned)",
            "struct r { int a __attribute__((aligned(16))); }|struct: attributes are not supported: on 'a' in struct r (they can change the layout: packed, aligned)",
            "struct r { _Alignas(16) int a; }|struct: attributes are not supported: '_Alignas' in struct r can change the layout (packed, aligned)",
            "struct r { long double x; }|struct: long double is not supported: its 80-bit format has no reader here",
            "struct r { int a = 1; }|struct: initialisers are not supported: 'a = ...' in struct r",
            "struct r { struct { int a; }; }|struct: anonymous struct members are not supported: in struct r (give the member a name)",
            "struct r { struct missing m; }|struct: 'm' has incomplete type struct missing (define struct missing before struct r, or point to it with *)",
            "struct r { }|struct: struct r has no members (gcc gives it size 0, C++ 1: add a member)",
            "struct r { widget w; }|struct: unknown type 'widget' in struct r (define it before, or use one of: int, unsigned, short, char, long, long long, float, double, bool, int8_t..uint64_t, size_t, ssize_t, pid_t, sem_t, pthread_mutex_t, struct NAME)",
            "struct r { int a[sizeof(long)]; }|struct: sizeof is not supported in array lengths: in 'a' (write the number)",
            "struct r { unsigned float f; }|struct: 'unsigned float' is not a C type",
            "struct r { int a; int a; }|struct: duplicate member 'a' in struct r",
            "struct r { char data[]; int n; }|struct: a flexible array member must be the last member of struct r",
            "struct r { int a[2][]; }|struct: only the first dimension of 'a' may be empty",
            "struct r { int a }|struct: expected ';' after a member of struct r, found '}'",
            "struct @ { char *p; }|struct: character not understood: '@'",
    })
    void shouldRefuseWhatItDoesNotSupportInOneLine(String declaration, String message) {
        IpcException e = assertThrows(InvalidArgumentException.class, () -> new Structs().define(declaration));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void shouldRefuseAUsedDefineButNotAnUnusedOne(@TempDir Path dir) throws Exception {
        Path used = Files.writeString(dir.resolve("used.h"), """
                #ifndef USED_H
                #define USED_H
                #include <stdint.h>
                #define NAME_LEN 16
                struct user { char name[NAME_LEN]; };
                #endif
                """);
        assertEquals("struct: macros are not supported: 'NAME_LEN' is a #define (16): write its value instead (used.h line 5)",
                assertThrows(InvalidArgumentException.class, () -> new Structs().load(used)).getMessage());

        Path fine = Files.writeString(dir.resolve("fine.h"), """
                #ifndef FINE_H
                #define FINE_H
                #pragma once
                #include <semaphore.h>
                #define UNUSED 3
                /* the channel */
                struct slot { uint32_t seq; char text[60]; };
                typedef struct ring {
                    sem_t items;
                    struct slot slots[4];
                    size_t head, tail;
                } ring_t;
                struct ring *ring_open(const char *name);
                extern int ring_count;
                #endif
                """);
        Structs structs = new Structs();
        List<Struct> found = structs.load(fine);
        assertEquals(List.of("slot", "ring"), found.stream().map(Struct::name).toList());
        Struct ring = structs.require("ring_t");
        assertEquals(32 + 4 * 64 + 16, ring.size());
        assertEquals(32 + 4 * 64 + 8, ring.member("tail").offset());

        Path packed = Files.writeString(dir.resolve("packed.h"), "#pragma pack(1)\nstruct p { char c; int i; };\n");
        assertEquals("struct: #pragma pack(1) is not supported: '#pragma pack(1)' can change the layout (packing) (packed.h line 1)",
                assertThrows(InvalidArgumentException.class, () -> new Structs().load(packed)).getMessage());
        Path conditional = Files.writeString(dir.resolve("cond.h"), "#ifdef BIG\nstruct p { long x; };\n#endif\n");
        assertEquals("struct: conditional compilation is not supported: '#ifdef BIG' (only an include guard, #ifndef X / #define X / #endif, is understood) (cond.h line 1)",
                assertThrows(InvalidArgumentException.class, () -> new Structs().load(conditional)).getMessage());
        assertTrue(assertThrows(IpcException.NotFoundException.class, () -> new Structs().load(dir.resolve("nope.h")))
                .getMessage().startsWith("struct load: no such file: "));
    }

    @Test
    void shouldDefineNothingWhenADeclarationFails() {
        Structs structs = new Structs();
        assertThrows(InvalidArgumentException.class, () -> structs.define("struct ok { int a; }; struct bad { int b : 1; };"));
        assertEquals(List.of(), structs.names());
    }
}
