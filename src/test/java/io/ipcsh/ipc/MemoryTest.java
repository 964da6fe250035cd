package io.ipcsh.ipc;

import io.ipcsh.ipc.IpcException.InvalidArgumentException;
import io.ipcsh.ipc.IpcException.PermissionDeniedException;
import io.ipcsh.ipc.IpcException.DetachedException;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Memory} knows nothing of where its bytes came from: the same checks and the same
 * messages over memory that no shmat made, and the same memory seen through a Segment.
 */
class MemoryTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldCheckBoundsAndAlignmentOverMemoryNoSegmentMade() {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment bytes = arena.allocate(4096, 8);
            Memory m = new Memory("mapping", "/test", bytes, false, "map it read-write to write");
            m.putInt(4092, 7);
            assertEquals(7, m.getInt(4092));
            assertEquals("offset out of range: offset=4094 length=4 size=4096",
                    assertThrows(InvalidArgumentException.class, () -> m.getInt(4094)).getMessage());
            assertEquals("offset out of range: offset=-1 length=4 size=4096",
                    assertThrows(InvalidArgumentException.class, () -> m.putInt(-1, 1)).getMessage());
            assertEquals("atomic access needs 8-byte alignment: offset=4",
                    assertThrows(InvalidArgumentException.class, () -> m.getLongVolatile(4)).getMessage());
            assertEquals(0, m.getAndAddLong(8, 5));
            assertTrue(m.compareAndSetInt(8, 5, 6));
            assertEquals(6, m.getIntVolatile(8));
        }
    }

    @Test
    void shouldSliceWithOffsetsFromTheSliceAndItsOwnBounds() {
        try (Arena arena = Arena.ofShared()) {
            Memory m = new Memory("mapping", "/test", arena.allocate(4096, 8), false, "-");
            Memory tail = m.slice(4000, 96);
            tail.putInt(0, 99);
            assertEquals(99, m.getInt(4000));
            assertEquals(96, tail.size());
            assertEquals("offset out of range: offset=94 length=4 size=96",
                    assertThrows(InvalidArgumentException.class, () -> tail.getInt(94)).getMessage());
            assertEquals("offset out of range: offset=4000 length=97 size=4096",
                    assertThrows(InvalidArgumentException.class, () -> m.slice(4000, 97)).getMessage());
        }
    }

    @Test
    void shouldRefuseWritesWhenReadOnlyAndEverythingOnceItsOwnerLetGo() {
        Arena arena = Arena.ofShared();
        Memory ro = new Memory("mapping", "/test", arena.allocate(64, 8), true, "map it read-write to write");
        assertEquals(0, ro.getInt(0));
        assertEquals("mapping /test is attached read-only: write refused at offset=8 (map it read-write to write)",
                assertThrows(PermissionDeniedException.class, () -> ro.putLong(8, 1)).getMessage());
        assertThrows(PermissionDeniedException.class, () -> ro.semaphore(0).post());
        arena.close();
        assertFalse(ro.isAlive());
        // Detached is said first: before a bad offset, a refused write or an empty access,
        // and for the accessors that leave the liveness check to FFM.
        for (org.junit.jupiter.api.function.Executable e : java.util.List.<org.junit.jupiter.api.function.Executable>of(
                () -> ro.getInt(0), () -> ro.getLongAcquire(8), () -> ro.getString(0), () -> ro.getInt(100),
                () -> ro.putLong(8, 1), () -> ro.putLongRelease(8, 1), () -> ro.getLongAcquire(4),
                () -> ro.getBytes(0, 0), () -> ro.getBytes(70, 1))) {
            assertEquals("mapping /test is detached from this process (attach it again)",
                    assertThrows(DetachedException.class, e).getMessage());
        }
    }

    @Test
    void shouldMakeASemaphoreThatNamesItsMemorysLabel() {
        try (Arena arena = Arena.ofShared()) {
            Memory m = new Memory("mapping", "/test", arena.allocate(128, 8), false, "-");
            Semaphore s = m.semaphore(64).init(0);
            Waitable w = s;
            assertEquals("/test offset=64", w.label());
            assertFalse(w.tryAcquire());
            w.post();
            assertEquals(1, w.value());
            assertTrue(w.await(Duration.ofSeconds(30)));
            assertEquals("semaphore out of range: offset=104 length=32 size=128",
                    assertThrows(InvalidArgumentException.class, () -> m.semaphore(104)).getMessage());
            assertEquals("semaphore offset must be 8-byte aligned: offset=4 (try 0)",
                    assertThrows(InvalidArgumentException.class, () -> m.semaphore(4)).getMessage());
        }
    }

    @Test
    void shouldBeTheSegmentsMemoryWithTheSegmentsAccessorsAndCapabilities() {
        Segment seg = ipc.track(Segment.createNew(ipc.freshKey(), 4096, 0600));
        IpcObject o = seg;
        assertEquals("shmid " + seg.shmid(), o.label());
        assertEquals("shared memory segment", o.kind());
        seg.memory().putInt(16, 42);
        assertEquals(42, seg.getInt(16));
        HasSemaphores sems = seg;
        assertEquals("--undo needs a SysV semaphore set; a sem_t in memory has no undo",
                assertThrows(InvalidArgumentException.class,
                        () -> sems.semaphore(java.util.OptionalLong.of(0), true)).getMessage());
        seg.semaphore(64).init(1);
        assertTrue(sems.semaphore(java.util.OptionalLong.of(64)).tryAcquire());
        assertEquals("shmid " + seg.shmid() + "  key " + seg.key().hex(), seg.stat().lines().get(0));
        assertEquals(seg.shmid(), seg.stat().fields().get("shmid"));
        o.detach();
        assertFalse(o.isOpen());
        assertThrows(DetachedException.class, seg::memory);
    }

    // ---- bulk copies: getBytes/putBytes with an array range, copy within ----

    /**
     * Sizes on both sides of the switch to libc's memmove, and over one downcall's chunk;
     * the word move's 8, the vector moves' 16, 32 and 64, and their neighbours.
     */
    private static final long[] COPY_SIZES = {0, 1, 7, 8, 9, 15, 16, 17, 32, 63, 64, 65, Memory.NATIVE_COPY_MIN - 1,
            Memory.NATIVE_COPY_MIN, Memory.NATIVE_COPY_MIN + 1, 65_536, Memory.NATIVE_COPY_CHUNK + 4_099};

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void shouldCopyArrayRangesInAndOutAtEverySizeAcrossTheNativeThreshold() {
        long size = 3 * Memory.NATIVE_COPY_CHUNK;
        try (Arena arena = Arena.ofShared()) {
            Memory m = new Memory("mapping", "/test", arena.allocate(size, 8), false, "-");
            for (long len : COPY_SIZES) {
                int n = (int) len;
                byte[] src = pattern(n + 10, n);
                m.segment().fill((byte) 0);
                m.putBytes(3, src, 7, n);
                byte[] expected = java.util.Arrays.copyOfRange(src, 7, 7 + n);
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected, m.getBytes(3, n), "put " + n);
                assertEquals(0, m.getByte(2), "byte before, put " + n);
                assertEquals(0, m.getByte(3 + n), "byte after, put " + n);

                byte[] dst = new byte[n + 10];
                java.util.Arrays.fill(dst, (byte) -1);
                m.getBytes(3, dst, 5, n);
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected, java.util.Arrays.copyOfRange(dst, 5, 5 + n), "get " + n);
                assertEquals(-1, dst[4], "array byte before, get " + n);
                assertEquals(-1, dst[5 + n], "array byte after, get " + n);
            }
        }
    }

    @Test
    void shouldMoveOverlappingRangesAsMemmoveDoesInBothDirections() {
        long size = 3 * Memory.NATIVE_COPY_CHUNK;
        try (Arena arena = Arena.ofShared()) {
            Memory m = new Memory("mapping", "/test", arena.allocate(size, 8), false, "-");
            for (long len : COPY_SIZES) {
                for (long shift : new long[] {1, 4_097, -1, -4_097, 0}) {
                    int n = (int) len;
                    long from = 8_200;
                    long to = from + shift;
                    byte[] before = pattern(n, (int) shift);
                    m.putBytes(from, before);
                    m.copy(from, to, n);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(before, m.getBytes(to, n), "n=" + n + " shift=" + shift);
                }
            }
        }
    }

    @Test
    void shouldRefuseBulkCopiesOutsideTheMemoryOrTheArrayAndCopyNothing() {
        try (Arena arena = Arena.ofShared()) {
            Memory m = new Memory("mapping", "/test", arena.allocate(8192, 8), false, "-");
            byte[] big = new byte[8192];
            java.util.Arrays.fill(big, (byte) 9);
            assertEquals("offset out of range: offset=4097 length=4096 size=8192",
                    assertThrows(InvalidArgumentException.class, () -> m.putBytes(4097, big, 0, 4096)).getMessage());
            assertEquals("offset out of range: offset=-1 length=1 size=8192",
                    assertThrows(InvalidArgumentException.class, () -> m.getBytes(-1, big, 0, 1)).getMessage());
            assertEquals("array range out of bounds: index=4097 length=4096 array length=8192",
                    assertThrows(InvalidArgumentException.class, () -> m.putBytes(0, big, 4097, 4096)).getMessage());
            assertEquals("array range out of bounds: index=-1 length=2 array length=8192",
                    assertThrows(InvalidArgumentException.class, () -> m.getBytes(0, big, -1, 2)).getMessage());
            assertEquals("array range out of bounds: index=0 length=-1 array length=8192",
                    assertThrows(InvalidArgumentException.class, () -> m.getBytes(0, big, 0, -1)).getMessage());
            assertEquals("offset out of range: offset=4097 length=4096 size=8192",
                    assertThrows(InvalidArgumentException.class, () -> m.copy(4097, 0, 4096)).getMessage());
            assertEquals("offset out of range: offset=4097 length=4096 size=8192",
                    assertThrows(InvalidArgumentException.class, () -> m.copy(0, 4097, 4096)).getMessage());
            assertEquals("offset out of range: offset=0 length=-1 size=8192",
                    assertThrows(InvalidArgumentException.class, () -> m.copy(0, 8, -1)).getMessage());
            org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[8192], m.getBytes(0, 8192));
        }
    }

    @Test
    void shouldRefuseCopiesThroughLibcOnceDetached() {
        // From NATIVE_COPY_MIN up a copy is glibc's memmove on the segment's address: only
        // FFM's check at the downcall stands between it and unmapped memory.
        int n = (int) Memory.NATIVE_COPY_MIN * 2;
        Arena arena = Arena.ofShared();
        Memory m = new Memory("mapping", "/test", arena.allocate(n * 2L, 8), false, "-");
        byte[] big = new byte[n];
        m.putBytes(0, big, 0, n);
        arena.close();
        for (org.junit.jupiter.api.function.Executable e : java.util.List.<org.junit.jupiter.api.function.Executable>of(
                () -> m.getBytes(0, big, 0, n), () -> m.putBytes(n, big, 0, n), () -> m.copy(0, n, n),
                () -> m.putBytes(64, big, 0, 64), () -> m.copy(0, 100, 32))) {
            assertEquals("mapping /test is detached from this process (attach it again)",
                    assertThrows(DetachedException.class, e).getMessage());
        }
    }

    @Test
    void shouldMoveSmallBlocksAsOneVectorInTheSuitesJvmAndCopyRawSegmentsAsTheArrayForms() {
        // The suite runs with --add-modules jdk.incubator.vector (the pom's argLine), as the
        // bench does: without it the tests above would not take the vector moves at all.
        assertTrue(Memory.VECTOR_MOVES, "this JVM has jdk.incubator.vector");
        assertTrue(VectorMoves.fits(16) && VectorMoves.fits(32), "an x86_64 CPU with AVX2 at least");
        assertFalse(VectorMoves.fits(8) || VectorMoves.fits(48) || VectorMoves.fits(128));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment native64 = arena.allocate(200, 8);
            for (long len : COPY_SIZES) {
                if (len > 150) {
                    continue;
                }
                int n = (int) len;
                byte[] src = pattern(n + 9, n);
                native64.fill((byte) 0);
                Memory.copy(MemorySegment.ofArray(src), 9, native64, 33, n);
                org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.copyOfRange(src, 9, 9 + n),
                        native64.asSlice(33, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), "in " + n);
                assertEquals(0, native64.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 32), "byte before, " + n);
                assertEquals(0, native64.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 33 + n), "byte after, " + n);
                byte[] dst = new byte[n + 2];
                Memory.copy(native64, 33, MemorySegment.ofArray(dst), 1, n);
                org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.copyOfRange(src, 9, 9 + n),
                        java.util.Arrays.copyOfRange(dst, 1, 1 + n), "out " + n);
            }
            // FFM's checks still stand on the raw form: past the end, and into read-only memory.
            assertThrows(IndexOutOfBoundsException.class, () -> Memory.copy(native64, 150, native64, 0, 64));
            for (int n : new int[] {7, 8, 16, 64}) {
                assertThrows(IllegalArgumentException.class, () -> Memory.copy(native64, 0, native64.asReadOnly(), 100, n),
                        "as MemorySegment.copy refuses it, " + n + " bytes");
                assertThrows(IllegalArgumentException.class, () -> Memory.copy(new byte[n], 0, native64.asReadOnly(), 100, n),
                        "from an array, " + n + " bytes");
            }
        }
    }

    /** One size's moves, from an array, between segments and into an array. */
    private record Moves(int size, MoveIn in, MoveBetween between, MoveOut out) {
        interface MoveIn {
            void move(byte[] src, int srcIndex, MemorySegment dst, long dstOffset);
        }

        interface MoveBetween {
            void move(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset);
        }

        interface MoveOut {
            void move(MemorySegment src, long srcOffset, byte[] dst, int dstIndex);
        }
    }

    @Test
    void shouldMoveEachWordAndVectorSizeExactlyInEveryForm() {
        // The moves themselves, each form and size: through Memory alone, the copies above
        // would pass with FFM's copy in their place.
        java.util.List<Moves> all = new java.util.ArrayList<>(java.util.List.of(
                new Moves(8, WordMoves::copy, WordMoves::copy, WordMoves::copy),
                new Moves(16, VectorMoves::copy16, VectorMoves::copy16, VectorMoves::copy16),
                new Moves(32, VectorMoves::copy32, VectorMoves::copy32, VectorMoves::copy32)));
        if (VectorMoves.fits(64)) { // not on a CPU without AVX-512
            all.add(new Moves(64, VectorMoves::copy64, VectorMoves::copy64, VectorMoves::copy64));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(200, 8);
            MemorySegment b = arena.allocate(200, 8);
            for (Moves moves : all) {
                int n = moves.size();
                byte[] src = pattern(n + 3, n);
                a.fill((byte) 0);
                b.fill((byte) 0);
                moves.in().move(src, 3, a, 5);
                moves.between().move(a, 5, b, 70);
                byte[] out = new byte[n + 1];
                moves.out().move(b, 70, out, 1);
                byte[] expected = java.util.Arrays.copyOfRange(src, 3, 3 + n);
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected, java.util.Arrays.copyOfRange(out, 1, 1 + n), "n=" + n);
                assertEquals(0, a.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 5 + n), "a byte after, n=" + n);
                assertEquals(0, b.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 69), "a byte before, n=" + n);
                assertEquals(0, out[0], "out's byte before, n=" + n);
                // Their own checks: past the end of the target, and into read-only memory.
                assertThrows(IndexOutOfBoundsException.class, () -> moves.in().move(src, 3, a, 200 - n + 1), "n=" + n);
                // (FFM throws IllegalArgumentException, the Vector API UnsupportedOperationException.)
                assertEquals("Attempt to write a read-only segment", assertThrows(RuntimeException.class,
                        () -> moves.between().move(a, 5, b.asReadOnly(), 0)).getMessage(), "n=" + n);
            }
        }
    }

    /** A JVM without jdk.incubator.vector, as the shell and a plain Java user run: the copies must not need it. */
    static final class WithoutTheVectorApi {
        public static void main(String[] args) {
            try (Arena arena = Arena.ofConfined()) {
                Memory m = new Memory("mapping", "/test", arena.allocate(256, 8), false, "-");
                for (int n : new int[] {8, 16, 32, 64}) {
                    byte[] in = pattern(n, n);
                    byte[] out = new byte[n];
                    m.putBytes(100, in, 0, n);
                    m.getBytes(100, out, 0, n);
                    Memory.copy(in, 0, m.segment(), 8, n);
                    if (!java.util.Arrays.equals(in, out) || !java.util.Arrays.equals(in, m.getBytes(8, n))) {
                        throw new AssertionError("copy of " + n + " bytes");
                    }
                }
                System.out.println("vector moves " + Memory.VECTOR_MOVES + ", copies ok");
            }
        }
    }

    @Test
    void shouldCopyWithFfmAloneInAJvmWithoutTheVectorApi() {
        io.ipcsh.testkit.Proc.Result r = io.ipcsh.testkit.Jvm.run(Duration.ofSeconds(60), WithoutTheVectorApi.class);
        assertEquals(0, r.exitCode(), r.describe());
        assertEquals("vector moves false, copies ok\n", r.stdout(), r.describe());
    }

    @Test
    void shouldRefuseBulkWritesWhenReadOnlyAndBulkCopiesOnceDetached() {
        Arena arena = Arena.ofShared();
        Memory ro = new Memory("mapping", "/test", arena.allocate(8192, 8), true, "map it read-write to write");
        byte[] big = new byte[8192];
        assertEquals("mapping /test is attached read-only: write refused at offset=16 (map it read-write to write)",
                assertThrows(PermissionDeniedException.class, () -> ro.putBytes(16, big, 0, 8000)).getMessage());
        assertEquals("mapping /test is attached read-only: write refused at offset=100 (map it read-write to write)",
                assertThrows(PermissionDeniedException.class, () -> ro.copy(0, 100, 8000)).getMessage());
        ro.getBytes(0, big, 0, 8192); // reading is allowed
        arena.close();
        for (org.junit.jupiter.api.function.Executable e : java.util.List.<org.junit.jupiter.api.function.Executable>of(
                () -> ro.getBytes(0, big, 0, 8192), () -> ro.getBytes(0, big, 0, 1), () -> ro.putBytes(0, big, 0, 8192),
                () -> ro.copy(0, 8, 8000), () -> ro.getBytes(64, big, 0, 64))) {
            assertEquals("mapping /test is detached from this process (attach it again)",
                    assertThrows(DetachedException.class, e).getMessage());
        }
    }
}
