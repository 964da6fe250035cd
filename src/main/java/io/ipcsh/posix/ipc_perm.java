package io.ipcsh.posix;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct ipc_perm} from {@code <bits/ipc-perm.h>} (x86_64 glibc, 48 bytes).
 * The accessors take the segment the struct starts at.
 */
public final class ipc_perm {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("__key"),
            JAVA_INT.withName("uid"),
            JAVA_INT.withName("gid"),
            JAVA_INT.withName("cuid"),
            JAVA_INT.withName("cgid"),
            JAVA_SHORT.withName("mode"),
            MemoryLayout.paddingLayout(2),
            JAVA_SHORT.withName("__seq"),
            MemoryLayout.paddingLayout(6),
            JAVA_LONG.withName("__glibc_reserved1"),
            JAVA_LONG.withName("__glibc_reserved2"));
    private static final VarHandle KEY = field("__key");
    private static final VarHandle UID = field("uid");
    private static final VarHandle GID = field("gid");
    private static final VarHandle CUID = field("cuid");
    private static final VarHandle CGID = field("cgid");
    private static final VarHandle MODE = field("mode");

    private ipc_perm() {
    }

    public static int key(MemorySegment p) {
        return (int) KEY.get(p, 0L);
    }

    public static int uid(MemorySegment p) {
        return (int) UID.get(p, 0L);
    }

    public static int gid(MemorySegment p) {
        return (int) GID.get(p, 0L);
    }

    public static int cuid(MemorySegment p) {
        return (int) CUID.get(p, 0L);
    }

    public static int cgid(MemorySegment p) {
        return (int) CGID.get(p, 0L);
    }

    /** The permission bits plus SHM_DEST and SHM_LOCKED, as an unsigned short. */
    public static int mode(MemorySegment p) {
        return Short.toUnsignedInt((short) MODE.get(p, 0L));
    }

    /** Only uid, gid and the low 9 mode bits are taken by IPC_SET. */
    public static void mode(MemorySegment p, int mode) {
        MODE.set(p, 0L, (short) mode);
    }

    private static VarHandle field(String name) {
        return LAYOUT.varHandle(MemoryLayout.PathElement.groupElement(name));
    }
}
