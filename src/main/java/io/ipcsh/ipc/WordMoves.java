package io.ipcsh.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A block of 8 bytes moved as one {@code long} load and one store, as glibc's
 * {@code memcpy} moves it. FFM's array copy hands every length to {@code Unsafe}'s copy
 * stub, a call per message: {@code shm-spin} between two cores moved 8-byte messages at
 * 80-160 M msgs/s through it and at 190-250 M with one {@code long} each way, as fast as
 * C (explanation.md). The accesses check bounds, liveness and read-only memory as FFM's do.
 *
 * <p>Each move is a method of its own, under C2's {@code MaxInlineSize} (35 bytes of
 * bytecode), as {@link VectorMoves}' are: see {@link Memory#copy(byte[], int,
 * MemorySegment, long, int)}.
 */
final class WordMoves {
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final VarHandle ARRAY_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private WordMoves() {
    }

    /** From an array. */
    static void copy(byte[] src, int srcIndex, MemorySegment dst, long dstOffset) {
        dst.set(LONG, dstOffset, (long) ARRAY_LONG.get(src, srcIndex));
    }

    /** Into an array. */
    static void copy(MemorySegment src, long srcOffset, byte[] dst, int dstIndex) {
        ARRAY_LONG.set(dst, dstIndex, src.get(LONG, srcOffset));
    }

    /** Between segments. */
    static void copy(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset) {
        dst.set(LONG, dstOffset, src.get(LONG, srcOffset));
    }
}
