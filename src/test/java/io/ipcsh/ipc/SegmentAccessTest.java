package io.ipcsh.ipc;

import io.ipcsh.ipc.IpcException.InvalidArgumentException;
import io.ipcsh.ipc.IpcException.PermissionDeniedException;
import io.ipcsh.ipc.IpcException.DetachedException;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Typed access, bounds, detach and read-only safety: no input reaches unchecked memory. */
class SegmentAccessTest {
    private static final int SIZE = 4096;

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private Segment seg;

    @BeforeEach
    void createSegment() {
        seg = ipc.track(Segment.createNew(ipc.freshKey(), SIZE, 0600));
    }

    /** Every offset a value of this width may start at, at the edges. */
    static Stream<Arguments> edgeOffsets() {
        return Stream.of(1, 2, 4, 8).flatMap(w -> Stream.of(0L, 1L, 7L, (long) SIZE / 2 - 1, (long) SIZE - w)
                .map(o -> Arguments.of(w, o)));
    }

    @ParameterizedTest
    @MethodSource("edgeOffsets")
    void shouldStoreEachIntegerTypeInNativeOrderAtEdgeOffsets(int width, long offset) {
        switch (width) {
            case 1 -> {
                seg.putByte(offset, (byte) -2);
                assertEquals(-2, seg.getByte(offset));
                assertEquals(254, seg.getUnsignedByte(offset));
            }
            case 2 -> {
                seg.putShort(offset, (short) -2);
                assertEquals(-2, seg.getShort(offset));
                assertEquals(65534, seg.getUnsignedShort(offset));
                assertArrayEquals(nativeBytes(2, b -> b.putShort((short) -2)), seg.getBytes(offset, 2));
            }
            case 4 -> {
                seg.putInt(offset, 0x01020304);
                assertEquals(0x01020304, seg.getInt(offset));
                assertArrayEquals(nativeBytes(4, b -> b.putInt(0x01020304)), seg.getBytes(offset, 4));
                seg.putInt(offset, -1);
                assertEquals(-1, seg.getInt(offset));
                assertEquals(4294967295L, seg.getUnsignedInt(offset));
                seg.putFloat(offset, 1.5f);
                assertEquals(1.5f, seg.getFloat(offset));
                assertEquals(Float.floatToIntBits(1.5f), seg.getInt(offset));
            }
            case 8 -> {
                seg.putLong(offset, 0x0102030405060708L);
                assertArrayEquals(nativeBytes(8, b -> b.putLong(0x0102030405060708L)), seg.getBytes(offset, 8));
                seg.putLong(offset, -1L); // u64 max: the same bits
                assertEquals("18446744073709551615", Long.toUnsignedString(seg.getLong(offset)));
                seg.putDouble(offset, -0.0);
                assertEquals(Double.doubleToRawLongBits(-0.0), seg.getLong(offset));
                seg.putDouble(offset, Math.PI);
                assertEquals(Math.PI, seg.getDouble(offset));
            }
            default -> throw new AssertionError(width);
        }
    }

    private static byte[] nativeBytes(int n, java.util.function.Consumer<ByteBuffer> put) {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.nativeOrder());
        put.accept(b);
        return b.array();
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, -Double.MAX_VALUE})
    void shouldKeepSpecialFloatingPointValues(double v) {
        seg.putDouble(8, v);
        assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(seg.getDouble(8)));
        seg.putFloat(0, (float) v);
        assertEquals(Float.floatToRawIntBits((float) v), Float.floatToRawIntBits(seg.getFloat(0)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "héllo wörld", "日本語", "emoji \uD83D\uDE00"})
    void shouldStoreStringsAsUtf8WithATrailingNul(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        seg.putBytes(100, new byte[] {'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'});

        assertEquals(utf8.length + 1, seg.putString(100, text));

        assertEquals(text, seg.getString(100));
        assertArrayEquals(utf8, seg.getBytes(100, utf8.length));
        assertEquals(0, seg.getByte(100 + utf8.length));
    }

    @Test
    void shouldStoreAStringThatEndsExactlyAtTheEnd() {
        assertEquals(4, seg.putString(SIZE - 4, "abc"));
        assertEquals("abc", seg.getString(SIZE - 4));
        assertEquals(0, seg.getByte(SIZE - 1));
    }

    @Test
    void shouldReadAStringWithoutNulUpToTheEndOfTheSegment() {
        seg.putBytes(SIZE - 3, new byte[] {'e', 'n', 'd'});
        assertEquals("end", seg.getString(SIZE - 3));
    }

    @Test
    void shouldReplaceInvalidUtf8WithTheReplacementCharacter() {
        seg.putBytes(0, new byte[] {'a', (byte) 0xff, 'b', 0});
        assertEquals("a\uFFFDb", seg.getString(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 17, SIZE})
    void shouldCopyByteArraysInAndOut(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + 3);
        }
        long offset = SIZE - length;
        seg.putBytes(offset, bytes);
        assertArrayEquals(bytes, seg.getBytes(offset, length));
    }

    // ---- bounds ----

    /** A read or write of {@code length} bytes at an offset, by name. */
    private Map<String, LongFunction<Executable>> accessors(int length) {
        return switch (length) {
            case 1 -> Map.of("getByte", o -> () -> seg.getByte(o), "putByte", o -> () -> seg.putByte(o, (byte) 1),
                    "getUnsignedByte", o -> () -> seg.getUnsignedByte(o));
            case 2 -> Map.of("getShort", o -> () -> seg.getShort(o), "putShort", o -> () -> seg.putShort(o, (short) 1),
                    "getUnsignedShort", o -> () -> seg.getUnsignedShort(o));
            case 4 -> Map.of("getInt", o -> () -> seg.getInt(o), "putInt", o -> () -> seg.putInt(o, 1),
                    "getUnsignedInt", o -> () -> seg.getUnsignedInt(o),
                    "getFloat", o -> () -> seg.getFloat(o), "putFloat", o -> () -> seg.putFloat(o, 1f),
                    "getBytes4", o -> () -> seg.getBytes(o, 4), "putBytes4", o -> () -> seg.putBytes(o, new byte[4]),
                    "putString3", o -> () -> seg.putString(o, "abc"));
            case 8 -> Map.of("getLong", o -> () -> seg.getLong(o), "putLong", o -> () -> seg.putLong(o, 1L),
                    "getDouble", o -> () -> seg.getDouble(o), "putDouble", o -> () -> seg.putDouble(o, 1.0));
            default -> throw new AssertionError(length);
        };
    }

    static Stream<Arguments> outOfRange() {
        return Stream.of(1, 2, 4, 8).flatMap(w -> Stream.of(-1L, -(long) w, (long) SIZE - w + 1, (long) SIZE,
                (long) SIZE + 1, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - w + 1).map(o -> Arguments.of(w, o)));
    }

    @ParameterizedTest
    @MethodSource("outOfRange")
    void shouldRefuseEveryAccessOutsideTheSegment(int width, long offset) {
        accessors(width).forEach((name, access) -> {
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, access.apply(offset), name);
            assertEquals("offset out of range: offset=" + offset + " length=" + width + " size=" + SIZE,
                    e.getMessage(), name);
        });
    }

    @Test
    void shouldRefuseAByteArrayOrStringThatDoesNotFit() {
        assertEquals("offset out of range: offset=4000 length=97 size=4096", assertThrows(
                InvalidArgumentException.class, () -> seg.putBytes(4000, new byte[97])).getMessage());
        assertEquals("offset out of range: offset=0 length=4097 size=4096", assertThrows(
                InvalidArgumentException.class, () -> seg.getBytes(0, SIZE + 1)).getMessage());
        assertEquals("offset out of range: offset=4093 length=4 size=4096", assertThrows(
                InvalidArgumentException.class, () -> seg.putString(SIZE - 3, "abc")).getMessage());
        assertEquals("length must not be negative: length=-1", assertThrows(
                InvalidArgumentException.class, () -> seg.getBytes(0, -1)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, SIZE, SIZE + 1, Long.MAX_VALUE, Long.MIN_VALUE})
    void shouldRefuseReadingAStringOutsideTheSegment(long offset) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> seg.getString(offset));
        assertEquals("offset out of range: offset=" + offset + " length=1 size=" + SIZE, e.getMessage());
    }

    @Test
    void shouldLeaveMemoryUntouchedWhenAWriteIsRefused() {
        seg.putLong(SIZE - 8, 0x1122334455667788L);
        assertThrows(InvalidArgumentException.class, () -> seg.putBytes(SIZE - 8, new byte[9]));
        assertThrows(InvalidArgumentException.class, () -> seg.putString(SIZE - 8, "12345678"));
        assertEquals(0x1122334455667788L, seg.getLong(SIZE - 8));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 5, 6, 7})
    void shouldRefuseMisalignedAtomicLongs(long offset) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> seg.getAndAddLong(offset, 1));
        assertEquals("atomic access needs 8-byte alignment: offset=" + offset, e.getMessage());
    }

    @Test
    void shouldDoAtomicOperationsAtAlignedOffsets() {
        seg.putIntVolatile(SIZE - 4, 5);
        assertTrue(seg.compareAndSetInt(SIZE - 4, 5, 6));
        assertFalse(seg.compareAndSetInt(SIZE - 4, 5, 7));
        assertEquals(6, seg.getAndAddInt(SIZE - 4, 10));
        assertEquals(16, seg.getIntVolatile(SIZE - 4));
        seg.putLongVolatile(8, Long.MAX_VALUE);
        assertEquals(Long.MAX_VALUE, seg.getAndAddLong(8, 1));
        assertEquals(Long.MIN_VALUE, seg.getLongVolatile(8));
        assertEquals("atomic access needs 4-byte alignment: offset=2",
                assertThrows(InvalidArgumentException.class, () -> seg.getIntVolatile(2)).getMessage());
    }

    @Test
    void shouldPublishWithReleaseAndReadWithAcquire() {
        seg.putIntRelease(SIZE - 4, 7);
        assertEquals(7, seg.getIntAcquire(SIZE - 4));
        assertEquals(7, seg.getInt(SIZE - 4));
        seg.putLongRelease(8, Long.MIN_VALUE);
        assertEquals(Long.MIN_VALUE, seg.getLongAcquire(8));
        assertEquals("atomic access needs 8-byte alignment: offset=4",
                assertThrows(InvalidArgumentException.class, () -> seg.putLongRelease(4, 1)).getMessage());
        assertEquals("offset out of range: offset=" + SIZE + " length=4 size=" + SIZE,
                assertThrows(InvalidArgumentException.class, () -> seg.getIntAcquire(SIZE)).getMessage());
    }

    // ---- detach ----

    private List<Executable> everyAccess(Segment s) {
        return List.of(() -> s.getByte(0), () -> s.putByte(0, (byte) 1), () -> s.getShort(0), () -> s.putShort(0, (short) 1),
                () -> s.getInt(0), () -> s.putInt(0, 1), () -> s.getLong(0), () -> s.putLong(0, 1),
                () -> s.getFloat(0), () -> s.putFloat(0, 1), () -> s.getDouble(0), () -> s.putDouble(0, 1),
                () -> s.getString(0), () -> s.putString(0, "x"), () -> s.getBytes(0, 1), () -> s.putBytes(0, new byte[1]),
                () -> s.getIntVolatile(0), () -> s.putIntVolatile(0, 1), () -> s.compareAndSetInt(0, 0, 1),
                () -> s.getAndAddInt(0, 1), () -> s.getLongVolatile(0), () -> s.putLongVolatile(0, 1),
                () -> s.getAndAddLong(0, 1), () -> s.getIntAcquire(0), () -> s.putIntRelease(0, 1),
                () -> s.getLongAcquire(0), () -> s.putLongRelease(0, 1), s::memory, () -> s.semaphore(0));
    }

    @Test
    void shouldRefuseEveryAccessAfterDetachWithDetached() {
        var sem = seg.semaphore(64).init(1);
        seg.detach();

        assertFalse(seg.isAttached());
        String expected = "segment shmid=" + seg.shmid() + " is detached from this process (attach it again)";
        for (Executable access : everyAccess(seg)) {
            assertEquals(expected, assertThrows(DetachedException.class, access).getMessage());
        }
        for (Executable access : List.<Executable>of(sem::post, sem::await, sem::tryAcquire, sem::value,
                () -> sem.await(Duration.ofMillis(1)), () -> sem.init(0), sem::destroy, sem::awaitUninterruptibly)) {
            assertEquals(expected, assertThrows(DetachedException.class, access).getMessage());
        }
        seg.detach(); // twice is harmless
        assertEquals("Segment[key=" + seg.key().hex() + " shmid=" + seg.shmid() + " size=4096 detached]", seg.toString());
    }

    @Test
    void shouldSayRemovedInToStringOnceDestroyedAndDetachedOnceDetached() {
        String head = "Segment[key=" + seg.key().hex() + " shmid=" + seg.shmid() + " size=4096";
        assertFalse(seg.isRemoved());
        assertEquals(head + "]", seg.toString());

        seg.destroy();

        assertTrue(seg.isRemoved());
        assertEquals(head + " removed]", seg.toString());
        seg.putInt(0, 5); // removed but attached: still usable until the last detach
        assertEquals(5, seg.getInt(0));
        seg.detach();
        assertEquals(head + " detached removed]", seg.toString());
        DetachedException e = assertThrows(DetachedException.class, () -> seg.getInt(0));
        assertEquals("segment shmid=" + seg.shmid() + " is detached from this process (attach it again)", e.getMessage());
    }

    /**
     * Another process created it with a key and removed it (IPC_RMID clears the key to 0):
     * attached by id, it is removed, and its key is not taken for IPC_PRIVATE.
     */
    @Test
    void shouldKnowASegmentAttachedAfterAnotherProcessRemovedItIsRemovedWithItsKeyCleared() {
        IpcKey key = ipc.freshKey();
        try (var peer = io.ipcsh.testkit.Jvm.start(io.ipcsh.testkit.ScriptedPeer.class)) {
            peer.awaitLine("ready", Duration.ofSeconds(60));
            peer.println("create " + key.hex() + " 4096");
            String made = peer.awaitLine(l -> l.startsWith("ok") || l.startsWith("error"), Duration.ofSeconds(60), "create");
            int shmid = Integer.parseInt(made.replaceFirst("ok shmid=(\\d+) .*", "$1"));
            ipc.track(shmid);
            peer.println("destroy-id " + shmid);
            assertEquals("ok", peer.awaitLine(l -> l.startsWith("ok") || l.startsWith("error"), Duration.ofSeconds(60), "destroy"));

            try (Segment removed = Segment.attach(shmid)) {
                assertTrue(removed.isRemoved());
                assertTrue(removed.keyCleared());
                assertEquals(IpcKey.PRIVATE, removed.key(), "what the kernel shows");
                assertEquals("shmid " + shmid, removed.name(), "not 'private': the key is unknown");
                assertEquals("Segment[key=0x00000000 (cleared by IPC_RMID) shmid=" + shmid + " size=4096 removed]",
                        removed.toString());
            }
        }
        Segment mine = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        assertFalse(mine.keyCleared());
        assertEquals("private", mine.name(), "really IPC_PRIVATE");
    }

    /**
     * Threads reading and writing in a loop while another detaches: each ends with
     * Detached, whether it was refused by the check or by FFM mid-access, never a crash.
     */
    @Test
    void shouldEndConcurrentAccessWithDetachedWhenAnotherThreadDetaches() throws Exception {
        int threads = 4;
        var started = new java.util.concurrent.CountDownLatch(threads);
        var outcomes = new java.util.concurrent.ConcurrentLinkedQueue<Throwable>();
        List<Thread> workers = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    for (long i = 0; ; i++) {
                        long at = (i * 8) % (SIZE - 8);
                        switch (id) {
                            case 0 -> seg.putLong(at, i);
                            case 1 -> seg.getLong(at);
                            case 2 -> seg.getAndAddInt(0, 1);
                            default -> seg.getBytes(0, 256);
                        }
                        if (i == 0) {
                            started.countDown(); // in its loop: one access done, more to come
                        }
                    }
                } catch (Throwable e) {
                    outcomes.add(e);
                }
            });
            w.setDaemon(true);
            w.start();
            workers.add(w);
        }
        assertTrue(started.await(60, java.util.concurrent.TimeUnit.SECONDS), () -> "workers in their loops; failed: " + outcomes);
        seg.detach();
        for (Thread w : workers) {
            w.join(30_000);
        }
        assertEquals(threads, outcomes.size(), "every worker ended");
        for (Throwable e : outcomes) {
            assertEquals(DetachedException.class, e.getClass(), () -> "got " + e);
            assertEquals("segment shmid=" + seg.shmid() + " is detached from this process (attach it again)", e.getMessage());
        }
    }

    @Test
    void shouldRefuseAccessThroughAMemorySegmentKeptFromBeforeDetach() {
        var memory = seg.memory().segment();
        seg.detach();
        // The arena is closed: FFM refuses the access instead of touching the unmapped page.
        assertThrows(IllegalStateException.class, () -> memory.get(java.lang.foreign.ValueLayout.JAVA_INT, 0));
    }

    // ---- read-only ----

    @Test
    void shouldRefuseEveryWriteThroughAReadOnlyAttach() {
        seg.putInt(0, 42);
        seg.semaphore(64).init(3);
        Segment ro = ipc.track(Segment.openReadOnly(seg.key()));
        assertTrue(ro.isReadOnly());
        String expected = "segment shmid=" + seg.shmid() + " is attached read-only: write refused at offset=%d"
                + " (attach it read-write to write)";

        List<Executable> writes = List.of(() -> ro.putByte(0, (byte) 1), () -> ro.putShort(0, (short) 1),
                () -> ro.putInt(0, 1), () -> ro.putLong(0, 1), () -> ro.putFloat(0, 1), () -> ro.putDouble(0, 1),
                () -> ro.putString(0, "x"), () -> ro.putBytes(0, new byte[1]), () -> ro.putIntVolatile(0, 1),
                // Above Memory.NATIVE_COPY_MIN: refused in Java before libc's memmove meets the PROT_READ page.
                () -> ro.putBytes(0, new byte[4096], 0, 4096), () -> ro.copy(0, 0, 4096),
                () -> ro.compareAndSetInt(0, 42, 1), () -> ro.getAndAddInt(0, 1), () -> ro.putLongVolatile(0, 1),
                () -> ro.getAndAddLong(0, 1), () -> ro.putIntRelease(0, 1), () -> ro.putLongRelease(0, 1));
        for (Executable w : writes) {
            assertEquals(expected.formatted(0), assertThrows(PermissionDeniedException.class, w).getMessage());
        }
        Semaphore sem = ro.semaphore(64);
        for (Executable w : List.<Executable>of(() -> sem.init(0), sem::post, sem::await, sem::tryAcquire,
                () -> sem.await(Duration.ofMillis(1)), sem::awaitUninterruptibly, sem::destroy)) {
            assertEquals(expected.formatted(64), assertThrows(PermissionDeniedException.class, w).getMessage());
        }
        // The memory view is read-only too.
        assertThrows(IllegalArgumentException.class,
                () -> ro.memory().segment().set(java.lang.foreign.ValueLayout.JAVA_INT, 0, 1));
        // Reads work, and nothing was changed.
        assertEquals(42, ro.getInt(0));
        assertEquals(3, sem.value());
        assertEquals(3, seg.semaphore(64).value());
    }

    // ---- semaphore placement ----

    @ParameterizedTest
    @ValueSource(longs = {1, 4, 7, 12, 4060})
    void shouldRefuseMisalignedSemaphoreOffsets(long offset) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> seg.semaphore(offset));
        assertEquals("semaphore offset must be 8-byte aligned: offset=" + offset + " (try " + (offset / 8 * 8) + ")",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {-8, -1, SIZE - 31, SIZE - 24, SIZE, Long.MAX_VALUE, Long.MIN_VALUE})
    void shouldRefuseSemaphoreOffsetsThatLeaveNoRoomForASemT(long offset) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> seg.semaphore(offset));
        assertEquals("semaphore out of range: offset=" + offset + " length=32 size=" + SIZE, e.getMessage());
    }

    @Test
    void shouldPlaceASemaphoreInTheLastThirtyTwoBytes() {
        Semaphore last = seg.semaphore(SIZE - 32).init(2);
        assertTrue(last.tryAcquire());
        assertEquals(1, last.value());
    }

    @Test
    void shouldRefuseEverySemaphoreInASegmentSmallerThanASemT() {
        Segment tiny = ipc.track(Segment.createNew(io.ipcsh.ipc.IpcKey.PRIVATE, 31, 0600));
        assertEquals(31, tiny.size());
        assertEquals("semaphore out of range: offset=0 length=32 size=31",
                assertThrows(InvalidArgumentException.class, () -> tiny.semaphore(0)).getMessage());
        tiny.putByte(30, (byte) 1);
        assertEquals("offset out of range: offset=31 length=1 size=31",
                assertThrows(InvalidArgumentException.class, () -> tiny.getByte(31)).getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, Integer.MIN_VALUE})
    void shouldRefuseNegativeSemaphoreValues(int value) {
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> seg.semaphore(0).init(value));
        assertEquals("semaphore value out of range: value=" + value + " (use 0 to 2147483647)", e.getMessage());
    }
}
