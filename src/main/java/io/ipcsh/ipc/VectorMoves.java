package io.ipcsh.ipc;

import jdk.incubator.vector.ByteVector;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * A 16, 32 or 64-byte block moved as one vector load and one vector store, through the
 * Vector API (which checks bounds, liveness and read-only access as FFM does). FFM's
 * {@link MemorySegment#copy} moves a block under 64 bytes as 8-byte pieces, and hands one
 * of 64 bytes and more to {@code Unsafe}'s copy stub; glibc's {@code memcpy} moves it in
 * vectors. Between two cores, where each line of a ring's slot comes from the other one,
 * that width is what a small message costs: {@code shm-spin} at 64 B read 0.37-0.44 of C
 * with FFM's copy on both sides and 0.74-0.91 with one vector each (explanation.md).
 *
 * <p>The Vector API is incubating in JDK 25: it is there only in a JVM started with
 * {@code --add-modules jdk.incubator.vector}, and {@link Memory} loads this class only
 * then ({@link Memory#VECTOR_MOVES}). One load before one store, so overlapping ranges
 * move as {@code memmove} moves them.
 */
final class VectorMoves {
    /** The widest vector this CPU has, in bytes (64 with AVX-512, 32 with AVX2). */
    private static final int WIDEST = ByteVector.SPECIES_PREFERRED.vectorByteSize();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private VectorMoves() {
    }

    /** Whether a block of {@code length} bytes is one vector here. */
    static boolean fits(long length) {
        return (length == 16 || length == 32 || length == 64) && length <= WIDEST;
    }

    // One method per species and form, each a constant species (the JIT turns only a
    // constant species into vector moves) and each under C2's MaxInlineSize: see
    // Memory#copy(byte[], int, MemorySegment, long, int).

    static void copy16(byte[] src, int srcIndex, MemorySegment dst, long dstOffset) {
        ByteVector.fromArray(ByteVector.SPECIES_128, src, srcIndex).intoMemorySegment(dst, dstOffset, ORDER);
    }

    static void copy32(byte[] src, int srcIndex, MemorySegment dst, long dstOffset) {
        ByteVector.fromArray(ByteVector.SPECIES_256, src, srcIndex).intoMemorySegment(dst, dstOffset, ORDER);
    }

    static void copy64(byte[] src, int srcIndex, MemorySegment dst, long dstOffset) {
        ByteVector.fromArray(ByteVector.SPECIES_512, src, srcIndex).intoMemorySegment(dst, dstOffset, ORDER);
    }

    static void copy16(MemorySegment src, long srcOffset, byte[] dst, int dstIndex) {
        ByteVector.fromMemorySegment(ByteVector.SPECIES_128, src, srcOffset, ORDER).intoArray(dst, dstIndex);
    }

    static void copy32(MemorySegment src, long srcOffset, byte[] dst, int dstIndex) {
        ByteVector.fromMemorySegment(ByteVector.SPECIES_256, src, srcOffset, ORDER).intoArray(dst, dstIndex);
    }

    static void copy64(MemorySegment src, long srcOffset, byte[] dst, int dstIndex) {
        ByteVector.fromMemorySegment(ByteVector.SPECIES_512, src, srcOffset, ORDER).intoArray(dst, dstIndex);
    }

    static void copy16(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset) {
        ByteVector.fromMemorySegment(ByteVector.SPECIES_128, src, srcOffset, ORDER).intoMemorySegment(dst, dstOffset, ORDER);
    }

    static void copy32(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset) {
        ByteVector.fromMemorySegment(ByteVector.SPECIES_256, src, srcOffset, ORDER).intoMemorySegment(dst, dstOffset, ORDER);
    }

    static void copy64(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset) {
        ByteVector.fromMemorySegment(ByteVector.SPECIES_512, src, srcOffset, ORDER).intoMemorySegment(dst, dstOffset, ORDER);
    }
}
