package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; }} (110 bytes): a Unix socket's path. */
public final class sockaddr_un {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"), MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path"));
    /** Bytes of a path that fit, its NUL not counted. */
    public static final int PATH_MAX = 107;

    private sockaddr_un() {
    }

    /**
     * An AF_UNIX address for {@code path} in {@code arena}; null when the path's UTF-8 is
     * longer than {@link #PATH_MAX} bytes (the caller says so in its own terms).
     */
    public static MemorySegment of(Arena arena, String path) {
        byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > PATH_MAX) {
            return null;
        }
        MemorySegment sa = arena.allocate(LAYOUT);
        sa.set(JAVA_SHORT, 0, (short) SysSocket.AF_UNIX);
        MemorySegment.copy(utf8, 0, sa, JAVA_BYTE, LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("sun_path")), utf8.length);
        return sa;
    }
}
