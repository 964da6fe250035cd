package io.ipcsh.posix;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct timespec { time_t tv_sec; long tv_nsec; }} (16 bytes on x86_64). */
public final class timespec {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"), JAVA_LONG.withName("tv_nsec"));
    private static final VarHandle TV_SEC = field("tv_sec");
    private static final VarHandle TV_NSEC = field("tv_nsec");

    private timespec() {
    }

    public static long sec(MemorySegment ts) {
        return (long) TV_SEC.get(ts, 0L);
    }

    public static long nsec(MemorySegment ts) {
        return (long) TV_NSEC.get(ts, 0L);
    }

    public static void set(MemorySegment ts, long sec, long nsec) {
        TV_SEC.set(ts, 0L, sec);
        TV_NSEC.set(ts, 0L, nsec);
    }

    private static VarHandle field(String name) {
        return LAYOUT.varHandle(MemoryLayout.PathElement.groupElement(name));
    }
}
