package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct mq_attr} from {@code <bits/types/struct_mq_attr.h>} (x86_64 glibc,
 * 64 bytes: four longs and four reserved).
 */
public final class mq_attr {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("mq_flags"),
            JAVA_LONG.withName("mq_maxmsg"),
            JAVA_LONG.withName("mq_msgsize"),
            JAVA_LONG.withName("mq_curmsgs"),
            MemoryLayout.sequenceLayout(4, JAVA_LONG).withName("__pad"));
    private static final VarHandle FLAGS = field("mq_flags");
    private static final VarHandle MAXMSG = field("mq_maxmsg");
    private static final VarHandle MSGSIZE = field("mq_msgsize");
    private static final VarHandle CURMSGS = field("mq_curmsgs");

    private mq_attr() {
    }

    public static MemorySegment allocate(Arena arena) {
        return arena.allocate(LAYOUT);
    }

    /** What {@code mq_open(O_CREAT)} takes: the capacity and the largest message. */
    public static MemorySegment of(Arena arena, long maxmsg, long msgsize) {
        MemorySegment a = allocate(arena);
        MAXMSG.set(a, 0L, maxmsg);
        MSGSIZE.set(a, 0L, msgsize);
        return a;
    }

    /** Sets mq_flags, the one field {@code mq_setattr} takes (0 or O_NONBLOCK). */
    public static void mq_flags(MemorySegment a, long flags) {
        FLAGS.set(a, 0L, flags);
    }

    /** 0 or O_NONBLOCK. */
    public static long mq_flags(MemorySegment a) {
        return (long) FLAGS.get(a, 0L);
    }

    public static long mq_maxmsg(MemorySegment a) {
        return (long) MAXMSG.get(a, 0L);
    }

    public static long mq_msgsize(MemorySegment a) {
        return (long) MSGSIZE.get(a, 0L);
    }

    public static long mq_curmsgs(MemorySegment a) {
        return (long) CURMSGS.get(a, 0L);
    }

    private static VarHandle field(String name) {
        return LAYOUT.varHandle(MemoryLayout.PathElement.groupElement(name));
    }
}
