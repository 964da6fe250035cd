package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct stat} from {@code <bits/struct_stat.h>}, x86_64 glibc only (144 bytes;
 * other architectures order the fields differently): what {@code fstat} fills in.
 */
public final class stat {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("st_dev"),
            JAVA_LONG.withName("st_ino"),
            JAVA_LONG.withName("st_nlink"),
            JAVA_INT.withName("st_mode"),
            JAVA_INT.withName("st_uid"),
            JAVA_INT.withName("st_gid"),
            JAVA_INT.withName("__pad0"),
            JAVA_LONG.withName("st_rdev"),
            JAVA_LONG.withName("st_size"),
            JAVA_LONG.withName("st_blksize"),
            JAVA_LONG.withName("st_blocks"),
            timespec.LAYOUT.withName("st_atim"),
            timespec.LAYOUT.withName("st_mtim"),
            timespec.LAYOUT.withName("st_ctim"),
            MemoryLayout.sequenceLayout(3, JAVA_LONG).withName("__glibc_reserved"));
    private static final VarHandle DEV = field("st_dev");
    private static final VarHandle INO = field("st_ino");
    private static final VarHandle MODE = field("st_mode");
    private static final VarHandle UID = field("st_uid");
    private static final VarHandle GID = field("st_gid");
    private static final VarHandle SIZE = field("st_size");
    private static final VarHandle NLINK = field("st_nlink");
    private static final VarHandle ATIME = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("st_atim"),
            MemoryLayout.PathElement.groupElement("tv_sec"));
    private static final VarHandle MTIME = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("st_mtim"),
            MemoryLayout.PathElement.groupElement("tv_sec"));
    private static final VarHandle CTIME = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("st_ctim"),
            MemoryLayout.PathElement.groupElement("tv_sec"));

    private stat() {
    }

    public static MemorySegment allocate(Arena arena) {
        return arena.allocate(LAYOUT);
    }

    public static long st_dev(MemorySegment st) {
        return (long) DEV.get(st, 0L);
    }

    public static long st_ino(MemorySegment st) {
        return (long) INO.get(st, 0L);
    }

    /** Links to it: 0 once a POSIX object was unlinked while still open. */
    public static long st_nlink(MemorySegment st) {
        return (long) NLINK.get(st, 0L);
    }

    /** {@code st_atim.tv_sec}. */
    public static long st_atime(MemorySegment st) {
        return (long) ATIME.get(st, 0L);
    }

    /** The file type and permission bits. */
    public static int st_mode(MemorySegment st) {
        return (int) MODE.get(st, 0L);
    }

    public static int st_uid(MemorySegment st) {
        return (int) UID.get(st, 0L);
    }

    public static int st_gid(MemorySegment st) {
        return (int) GID.get(st, 0L);
    }

    public static long st_size(MemorySegment st) {
        return (long) SIZE.get(st, 0L);
    }

    /** {@code st_mtim.tv_sec}. */
    public static long st_mtime(MemorySegment st) {
        return (long) MTIME.get(st, 0L);
    }

    /** {@code st_ctim.tv_sec}. */
    public static long st_ctime(MemorySegment st) {
        return (long) CTIME.get(st, 0L);
    }

    private static VarHandle field(String name) {
        return LAYOUT.varHandle(MemoryLayout.PathElement.groupElement(name));
    }
}
