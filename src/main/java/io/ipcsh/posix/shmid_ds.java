package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct shmid_ds} from {@code <bits/types/struct_shmid_ds.h>} (x86_64 glibc,
 * 112 bytes): what {@code shmctl(IPC_STAT)} fills in.
 */
public final class shmid_ds {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ipc_perm.LAYOUT.withName("shm_perm"),
            JAVA_LONG.withName("shm_segsz"),
            JAVA_LONG.withName("shm_atime"),
            JAVA_LONG.withName("shm_dtime"),
            JAVA_LONG.withName("shm_ctime"),
            JAVA_INT.withName("shm_cpid"),
            JAVA_INT.withName("shm_lpid"),
            JAVA_LONG.withName("shm_nattch"),
            JAVA_LONG.withName("__glibc_reserved5"),
            JAVA_LONG.withName("__glibc_reserved6"));
    private static final VarHandle SEGSZ = field("shm_segsz");
    private static final VarHandle ATIME = field("shm_atime");
    private static final VarHandle DTIME = field("shm_dtime");
    private static final VarHandle CTIME = field("shm_ctime");
    private static final VarHandle CPID = field("shm_cpid");
    private static final VarHandle LPID = field("shm_lpid");
    private static final VarHandle NATTCH = field("shm_nattch");

    private shmid_ds() {
    }

    public static MemorySegment allocate(Arena arena) {
        return arena.allocate(LAYOUT);
    }

    /** The embedded {@code shm_perm}, for the {@link ipc_perm} accessors. */
    public static MemorySegment shm_perm(MemorySegment ds) {
        return ds.asSlice(0, ipc_perm.LAYOUT);
    }

    public static long shm_segsz(MemorySegment ds) {
        return (long) SEGSZ.get(ds, 0L);
    }

    public static long shm_atime(MemorySegment ds) {
        return (long) ATIME.get(ds, 0L);
    }

    public static long shm_dtime(MemorySegment ds) {
        return (long) DTIME.get(ds, 0L);
    }

    public static long shm_ctime(MemorySegment ds) {
        return (long) CTIME.get(ds, 0L);
    }

    public static int shm_cpid(MemorySegment ds) {
        return (int) CPID.get(ds, 0L);
    }

    public static int shm_lpid(MemorySegment ds) {
        return (int) LPID.get(ds, 0L);
    }

    public static long shm_nattch(MemorySegment ds) {
        return (long) NATTCH.get(ds, 0L);
    }

    private static VarHandle field(String name) {
        return LAYOUT.varHandle(MemoryLayout.PathElement.groupElement(name));
    }
}
