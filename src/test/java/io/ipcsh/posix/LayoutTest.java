package io.ipcsh.posix;

import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every struct layout, constant and errno number this package writes by hand, against
 * what gcc says for this machine (src/test/c/layouts.c prints sizeof, offsetof and the
 * constants' values).
 */
class LayoutTest {
    private static final Map<String, StructLayout> STRUCTS = Map.ofEntries(
            Map.entry("struct ipc_perm", ipc_perm.LAYOUT),
            Map.entry("struct shmid_ds", shmid_ds.LAYOUT),
            Map.entry("struct semid_ds", semid_ds.LAYOUT),
            Map.entry("struct msqid_ds", msqid_ds.LAYOUT),
            Map.entry("struct sembuf", sembuf.LAYOUT),
            Map.entry("struct mq_attr", mq_attr.LAYOUT),
            Map.entry("struct stat", stat.LAYOUT),
            Map.entry("struct timespec", timespec.LAYOUT),
            Map.entry("struct sockaddr_un", sockaddr_un.LAYOUT),
            Map.entry("struct sockaddr_in", sockaddr_in.LAYOUT),
            Map.entry("sem_t", sem_t.LAYOUT),
            Map.entry("pthread_mutex_t", pthread_mutex_t.LAYOUT));
    /** Sizes kept as constants rather than (only) as a layout. */
    private static final Map<String, Long> SIZES = Map.of(
            "sem_t", Semaphores.SEM_T_SIZE,
            "pthread_mutex_t", pthread_mutex_t.SIZE,
            "pthread_mutexattr_t", pthread_mutex_t.ATTR_SIZE,
            "cpu_set_t", Sched.CPU_SET_SIZE);
    private static final Map<String, Long> ALIGNS = Map.of(
            "sem_t", Semaphores.SEM_T_ALIGN,
            "pthread_mutex_t", pthread_mutex_t.ALIGN);
    private static final List<Class<?>> HEADERS = List.of(Ipc.class, Shm.class, Sem.class, Msg.class, Fcntl.class,
            Mman.class, SysStat.class, Time.class, Pthread.class, Semaphores.class, SysSocket.class);

    private static final Map<String, Long> C = new LinkedHashMap<>();

    @BeforeAll
    static void askGcc() {
        Proc.Result r = Proc.run(Duration.ofSeconds(60), List.of(CProgram.compile("layouts.c").toString()));
        assertEquals(0, r.exitCode(), r::describe);
        for (String line : r.stdout().split("\n")) {
            int space = line.lastIndexOf(' ');
            C.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
        }
        assertTrue(C.size() > 100, () -> "too few lines from layouts.c: " + C.size());
    }

    @Test
    void shouldMatchGccForEverySizeAndOffset() {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, Long> e : C.entrySet()) {
            String[] w = e.getKey().split(" ", 2);
            long java;
            switch (w[0]) {
                case "sizeof" -> {
                    StructLayout layout = STRUCTS.get(w[1]);
                    if (SIZES.containsKey(w[1])) {
                        check(wrong, e.getKey() + " (constant)", SIZES.get(w[1]), e.getValue());
                    }
                    if (layout == null && !SIZES.containsKey(w[1])) {
                        throw new AssertionError("no Java layout for " + w[1]);
                    }
                    java = layout == null ? e.getValue() : layout.byteSize();
                }
                case "alignof" -> {
                    check(wrong, e.getKey() + " (constant)", ALIGNS.get(w[1]), e.getValue());
                    java = STRUCTS.get(w[1]).byteAlignment();
                }
                case "offsetof" -> {
                    int dot = w[1].lastIndexOf('.');
                    StructLayout layout = STRUCTS.get(w[1].substring(0, dot));
                    java = layout.byteOffset(MemoryLayout.PathElement.groupElement(w[1].substring(dot + 1)));
                }
                default -> {
                    continue;
                }
            }
            check(wrong, e.getKey(), java, e.getValue());
            checked++;
        }
        assertEquals(List.of(), wrong);
        assertTrue(checked >= 70, "checked " + checked);
    }

    @Test
    void shouldMatchGccForEveryConstant() throws IllegalAccessException {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Long> e : C.entrySet()) {
            if (!e.getKey().startsWith("const ")) {
                continue;
            }
            String name = e.getKey().substring("const ".length());
            Field f = constant(name);
            long java = ((Number) f.get(null)).longValue();
            check(wrong, f.getDeclaringClass().getSimpleName() + "." + name, java, e.getValue());
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void shouldMatchGccForEveryErrnoAndKnowThemAll() {
        Set<Errno> seen = EnumSet.noneOf(Errno.class);
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Long> e : C.entrySet()) {
            if (e.getKey().startsWith("errno ")) {
                Errno errno = Errno.valueOf(e.getKey().substring("errno ".length()));
                check(wrong, errno.name(), errno.value, e.getValue());
                seen.add(errno);
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(EnumSet.allOf(Errno.class), seen, "layouts.c must print every Errno constant");
    }

    private static Field constant(String name) {
        List<Field> found = new ArrayList<>();
        for (Class<?> c : HEADERS) {
            try {
                Field f = c.getField(name);
                if (Modifier.isStatic(f.getModifiers())) {
                    found.add(f);
                }
            } catch (NoSuchFieldException ignored) {
                // declared by another header class
            }
        }
        assertEquals(1, found.size(), () -> name + " declared in " + found);
        return found.get(0);
    }

    private static void check(List<String> wrong, String what, long java, long c) {
        if (java != c) {
            wrong.add(what + ": Java " + java + ", gcc " + c);
        }
    }
}
