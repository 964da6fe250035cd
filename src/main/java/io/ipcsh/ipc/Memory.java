package io.ipcsh.ipc;

import io.ipcsh.posix.Strings;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked typed access, atomics and {@link #semaphore(long) semaphores} over
 * mapped memory, whoever mapped it: a System V segment ({@code shmat}) today, a POSIX
 * mapping ({@code mmap}) next. Like Agrona's {@code AtomicBuffer}, it never knows where
 * its memory came from; the owner gives it a sized {@link MemorySegment} scoped by the
 * owner's {@link java.lang.foreign.Arena}, a label for messages and the access mode.
 *
 * <p>Values are stored in the machine's byte order at any offset, as a C program on the
 * same host stores them. Every access checks its offset and length first; after the
 * owner closes the arena (detach, munmap) every access is refused, and a read-only
 * mapping refuses every write in Java. Neither can crash the JVM.
 */
public final class Memory {
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    // Atomic access needs natural alignment; the check below refuses anything else.
    private static final VarHandle ATOMIC_INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle ATOMIC_LONG = ValueLayout.JAVA_LONG.varHandle();

    private final String noun;
    private final String label;
    private final String writeHint;
    /** The common remedy for a refused write, when there is one; then writeHint is its text. */
    private final IpcException.Advice writeAdvice;
    private final MemorySegment memory;
    private final long size;
    private final boolean readOnly;
    /**
     * Offsets of the mutexes threads of this process hold in this memory (slices share
     * their parent's set, by absolute offset), so that its owner refuses to unmap it under
     * them: see {@link #checkNoLocksHeld()}.
     */
    private final LocksHeld locksHeld;
    /** Where this memory starts in the memory {@link #locksHeld} counts offsets of. */
    private final long base;
    /** How to get it back once its owner let go of it: "attach it again", "sem open it again". */
    private final String againHint;

    /**
     * @param noun      what holds it, for messages: "segment", "mapping"
     * @param label     how it is named in messages: "shmid=32769", "/jobs"
     * @param memory    the mapped bytes, sized, scoped by the owner's arena (writable view)
     * @param readOnly  true to refuse every write in Java
     * @param writeHint what to do instead of a refused write: "attach without --readonly to write"
     */
    public Memory(String noun, String label, MemorySegment memory, boolean readOnly, String writeHint) {
        this(noun, label, memory, readOnly, writeHint, null);
    }

    /** The same, with a refused write's remedy as an {@link IpcException.Advice} a shell can word its own way. */
    public Memory(String noun, String label, MemorySegment memory, boolean readOnly, IpcException.Advice writeAdvice) {
        this(noun, label, memory, readOnly, writeAdvice.text(), writeAdvice);
    }

    /**
     * As above, with {@code againHint} saying how to get it back once its owner let go of it
     * ("sem open it again"); the others say "attach it again".
     */
    public Memory(String noun, String label, MemorySegment memory, boolean readOnly, IpcException.Advice writeAdvice,
                  String againHint) {
        this(noun, label, memory, readOnly, writeAdvice.text(), writeAdvice, new LocksHeld(), 0,
                againHint);
    }

    private Memory(String noun, String label, MemorySegment memory, boolean readOnly, String writeHint,
                   IpcException.Advice writeAdvice) {
        this(noun, label, memory, readOnly, writeHint, writeAdvice, new LocksHeld(), 0,
                "attach it again");
    }

    private Memory(String noun, String label, MemorySegment memory, boolean readOnly, String writeHint,
                   IpcException.Advice writeAdvice, LocksHeld locksHeld, long base, String againHint) {
        this.againHint = againHint;
        this.locksHeld = locksHeld;
        this.base = base;
        this.noun = noun;
        this.label = label;
        this.memory = memory;
        this.size = memory.byteSize();
        this.readOnly = readOnly;
        this.writeHint = writeHint;
        this.writeAdvice = writeAdvice;
    }

    /** How messages name it: "shmid=32769". */
    public String label() {
        return label;
    }

    /** Noun and label: "segment shmid=32769". */
    public String describe() {
        return noun + " " + label;
    }

    /** Its size in bytes. */
    public long size() {
        return size;
    }

    /** True if every write is refused. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** False once its owner let go of it (detach, munmap). */
    public boolean isAlive() {
        return memory.scope().isAlive();
    }

    /**
     * The raw memory, for code that needs FFM speed (the bench) or a C call: read-only for
     * a read-only mapping, and unusable once the owner let go of it. No bounds beyond FFM's.
     */
    public MemorySegment segment() {
        checkAlive();
        return readOnly ? memory.asReadOnly() : memory;
    }

    /** {@code [offset, offset + length)} as a Memory of its own, offsets counted from {@code offset}. */
    public Memory slice(long offset, long length) {
        checkAlive();
        checkRange(offset, length);
        return new Memory(noun, label + "+" + offset, memory.asSlice(offset, length), readOnly, writeHint, writeAdvice,
                locksHeld, base + offset, againHint);
    }

    /**
     * The process-shared, robust-capable mutex ({@code pthread_mutex_t}) at {@code offset}:
     * 8-aligned, 40 bytes inside. See {@link Mutex} for which thread owns it.
     */
    public Mutex mutex(long offset) {
        checkAlive();
        if (offset < 0 || offset > size - Mutex.SIZE) {
            throw new IpcException.InvalidArgumentException("mutex out of range: offset=" + offset
                    + " length=" + Mutex.SIZE + " size=" + size);
        }
        if (offset % Mutex.ALIGNMENT != 0) {
            throw new IpcException.InvalidArgumentException("mutex offset must be " + Mutex.ALIGNMENT
                    + "-byte aligned: offset=" + offset + " (try " + (offset / Mutex.ALIGNMENT * Mutex.ALIGNMENT) + ")");
        }
        return new Mutex(memory.asSlice(offset, Mutex.SIZE), this, offset);
    }

    /**
     * The mutexes threads of this process hold in a mapping, by absolute offset, shared by
     * a Memory and its slices. Every write asks {@link #any} first, one load: asking the
     * map ({@code ConcurrentHashMap.isEmpty} sums its counters) was about a quarter of a
     * checked {@code putLongRelease}, a ring's per-message store (3.8 against 2.8 ns a
     * call in a one-thread loop, taking turns).
     */
    private static final class LocksHeld {
        final java.util.Map<Long, Holder> byOffset = new java.util.concurrent.ConcurrentHashMap<>();
        /** Whether byOffset holds any: set under this object's lock after each change, read without it. */
        volatile boolean any;

        synchronized void taken(long at, Holder h) {
            byOffset.put(at, h);
            any = true;
        }

        synchronized void released(long at) {
            byOffset.remove(at);
            any = !byOffset.isEmpty();
        }

        synchronized void removeGone() {
            byOffset.values().removeIf(Holder::gone);
            any = !byOffset.isEmpty();
        }
    }

    /** A thread of this process that holds a mutex here, and its OS thread id. */
    private record Holder(Thread thread, int tid) {
        /**
         * The OS thread is gone. Java says a thread is not alive a little before its OS
         * thread has exited, and only that exit makes the kernel mark its robust mutexes
         * owner-died, reading them through this memory: unmapping it sooner loses the mark.
         */
        boolean gone() {
            return !thread.isAlive() && !java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/task", Integer.toString(tid)));
        }
    }

    /** The calling thread locked the mutex at {@code offset}. */
    void lockTaken(long offset) {
        locksHeld.taken(base + offset, new Holder(Thread.currentThread(), io.ipcsh.posix.Unistd.gettid()));
    }

    /** It was unlocked, or initialised afresh. */
    void lockReleased(long offset) {
        locksHeld.released(base + offset);
    }

    /**
     * Refuses to let go of this memory while a thread of this process holds a mutex in
     * it: glibc keeps held robust mutexes on a per-thread list threaded through the
     * mutexes themselves, and writes into the list at the next lock or unlock; once the
     * page is unmapped that write would crash the process. A thread that ended holds
     * nothing any more (glibc and the kernel marked its robust mutexes owner-died). Owners
     * call it before they unmap (detach, munmap).
     */
    public void checkNoLocksHeld() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (Holder h : locksHeld.byOffset.values()) {
            while (!h.thread().isAlive() && !h.gone() && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L); // its exit takes microseconds
            }
        }
        locksHeld.removeGone();
        if (locksHeld.any) {
            throw new IpcException.BusyException(describe() + " holds a mutex this process has locked (offset="
                    + locksHeld.byOffset.keySet().stream().sorted().map(String::valueOf).collect(java.util.stream.Collectors.joining(","))
                    + "): unlock it before detaching");
        }
    }

    /** What to do instead of a refused write, for messages. */
    String writeHint() {
        return writeHint;
    }

    /** The process-shared semaphore ({@code sem_t}) at {@code offset}: 8-aligned, 32 bytes inside. */
    public Semaphore semaphore(long offset) {
        checkAlive();
        if (offset < 0 || offset > size - Semaphore.SIZE) {
            throw new IpcException.InvalidArgumentException("semaphore out of range: offset=" + offset
                    + " length=" + Semaphore.SIZE + " size=" + size);
        }
        if (offset % Semaphore.ALIGNMENT != 0) {
            throw new IpcException.InvalidArgumentException("semaphore offset must be " + Semaphore.ALIGNMENT
                    + "-byte aligned: offset=" + offset + " (try " + (offset / Semaphore.ALIGNMENT * Semaphore.ALIGNMENT) + ")");
        }
        return new Semaphore(memory.asSlice(offset, Semaphore.SIZE), this, offset);
    }

    // ---- typed access: i8 u8 i16 u16 i32 u32 i64 u64 f32 f64 str bytes ----

    public byte getByte(long offset) {
        try {
            return readable(offset, 1).get(ValueLayout.JAVA_BYTE, offset);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    public int getUnsignedByte(long offset) {
        return Byte.toUnsignedInt(getByte(offset));
    }

    public void putByte(long offset, byte value) {
        try {
            writable(offset, 1).set(ValueLayout.JAVA_BYTE, offset, value);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    public short getShort(long offset) {
        try {
            return readable(offset, 2).get(SHORT, offset);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    public int getUnsignedShort(long offset) {
        return Short.toUnsignedInt(getShort(offset));
    }

    public void putShort(long offset, short value) {
        try {
            writable(offset, 2).set(SHORT, offset, value);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    public int getInt(long offset) {
        try {
            return readable(offset, 4).get(INT, offset);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    public long getUnsignedInt(long offset) {
        return Integer.toUnsignedLong(getInt(offset));
    }

    public void putInt(long offset, int value) {
        try {
            writable(offset, 4).set(INT, offset, value);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    public long getLong(long offset) {
        try {
            return readable(offset, 8).get(LONG, offset);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    public void putLong(long offset, long value) {
        try {
            writable(offset, 8).set(LONG, offset, value);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    public float getFloat(long offset) {
        try {
            return readable(offset, 4).get(FLOAT, offset);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    public void putFloat(long offset, float value) {
        try {
            writable(offset, 4).set(FLOAT, offset, value);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    public double getDouble(long offset) {
        try {
            return readable(offset, 8).get(DOUBLE, offset);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    public void putDouble(long offset, double value) {
        try {
            writable(offset, 8).set(DOUBLE, offset, value);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /** A volatile (sequentially consistent) load of the 4-aligned int at {@code offset}. */
    public int getIntVolatile(long offset) {
        try {
            return (int) ATOMIC_INT.getVolatile(aligned(readable(offset, 4), offset, 4), offset);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /** A volatile store of the 4-aligned int at {@code offset}, seen at once by other processes. */
    public void putIntVolatile(long offset, int value) {
        try {
            ATOMIC_INT.setVolatile(aligned(writable(offset, 4), offset, 4), offset, value);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /**
     * An acquire load of the 4-aligned int at {@code offset}: no later load or store moves
     * before it. Pairs with {@link #putIntRelease}; on x86_64 both are plain moves, where a
     * volatile store costs a full fence ({@code lock addl}) each time.
     */
    public int getIntAcquire(long offset) {
        try {
            return (int) ATOMIC_INT.getAcquire(aligned(readable(offset, 4), offset, 4), offset);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /**
     * A release store of the 4-aligned int at {@code offset}: every earlier load and store
     * is visible to a process that reads this value with {@link #getIntAcquire}. The way to
     * publish a counter after the data it counts (a ring's head or tail).
     */
    public void putIntRelease(long offset, int value) {
        try {
            ATOMIC_INT.setRelease(aligned(writable(offset, 4), offset, 4), offset, value);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /** Atomic compare-and-set of the 4-aligned int at {@code offset}. */
    public boolean compareAndSetInt(long offset, int expected, int value) {
        try {
            return ATOMIC_INT.compareAndSet(aligned(writable(offset, 4), offset, 4), offset, expected, value);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /** Atomically adds {@code delta} to the 4-aligned int at {@code offset}; returns the old value. */
    public int getAndAddInt(long offset, int delta) {
        try {
            return (int) ATOMIC_INT.getAndAdd(aligned(writable(offset, 4), offset, 4), offset, delta);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /** A volatile load of the 8-aligned long at {@code offset}. */
    public long getLongVolatile(long offset) {
        try {
            return (long) ATOMIC_LONG.getVolatile(aligned(readable(offset, 8), offset, 8), offset);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /** A volatile store of the 8-aligned long at {@code offset}. */
    public void putLongVolatile(long offset, long value) {
        try {
            ATOMIC_LONG.setVolatile(aligned(writable(offset, 8), offset, 8), offset, value);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /** An acquire load of the 8-aligned long at {@code offset}; see {@link #getIntAcquire}. */
    public long getLongAcquire(long offset) {
        try {
            return (long) ATOMIC_LONG.getAcquire(aligned(readable(offset, 8), offset, 8), offset);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /** A release store of the 8-aligned long at {@code offset}; see {@link #putIntRelease}. */
    public void putLongRelease(long offset, long value) {
        try {
            ATOMIC_LONG.setRelease(aligned(writable(offset, 8), offset, 8), offset, value);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /** Atomically adds {@code delta} to the 8-aligned long at {@code offset}; returns the old value. */
    public long getAndAddLong(long offset, long delta) {
        try {
            return (long) ATOMIC_LONG.getAndAdd(aligned(writable(offset, 8), offset, 8), offset, delta);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /** {@code length} bytes from {@code offset}. */
    public byte[] getBytes(long offset, int length) {
        if (length < 0) {
            throw new IpcException.InvalidArgumentException("length must not be negative: length=" + length);
        }
        try {
            return readable(offset, length).asSlice(offset, length).toArray(ValueLayout.JAVA_BYTE);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /** Copies {@code bytes} to {@code offset}. */
    public void putBytes(long offset, byte[] bytes) {
        putBytes(offset, bytes, 0, bytes.length);
    }

    /**
     * Copies {@code length} bytes from {@code offset} into {@code dst}, starting at
     * {@code dstIndex}: a message out of a ring without a new array per message. As fast
     * as C's {@code memcpy} at every size (see {@link #copy(long, long, long)} for how).
     *
     * @throws IpcException.InvalidArgumentException if the range is outside this memory or
     *         outside {@code dst}; nothing is copied then
     */
    public void getBytes(long offset, byte[] dst, int dstIndex, int length) {
        checkArrayRange(dst.length, dstIndex, length);
        try {
            copy(readable(offset, length), offset, dst, dstIndex, length);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /**
     * Copies {@code length} bytes of {@code src}, from {@code srcIndex}, to {@code offset}:
     * a message into a ring. As fast as C's {@code memcpy} at every size (see
     * {@link #copy(long, long, long)} for how).
     *
     * @throws IpcException.InvalidArgumentException if the range is outside this memory or
     *         outside {@code src}; nothing is copied then
     * @throws IpcException.PermissionDeniedException through a read-only mapping (refused
     *         in Java: the write never reaches the read-only page)
     */
    public void putBytes(long offset, byte[] src, int srcIndex, int length) {
        checkArrayRange(src.length, srcIndex, length);
        try {
            copy(src, srcIndex, writable(offset, length), offset, length);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /**
     * Copies {@code length} bytes from {@code from} to {@code to} inside this memory, as
     * C's {@code memmove}: the two ranges may overlap, and the bytes at {@code to} end up as
     * the bytes at {@code from} were.
     *
     * <p>This and the array forms of {@link #getBytes(long, byte[], int, int) getBytes} and
     * {@link #putBytes(long, byte[], int, int) putBytes} copy as C does. Below
     * {@link #NATIVE_COPY_MIN} bytes they use FFM's {@link MemorySegment#copy}, which is as
     * fast as glibc's {@code memcpy} there on one core, except a block of 8 bytes, which
     * they move as one {@code long}, and one of 16, 32 or 64 bytes, which they move as one
     * vector where the JVM has the Vector API ({@link #VECTOR_MOVES}): between two cores
     * FFM's copy stub cost an 8-byte ring message half its rate, and its narrower moves a
     * 64-byte one as much. From it up they call glibc's {@code memmove}
     * through a critical downcall (no thread-state change, Java arrays passed in place):
     * its {@code rep movsb} writes lines that another core holds (a ring's slots, which the
     * reader in the other process copied out last time round) 15-25% faster than HotSpot's
     * vector copy loops. Below the threshold the arena's acquire and release around the
     * downcall cost more than that saves. Every check is made in Java first, so a write
     * through a read-only mapping is refused and never reaches the page. A large copy is
     * made in calls of at most 1 MiB, so that a safepoint (the GC) never waits long.
     *
     * @throws IpcException.InvalidArgumentException if either range is outside this memory
     * @throws IpcException.PermissionDeniedException through a read-only mapping
     */
    public void copy(long from, long to, long length) {
        checkAlive();
        checkRange(from, length);
        MemorySegment m = writable(to, length);
        try {
            bulkCopy(m, from, m, to, length, to > from);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /**
     * Whether this JVM has the Vector API ({@code --add-modules jdk.incubator.vector}, an
     * incubating module in JDK 25), with which the bulk copies move a block of 16, 32 or
     * 64 bytes as one vector, as glibc's {@code memcpy} does; without it they use FFM's
     * copy, which moves such a block in 8-byte pieces or through a stub call, and costs a
     * ring of 64-byte messages between two processes half its rate (see explanation.md).
     */
    public static final boolean VECTOR_MOVES = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    /**
     * {@link MemorySegment#copy(MemorySegment, long, MemorySegment, long, long)} as this
     * class's own copies make it: a block of 8 bytes as one {@code long}, one of 16, 32 or
     * 64 bytes as one vector (with {@link #VECTOR_MOVES}), from {@link #NATIVE_COPY_MIN}
     * up through glibc's {@code memmove}, FFM's copy otherwise. For a ring's hot loop over
     * segments whose ranges it has checked once (the bench's {@code shm-spin}): FFM still
     * checks each call, and throws as {@code MemorySegment.copy} does; the ranges must not
     * overlap.
     */
    public static void copy(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset, long length) {
        bulkCopy(src, srcOffset, dst, dstOffset, length, false);
    }

    /**
     * {@link #copy(MemorySegment, long, MemorySegment, long, long)} from an array.
     *
     * <p>The moves are methods of their own, each under C2's {@code MaxInlineSize} (35 bytes
     * of bytecode), and the choice between them is made here, in the method a loop calls. A
     * callee that size is inlined even where the profile says its call is rare, as it does
     * in a loop that moved other sizes first. The bench's ring at 64 B, run after 8 B in the
     * same JVMs, had its writer call the vector move once per message when one 70-byte
     * method chose the species ("too big" in {@code -XX:+LogCompilation}); and a
     * {@code Memory.copy} that held every move was compiled on its own past
     * {@code InlineSmallCode}, and called, not inlined ("already compiled into a big
     * method"). See explanation.md.
     */
    public static void copy(byte[] src, int srcIndex, MemorySegment dst, long dstOffset, int length) {
        if (length == Long.BYTES) {
            WordMoves.copy(src, srcIndex, dst, dstOffset);
        } else if (VECTOR_MOVES && VectorMoves.fits(length) && !dst.isReadOnly()) {
            // Read-only memory goes to FFM's copy, which refuses it with its own exception
            // (the Vector API's is UnsupportedOperationException; WordMoves' store is FFM's).
            if (length == 64) {
                VectorMoves.copy64(src, srcIndex, dst, dstOffset);
            } else if (length == 32) {
                VectorMoves.copy32(src, srcIndex, dst, dstOffset);
            } else {
                VectorMoves.copy16(src, srcIndex, dst, dstOffset);
            }
        } else if (length < NATIVE_COPY_MIN) {
            // FFM's array form: no heap segment per call, which a loop that also makes large
            // copies (their memmove keeps the segment) would allocate every time.
            MemorySegment.copy(src, srcIndex, dst, ValueLayout.JAVA_BYTE, dstOffset, length);
        } else {
            bulkCopy(MemorySegment.ofArray(src), srcIndex, dst, dstOffset, length, false);
        }
    }

    /**
     * {@link #copy(MemorySegment, long, MemorySegment, long, long)} into an array, its move
     * chosen as {@link #copy(byte[], int, MemorySegment, long, int) from one}.
     */
    public static void copy(MemorySegment src, long srcOffset, byte[] dst, int dstIndex, int length) {
        if (length == Long.BYTES) {
            WordMoves.copy(src, srcOffset, dst, dstIndex);
        } else if (VECTOR_MOVES && VectorMoves.fits(length)) {
            if (length == 64) {
                VectorMoves.copy64(src, srcOffset, dst, dstIndex);
            } else if (length == 32) {
                VectorMoves.copy32(src, srcOffset, dst, dstIndex);
            } else {
                VectorMoves.copy16(src, srcOffset, dst, dstIndex);
            }
        } else if (length < NATIVE_COPY_MIN) {
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, srcOffset, dst, dstIndex, length);
        } else {
            bulkCopy(src, srcOffset, MemorySegment.ofArray(dst), dstIndex, length, false);
        }
    }

    /**
     * From this many bytes up, the bulk copies call libc's {@code memmove}; smaller ones
     * stay in Java. Measured on a two-core Xeon (glibc 2.36, JDK 25) with a ring between its two cores:
     * equal at 16 KiB, libc ahead from 32 KiB.
     */
    public static final long NATIVE_COPY_MIN = 32 * 1024;
    /** The most one {@code memmove} downcall copies: 0.1 ms or so that a safepoint may wait for it. */
    static final long NATIVE_COPY_CHUNK = 1L << 20;

    /**
     * The copy, once every range is checked. {@code backward}: chunks from the end, for an
     * overlapping move to a higher offset (each chunk is a memmove of its own).
     */
    private static void bulkCopy(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset, long length,
                                 boolean backward) {
        // Chosen as in copy(byte[], ...), whose Javadoc says why the moves are methods apart.
        if (length == Long.BYTES) {
            WordMoves.copy(src, srcOffset, dst, dstOffset);
            return;
        }
        if (VECTOR_MOVES && VectorMoves.fits(length) && !dst.isReadOnly()) {
            if (length == 64) {
                VectorMoves.copy64(src, srcOffset, dst, dstOffset);
            } else if (length == 32) {
                VectorMoves.copy32(src, srcOffset, dst, dstOffset);
            } else {
                VectorMoves.copy16(src, srcOffset, dst, dstOffset);
            }
            return;
        }
        if (length < NATIVE_COPY_MIN) {
            MemorySegment.copy(src, srcOffset, dst, dstOffset, length);
            return;
        }
        for (long done = 0; done < length; ) {
            long n = Math.min(NATIVE_COPY_CHUNK, length - done);
            long at = backward ? length - done - n : done;
            Strings.memmove(dst.asSlice(dstOffset + at, n), src.asSlice(srcOffset + at, n), n);
            done += n;
        }
    }

    private static void checkArrayRange(int arrayLength, int index, int length) {
        if (index < 0 || length < 0 || index > arrayLength - length) {
            throw new IpcException.InvalidArgumentException(
                    "array range out of bounds: index=" + index + " length=" + length + " array length=" + arrayLength);
        }
    }

    /**
     * The UTF-8 string at {@code offset} up to its NUL, as C's {@code char *} reads it; up
     * to the end of the memory if there is no NUL. Invalid UTF-8 becomes U+FFFD.
     */
    public String getString(long offset) {
        // At least one byte (a character or the NUL) must be inside: offset == size is refused.
        MemorySegment m = readable(offset, 1);
        try {
            long end = offset;
            while (end < size && m.get(ValueLayout.JAVA_BYTE, end) != 0) {
                end++;
            }
            return new String(m.asSlice(offset, end - offset).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /** Stores {@code value} as UTF-8 with a trailing NUL; returns the bytes written, NUL included. */
    public int putString(long offset, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        byte[] withNul = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, withNul, 0, utf8.length);
        putBytes(offset, withNul);
        return withNul.length;
    }

    // ---- C structs ----

    /** Every member of {@code struct} with its offset and value, the struct being at {@code offset}. */
    public Struct.Reading read(long offset, Struct struct) {
        return struct.read(this, offset);
    }

    /** Stores {@code values} in the member at {@code path} ({@code id}, {@code in.x}, {@code arr[2]}) of {@code struct} at {@code offset}. */
    public Struct.Member write(long offset, Struct struct, String path, String... values) {
        return struct.write(this, offset, path, java.util.List.of(values));
    }

    // ---- checks ----

    /**
     * Refuses {@code [offset, offset + length)} unless it lies inside, with the one
     * message every caller shows: {@code offset out of range: offset=4094 length=4 size=4096}.
     */
    public void checkRange(long offset, long length) {
        checkRange(offset, length, size);
    }

    /** As {@link #checkRange(long, long)} for a region of {@code size} bytes. */
    public static void checkRange(long offset, long length, long size) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IpcException.InvalidArgumentException(
                    "offset out of range: offset=" + offset + " length=" + length + " size=" + size);
        }
    }

    /** Refuses every use once the owner let go of it. */
    public void checkAlive() {
        if (!isAlive()) {
            throw detachedException();
        }
    }

    /** Refuses a write through a read-only mapping, naming {@code offset}. */
    void checkWritable(long offset) {
        if (readOnly) {
            checkAlive(); // a detached memory says that first
            String reason = describe() + " is attached read-only: write refused at offset=" + offset;
            throw writeAdvice != null ? IpcException.denied(reason, writeAdvice)
                    : new IpcException.PermissionDeniedException(reason + " (" + writeHint + ")");
        }
    }

    /**
     * The memory, once {@code [offset, offset + length)} is known to lie inside it. Every
     * caller then reaches the bytes through FFM, which refuses a closed segment itself
     * ({@link #detachedMeanwhile} words it as a detach), so liveness is asked here only for
     * a range that fails, so that a detached memory says so first, and for an empty one,
     * which FFM may never touch. Asking on every access too was a third of what ipcsh's
     * checks add to a release store (a ring's per-message publish).
     */
    private MemorySegment readable(long offset, long length) {
        if (offset < 0 || length <= 0 || offset > size - length) {
            checkAlive();
            checkRange(offset, length);
        }
        return memory;
    }

    private MemorySegment writable(long offset, long length) {
        MemorySegment m = readable(offset, length);
        checkWritable(offset);
        if (locksHeld.any) {
            checkNotOverHeldMutex(offset, length);
        }
        return m;
    }

    /**
     * Refuses a write over a mutex a thread of this process holds: glibc links held robust
     * mutexes through their own bytes, and an unlock through overwritten links would write
     * through a garbage pointer and crash the process.
     */
    private void checkNotOverHeldMutex(long offset, long length) {
        for (Long at : locksHeld.byOffset.keySet()) {
            long m = at - base;
            if (offset < m + Mutex.SIZE && m < offset + length) {
                throw new IpcException.BusyException("write refused: offset=" + offset + " length=" + length
                        + " overlaps the mutex at offset=" + m + " that this process holds (unlock it first)");
            }
        }
    }

    /**
     * FFM refuses an access with IllegalStateException once the memory was closed (by
     * another thread between a check and the access, or before an access that leaves the
     * liveness check to FFM, as Semaphore's fast paths do): report it as the detach it is.
     */
    IpcException detachedMeanwhile(IllegalStateException e) {
        if (isAlive()) {
            throw e;
        }
        return detachedException();
    }

    private IpcException detachedException() {
        return new IpcException.DetachedException(describe() + " is detached from this process (" + againHint + ")");
    }

    private MemorySegment aligned(MemorySegment m, long offset, int alignment) {
        if ((offset & (alignment - 1)) != 0) {
            checkAlive(); // a detached memory says that first
            throw new IpcException.InvalidArgumentException("atomic access needs " + alignment
                    + "-byte alignment: offset=" + offset);
        }
        return m;
    }

    @Override
    public String toString() {
        return "Memory[" + describe() + " size=" + size + (readOnly ? " readonly" : "") + (isAlive() ? "" : " detached") + "]";
    }
}
