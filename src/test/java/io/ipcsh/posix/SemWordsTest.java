package io.ipcsh.posix;

import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@link sem_t}'s description of glibc's words against what glibc itself leaves in them: a C
 * program ({@code src/test/c/sem_words.c}) calls {@code sem_init}, {@code sem_post},
 * {@code sem_trywait}, blocks a thread in {@code sem_wait} and posts at SEM_VALUE_MAX, and
 * prints the 64-bit word and the int it finds at the offsets Java's layout names. What
 * {@code Semaphore}'s fast path does to those words in Java is only right if these hold.
 */
class SemWordsTest {
    private static final long DATA_OFFSET = sem_t.LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("data"));
    private static final Map<String, Long> C = new HashMap<>();

    @BeforeAll
    static void askGlibc() {
        Proc.Result r = Proc.run(Duration.ofSeconds(90), List.of(CProgram.compile("sem_words.c").toString(),
                Long.toString(DATA_OFFSET), Long.toString(sem_t.PRIVATE_OFFSET)));
        assertEquals(0, r.exitCode(), r::describe);
        for (String line : r.stdout().split("\n")) {
            int space = line.lastIndexOf(' ');
            C.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
        }
    }

    @Test
    void shouldKeepTheCountAloneInTheLowHalfOfData() {
        assertWords("init", 5, 0);
        assertWords("post", 6, 0);
        assertWords("trywait", 5, 0);
        assertEquals(5L, c("init data"), "sem_init leaves nothing but the count in data");
    }

    @Test
    void shouldTellAProcessSharedSemaphoreByItsFutexFlag() {
        assertEquals(sem_t.SHARED, c("init private"));
        assertEquals(0L, c("unshared private"), "sem_init(s, 0, v)");
        assertWords("unshared", 3, 0);
    }

    @Test
    void shouldCountAThreadBlockedInSemWaitInTheHighHalfOfData() {
        assertEquals(1L << sem_t.NWAITERS_SHIFT, c("waiting data"), "count 0, one waiter");
        assertWords("waiting", 0, 1);
        assertEquals(0L, c("woken data"), "the waiter took the post and left");
    }

    @Test
    void shouldRefuseAPostAtSemValueMaxWithEoverflowAndLeaveDataAlone() {
        assertWords("max", Semaphores.SEM_VALUE_MAX, 0);
        assertEquals(-1L, c("overflow result"));
        assertEquals(Errno.EOVERFLOW.value, c("overflow errno"));
        assertEquals((long) Semaphores.SEM_VALUE_MAX, c("overflow data"));
    }

    /** {@link sem_t#value} and {@link sem_t#nwaiters} on a copy of the words C printed for {@code step}. */
    private static void assertWords(String step, int value, int nwaiters) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment copy = arena.allocate(sem_t.LAYOUT);
            copy.set(JAVA_LONG, DATA_OFFSET, c(step + " data"));
            copy.set(JAVA_INT, sem_t.PRIVATE_OFFSET, (int) c(step + " private"));
            assertEquals(value, sem_t.value(copy), step + ": the count");
            assertEquals(nwaiters, sem_t.nwaiters(copy), step + ": the waiters");
        }
    }

    private static long c(String key) {
        Long v = C.get(key);
        assertNotNull(v, () -> "sem_words printed no \"" + key + "\": " + C);
        return v;
    }
}
