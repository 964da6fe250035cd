package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct msqid_ds} from {@code <bits/types/struct_msqid_ds.h>} (x86_64 glibc,
 * 120 bytes): what {@code msgctl(IPC_STAT)} fills in; IPC_SET takes {@code msg_qbytes}.
 */
public final class msqid_ds {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ipc_perm.LAYOUT.withName("msg_perm"),
            JAVA_LONG.withName("msg_stime"),
            JAVA_LONG.withName("msg_rtime"),
            JAVA_LONG.withName("msg_ctime"),
            JAVA_LONG.withName("__msg_cbytes"),
            JAVA_LONG.withName("msg_qnum"),
            JAVA_LONG.withName("msg_qbytes"),
            JAVA_INT.withName("msg_lspid"),
            JAVA_INT.withName("msg_lrpid"),
            JAVA_LONG.withName("__glibc_reserved4"),
            JAVA_LONG.withName("__glibc_reserved5"));
    private static final VarHandle STIME = field("msg_stime");
    private static final VarHandle RTIME = field("msg_rtime");
    private static final VarHandle CTIME = field("msg_ctime");
    private static final VarHandle CBYTES = field("__msg_cbytes");
    private static final VarHandle QNUM = field("msg_qnum");
    private static final VarHandle QBYTES = field("msg_qbytes");
    private static final VarHandle LSPID = field("msg_lspid");
    private static final VarHandle LRPID = field("msg_lrpid");

    private msqid_ds() {
    }

    public static MemorySegment allocate(Arena arena) {
        return arena.allocate(LAYOUT);
    }

    /** The embedded {@code msg_perm}, for the {@link ipc_perm} accessors. */
    public static MemorySegment msg_perm(MemorySegment ds) {
        return ds.asSlice(0, ipc_perm.LAYOUT);
    }

    public static long msg_stime(MemorySegment ds) {
        return (long) STIME.get(ds, 0L);
    }

    public static long msg_rtime(MemorySegment ds) {
        return (long) RTIME.get(ds, 0L);
    }

    public static long msg_ctime(MemorySegment ds) {
        return (long) CTIME.get(ds, 0L);
    }

    /** Bytes in the queue now ({@code msg_cbytes} in the man page). */
    public static long msg_cbytes(MemorySegment ds) {
        return (long) CBYTES.get(ds, 0L);
    }

    public static long msg_qnum(MemorySegment ds) {
        return (long) QNUM.get(ds, 0L);
    }

    public static long msg_qbytes(MemorySegment ds) {
        return (long) QBYTES.get(ds, 0L);
    }

    public static void msg_qbytes(MemorySegment ds, long qbytes) {
        QBYTES.set(ds, 0L, qbytes);
    }

    public static int msg_lspid(MemorySegment ds) {
        return (int) LSPID.get(ds, 0L);
    }

    public static int msg_lrpid(MemorySegment ds) {
        return (int) LRPID.get(ds, 0L);
    }

    private static VarHandle field(String name) {
        return LAYOUT.varHandle(MemoryLayout.PathElement.groupElement(name));
    }
}
