package io.ipcsh.ipc;

import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ipcsh's struct layouts against gcc's: random structs from the supported subset (seeded,
 * {@code -Dipcsh.structs.seed=N} for another set), ONE C program printing
 * {@code offsetof}/{@code sizeof}/{@code _Alignof} for every member and struct, and every
 * figure compared with {@link Structs}'.
 */
class StructLayoutTest {
    private static final int STRUCTS = 150;
    private static final String[] SCALARS = {"int", "unsigned", "unsigned int", "signed", "short", "short int",
            "unsigned short", "char", "signed char", "unsigned char", "long", "long int", "unsigned long", "long long",
            "unsigned long long", "long long int", "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t",
            "int64_t", "uint64_t", "size_t", "ssize_t", "pid_t", "float", "double", "bool", "_Bool", "void *", "char *",
            "const char *", "volatile int", "int **", "uintptr_t", "off_t", "time_t", "uid_t"};

    private record Member(String declaration, String name, boolean flexible) {
    }

    @Test
    void shouldLayOutRandomStructsExactlyAsGccDoes() {
        long seed = Long.getLong("ipcsh.structs.seed", 20261201L);
        Random r = new Random(seed);
        StringBuilder decls = new StringBuilder("#include <stddef.h>\n#include <stdint.h>\n#include <stdbool.h>\n"
                + "#include <semaphore.h>\n#include <pthread.h>\n#include <sys/types.h>\n\n");
        Map<String, List<Member>> members = new HashMap<>();
        for (int i = 0; i < STRUCTS; i++) {
            List<Member> ms = new ArrayList<>();
            int n = 1 + r.nextInt(8);
            boolean flexibleLast = n > 1 && r.nextInt(10) == 0;
            for (int k = 0; k < n; k++) {
                String name = "m" + k;
                String type = type(r, i);
                boolean flexible = flexibleLast && k == n - 1;
                String dims = flexible ? "[]" : "";
                if (!flexible && r.nextInt(4) == 0) {
                    int d = 1 + r.nextInt(3);
                    for (int j = 0; j < d; j++) {
                        dims += "[" + (1 + r.nextInt(5)) + "]";
                    }
                }
                if (type.startsWith("struct {")) {
                    // An inline anonymous struct: C lays it out as any other member.
                    ms.add(new Member(type + " " + name + dims + ";", name, flexible));
                } else {
                    ms.add(new Member(type + (type.endsWith("*") ? "" : " ") + name + dims + ";", name, flexible));
                }
            }
            members.put("s" + i, ms);
            decls.append("struct s").append(i).append(" {\n");
            for (Member m : ms) {
                decls.append("    ").append(m.declaration).append('\n');
            }
            decls.append("};\ntypedef struct s").append(i).append(" t").append(i).append(";\n");
        }
        StringBuilder main = new StringBuilder("\n#include <stdio.h>\nint main(void) {\n");
        for (int i = 0; i < STRUCTS; i++) {
            String s = "struct s" + i;
            main.append("    printf(\"s").append(i).append(" %zu %zu\\n\", sizeof(").append(s).append("), _Alignof(").append(s).append("));\n");
            for (Member m : members.get("s" + i)) {
                main.append("    printf(\"s").append(i).append('.').append(m.name).append(" %zu %zu\\n\", offsetof(").append(s)
                        .append(", ").append(m.name).append("), ")
                        .append(m.flexible ? "(size_t) 0" : "sizeof(((" + s + " *) 0)->" + m.name + ")").append(");\n");
            }
        }
        main.append("    return 0;\n}\n");
        Path exe = CProgram.compileText("struct_layouts", decls + main.toString(), "-O0");
        Proc.Result run = Proc.run(Duration.ofSeconds(120), List.of(exe.toString()));
        assertEquals(0, run.exitCode(), run::describe);

        Structs ours = new Structs();
        ours.define(decls.toString());
        int structs = 0;
        int figures = 0;
        for (String line : run.stdout().strip().split("\n")) {
            String[] f = line.split(" ");
            String what = f[0];
            long gccFirst = Long.parseLong(f[1]);
            long gccSecond = Long.parseLong(f[2]);
            int dot = what.indexOf('.');
            if (dot < 0) {
                Struct s = ours.require(what);
                assertEquals(gccFirst, s.size(), () -> "sizeof(struct " + what + "), seed " + seed + "\n" + s.show());
                assertEquals(gccSecond, s.alignment(), () -> "_Alignof(struct " + what + "), seed " + seed + "\n" + s.show());
                assertEquals(s, ours.require("t" + what.substring(1)), "the typedef names the same layout");
                structs++;
            } else {
                Struct s = ours.require(what.substring(0, dot));
                Struct.Field field = s.fields().stream().filter(x -> x.name().equals(what.substring(dot + 1))).findFirst().orElseThrow();
                assertEquals(gccFirst, field.offset(), () -> "offsetof(" + what + "), seed " + seed + "\n" + s.show());
                assertEquals(gccSecond, field.size(), () -> "sizeof(" + what + "), seed " + seed + "\n" + s.show());
            }
            figures += 2;
        }
        assertEquals(STRUCTS, structs, "every struct compared");
        assertTrue(figures > STRUCTS * 4, "offsets and sizes compared: " + figures);
    }

    /** A member type: a scalar, sem_t, a mutex, an earlier struct (by tag or typedef), a pointer to one, an inline struct. */
    private static String type(Random r, int index) {
        int pick = r.nextInt(100);
        if (pick < 60 || index == 0) {
            return SCALARS[r.nextInt(SCALARS.length)];
        }
        if (pick < 66) {
            return "sem_t";
        }
        if (pick < 72) {
            return "pthread_mutex_t";
        }
        if (pick < 76) {
            return "struct { char c; " + SCALARS[r.nextInt(SCALARS.length)] + " v; short s[3]; }";
        }
        int earlier = r.nextInt(index);
        if (pick < 80) {
            return "struct s" + r.nextInt(index + 1) + " *";
        }
        return (r.nextBoolean() ? "struct s" : "t") + earlier;
    }
}
