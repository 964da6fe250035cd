package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Gives a size and a lifetime to a pointer C returned. The linker hands back
 * zero-length segments (a {@code void *} says nothing of how far it reaches), and
 * resizing one is a restricted operation, so it happens here and nowhere above.
 */
public final class Pointers {
    private Pointers() {
    }

    /**
     * {@code pointer} as {@code size} readable bytes that stay reachable while
     * {@code arena} is open. The caller vouches for the size: for {@code shmat}, the
     * segment's {@code shm_segsz} from IPC_STAT.
     */
    public static MemorySegment sized(MemorySegment pointer, long size, Arena arena) {
        return pointer.reinterpret(size, arena, null);
    }
}
