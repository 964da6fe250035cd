package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct sembuf { unsigned short sem_num; short sem_op; short sem_flg; }}
 * from {@code <sys/sem.h>} (6 bytes): one operation of a {@code semop}. The accessors
 * take the array and an index.
 */
public final class sembuf {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sem_num"),
            JAVA_SHORT.withName("sem_op"),
            JAVA_SHORT.withName("sem_flg"));
    private static final VarHandle NUM = LAYOUT.arrayElementVarHandle(MemoryLayout.PathElement.groupElement("sem_num"));
    private static final VarHandle OP = LAYOUT.arrayElementVarHandle(MemoryLayout.PathElement.groupElement("sem_op"));
    private static final VarHandle FLG = LAYOUT.arrayElementVarHandle(MemoryLayout.PathElement.groupElement("sem_flg"));

    private sembuf() {
    }

    /** An array of {@code count} operations. */
    public static MemorySegment allocate(Arena arena, long count) {
        return arena.allocate(LAYOUT, count);
    }

    /** Sets operation {@code index}: {@code sem_num} is unsigned, {@code sem_op} and {@code sem_flg} signed shorts. */
    public static void set(MemorySegment sops, long index, int semNum, int semOp, int semFlg) {
        NUM.set(sops, 0L, index, (short) semNum);
        OP.set(sops, 0L, index, (short) semOp);
        FLG.set(sops, 0L, index, (short) semFlg);
    }

    public static int sem_num(MemorySegment sops, long index) {
        return Short.toUnsignedInt((short) NUM.get(sops, 0L, index));
    }

    public static int sem_op(MemorySegment sops, long index) {
        return (short) OP.get(sops, 0L, index);
    }

    public static int sem_flg(MemorySegment sops, long index) {
        return (short) FLG.get(sops, 0L, index);
    }

    /** {@code [{0, -1, SEM_UNDO}, {1, 1, 0}]}, as strace shows the operations. */
    static String describe(MemorySegment sops, long nsops) {
        StringBuilder s = new StringBuilder("[");
        for (long i = 0; i < nsops; i++) {
            s.append(i == 0 ? "" : ", ").append('{').append(sem_num(sops, i)).append(", ").append(sem_op(sops, i))
                    .append(", ").append(Trace.bits(sem_flg(sops, i) & 0xffff, new int[] {Ipc.IPC_NOWAIT, Sem.SEM_UNDO},
                            new String[] {"IPC_NOWAIT", "SEM_UNDO"})).append('}');
        }
        return s.append(']').toString();
    }
}
