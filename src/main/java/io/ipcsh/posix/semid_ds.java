package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct semid_ds} from {@code <bits/types/struct_semid_ds.h>} (x86_64 glibc,
 * 104 bytes): what {@code semctl(IPC_STAT)} fills in.
 */
public final class semid_ds {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ipc_perm.LAYOUT.withName("sem_perm"),
            JAVA_LONG.withName("sem_otime"),
            JAVA_LONG.withName("__glibc_reserved1"),
            JAVA_LONG.withName("sem_ctime"),
            JAVA_LONG.withName("__glibc_reserved2"),
            JAVA_LONG.withName("sem_nsems"),
            JAVA_LONG.withName("__glibc_reserved3"),
            JAVA_LONG.withName("__glibc_reserved4"));
    private static final VarHandle OTIME = field("sem_otime");
    private static final VarHandle CTIME = field("sem_ctime");
    private static final VarHandle NSEMS = field("sem_nsems");

    private semid_ds() {
    }

    public static MemorySegment allocate(Arena arena) {
        return arena.allocate(LAYOUT);
    }

    /** The embedded {@code sem_perm}, for the {@link ipc_perm} accessors. */
    public static MemorySegment sem_perm(MemorySegment ds) {
        return ds.asSlice(0, ipc_perm.LAYOUT);
    }

    public static long sem_otime(MemorySegment ds) {
        return (long) OTIME.get(ds, 0L);
    }

    public static long sem_ctime(MemorySegment ds) {
        return (long) CTIME.get(ds, 0L);
    }

    public static long sem_nsems(MemorySegment ds) {
        return (long) NSEMS.get(ds, 0L);
    }

    private static VarHandle field(String name) {
        return LAYOUT.varHandle(MemoryLayout.PathElement.groupElement(name));
    }
}
