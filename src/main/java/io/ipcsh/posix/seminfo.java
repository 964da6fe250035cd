package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct seminfo} from {@code <sys/sem.h>} (10 ints, 40 bytes): what
 * {@code semctl(0, 0, SEM_INFO, buf)} fills in. Only its size matters here: the call's
 * result, the highest index in use, is what a listing needs.
 */
public final class seminfo {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("semmap"), JAVA_INT.withName("semmni"), JAVA_INT.withName("semmns"),
            JAVA_INT.withName("semmnu"), JAVA_INT.withName("semmsl"), JAVA_INT.withName("semopm"),
            JAVA_INT.withName("semume"), JAVA_INT.withName("semusz"), JAVA_INT.withName("semvmx"),
            JAVA_INT.withName("semaem"));

    private seminfo() {
    }

    public static MemorySegment allocate(Arena arena) {
        return arena.allocate(LAYOUT);
    }
}
