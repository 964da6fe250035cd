package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Ipc;
import io.ipcsh.posix.Shm;
import io.ipcsh.posix.Unistd;
import io.ipcsh.posix.Pointers;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * A System V shared memory segment attached to this process: {@code shmget} +
 * {@code shmat}, with bounds-checked typed access.
 *
 * <pre>{@code
 * var seg = Segment.create(IpcKey.ftok(Path.of("shmfile"), 65), 4096);
 * seg.putInt(0, 42);
 * seg.getInt(0);                        // 42, as a C program's *(int *) addr sees it
 * seg.semaphore(64).init(0).post();
 * seg.detach();
 * }</pre>
 *
 * <p>Values are stored in the machine's byte order at any offset, as a C program on the
 * same host stores them. Every access checks its offset and length first. The memory is
 * scoped by a shared {@link Arena}: after {@link #detach()} no thread can reach it, and a
 * read-only attach hands out a read-only view, so neither can crash the JVM.
 */
public final class Segment implements AutoCloseable {
    /** Mode for segments this library creates unless told otherwise: owner only. */
    public static final int DEFAULT_MODE = 0600;

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    // Atomic access needs natural alignment; the check below refuses anything else.
    private static final VarHandle ATOMIC_INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle ATOMIC_LONG = ValueLayout.JAVA_LONG.varHandle();

    /** How {@code shmget} treats a key that has no segment yet, or already has one. */
    public enum Creation {
        /** Attach an existing segment only (no flags). */
        OPEN,
        /** Create it if missing (IPC_CREAT). */
        CREATE,
        /** Create it, failing if the key is taken (IPC_CREAT | IPC_EXCL). */
        CREATE_NEW
    }

    private final IpcKey key;
    private final int shmid;
    private final long size;
    private final boolean readOnly;
    private final Arena arena;
    private final MemorySegment base;
    private final MemorySegment memory;

    private Segment(IpcKey key, int shmid, long size, boolean readOnly, Arena arena, MemorySegment base) {
        this.key = key;
        this.shmid = shmid;
        this.size = size;
        this.readOnly = readOnly;
        this.arena = arena;
        this.base = base;
        this.memory = Pointers.sized(base, size, arena);
    }

    /** Attaches the segment for {@code key}, creating it with {@code size} bytes and mode 0600 if missing. */
    public static Segment create(IpcKey key, long size) {
        return attach(key, size, Creation.CREATE, DEFAULT_MODE, false);
    }

    /** As {@link #create(IpcKey, long)}, with permission bits {@code mode} (such as 0640). */
    public static Segment create(IpcKey key, long size, int mode) {
        return attach(key, size, Creation.CREATE, mode, false);
    }

    /** Creates a new segment for {@code key}, failing with {@link IpcException.AlreadyExistsException} if it exists. */
    public static Segment createNew(IpcKey key, long size, int mode) {
        return attach(key, size, Creation.CREATE_NEW, mode, false);
    }

    /** Attaches the existing segment for {@code key}, read-write; its size comes from IPC_STAT. */
    public static Segment open(IpcKey key) {
        return attach(key, 0, Creation.OPEN, 0, false);
    }

    /** Attaches the existing segment for {@code key} with SHM_RDONLY: every write is refused in Java. */
    public static Segment openReadOnly(IpcKey key) {
        return attach(key, 0, Creation.OPEN, 0, true);
    }

    /**
     * The general form: {@code shmget(key, size, creation flags | mode)} then {@code shmat}.
     *
     * @param size bytes for a new segment; 0 to attach an existing one whatever its size
     * @param mode permission bits for a new segment, 0 to 0777
     */
    public static Segment attach(IpcKey key, long size, Creation creation, int mode, boolean readOnly) {
        if (size < 0) {
            throw new IpcException.InvalidArgumentException("size must not be negative: size=" + size);
        }
        if (mode < 0 || mode > 0777) {
            throw new IpcException.InvalidArgumentException(
                    "mode out of range: mode=0" + Integer.toOctalString(mode) + " (use 0 to 0777, such as 0600)");
        }
        if (creation == Creation.OPEN && key.isPrivate()) {
            // shmget(IPC_PRIVATE, ...) always makes a new segment: there is nothing to open.
            throw new IpcException.InvalidArgumentException("IPC_PRIVATE names no existing segment (use --id SHMID)");
        }
        int flags = switch (creation) {
            case OPEN -> 0;
            case CREATE -> Ipc.IPC_CREAT | mode;
            case CREATE_NEW -> Ipc.IPC_CREAT | Ipc.IPC_EXCL | mode;
        };
        int shmid = Shm.shmget(key.value(), size, flags);
        if (shmid == -1) {
            throw shmgetFailure(key, size, creation, Errno.last());
        }
        try {
            return attach(shmid, readOnly);
        } catch (IpcException e) {
            if (creation == Creation.CREATE_NEW || key.isPrivate()) {
                // Made it but could not attach it: do not leave it behind.
                Shm.shmctl(shmid, Ipc.IPC_RMID, MemorySegment.NULL);
            }
            throw e;
        }
    }

    /** Attaches the segment with this id, read-write, as {@code ipcs -m} lists it. */
    public static Segment attach(int shmid) {
        return attach(shmid, false);
    }

    /** Attaches the segment with this id, read-only if asked. */
    public static Segment attach(int shmid, boolean readOnly) {
        if (shmid < 0) {
            throw new IpcException.InvalidArgumentException("shmid must not be negative: shmid=" + shmid);
        }
        MemorySegment base = Shm.shmat(shmid, MemorySegment.NULL, readOnly ? Shm.SHM_RDONLY : 0);
        if (base.address() == -1L) {
            int errno = Errno.last();
            throw IpcException.of("shmat", errno, switch (errno) {
                case 13 -> "permission denied attaching shmid=" + shmid + " " + owner(shmid);
                case 43 -> "segment shmid=" + shmid + " was removed";
                default -> "no segment with shmid=" + shmid + ": it was removed, or never existed";
            }, errno == 13 && !readOnly ? "try --readonly, or ask its owner for access" : errno == 22 ? "see list" : null);
        }
        SegmentStat stat;
        try {
            stat = SegmentStat.of(shmid);
        } catch (IpcException e) {
            Shm.shmdt(base);
            throw e;
        }
        return new Segment(stat.key(), shmid, stat.size(), readOnly, Arena.ofShared(), base);
    }

    private static IpcException shmgetFailure(IpcKey key, long size, Creation creation, int errno) {
        String k = "key " + key.hex();
        return switch (errno) {
            case 2 -> IpcException.of("shmget", errno, "no segment with " + k, "attach --create --size N makes one");
            case 17 -> IpcException.of("shmget", errno, "a segment with " + k + " already exists",
                    "attach it without --new, or destroy it first");
            case 13 -> IpcException.of("shmget", errno, "permission denied on the segment with " + k + " " + ownerOf(key),
                    "ask its owner, or attach --readonly if it is readable");
            case 22 -> sizeProblem(key, size, creation, errno);
            case 12 -> IpcException.of("shmget", errno, "not enough memory for a segment of size=" + size,
                    "ask for less; see free -m and /proc/sys/vm/overcommit_memory");
            case 28 -> IpcException.of("shmget", errno, "cannot create a segment of size=" + size
                    + ": a system limit is reached", "see /proc/sys/kernel/shmall and shmmni, or destroy unused segments");
            case 1 -> IpcException.of("shmget", errno, "not permitted to create segment with " + k, null);
            default -> IpcException.of("shmget", errno, "shmget failed for " + k + " size=" + size, null);
        };
    }

    /** EINVAL from shmget: the size is wrong for the existing segment, or for a new one. */
    private static IpcException sizeProblem(IpcKey key, long size, Creation creation, int errno) {
        if (!key.isPrivate()) {
            int existing = Shm.shmget(key.value(), 0, 0);
            if (existing >= 0) {
                long have = SegmentStat.of(existing).size();
                return IpcException.of("shmget", errno, "the segment with key " + key.hex() + " has size=" + have
                        + ", smaller than the size=" + size + " asked for", "omit --size to take it as it is");
            }
        }
        if (creation == Creation.OPEN) {
            return IpcException.of("shmget", errno, "no segment with key " + key.hex(), "see list");
        }
        return IpcException.of("shmget", errno, "size=" + size + " is out of range for a new segment",
                "use 1 byte up to kernel.shmmax=" + Limits.shmmaxText());
    }

    /** Names mode and owner for a permission error; SHM_STAT_ANY works without read access. */
    private static String ownerOf(IpcKey key) {
        for (SegmentStat s : SegmentStat.list()) {
            if (s.key().equals(key)) {
                return describeOwner(s);
            }
        }
        return "";
    }

    private static String owner(int shmid) {
        for (SegmentStat s : SegmentStat.list()) {
            if (s.shmid() == shmid) {
                return describeOwner(s);
            }
        }
        return "";
    }

    private static String describeOwner(SegmentStat s) {
        return "(mode " + s.modeOctal() + ", owner uid " + s.uid() + ", you are uid " + Unistd.geteuid() + ")";
    }

    /** The key it was found by; IPC_PRIVATE for a private segment. */
    public IpcKey key() {
        return key;
    }

    /** The kernel's id for the segment, as {@code ipcs -m} shows it. */
    public int shmid() {
        return shmid;
    }

    /** Its size in bytes, from IPC_STAT at attach time. */
    public long size() {
        return size;
    }

    /** True if attached with SHM_RDONLY. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** False once {@link #detach()} ran. */
    public boolean isAttached() {
        return arena.scope().isAlive();
    }

    /** The attached memory; read-only for a read-only attach. Unusable after detach. */
    public MemorySegment memory() {
        checkAttached();
        return readOnly ? memory.asReadOnly() : memory;
    }

    /** {@code shmctl(IPC_STAT)} now. */
    public SegmentStat stat() {
        return SegmentStat.of(shmid);
    }

    /** {@code shmctl(IPC_SET)} with new permission bits, keeping the owner. */
    public Segment chmod(int mode) {
        Segments.chmod(shmid, mode);
        return this;
    }

    /** The process-shared semaphore ({@code sem_t}) at {@code offset}: 8-aligned, 32 bytes inside. */
    public Semaphore semaphore(long offset) {
        return new Semaphore(this, offset);
    }

    /**
     * {@code shmdt}. The memory can no longer be reached from Java; the segment itself
     * lives on until destroyed and detached everywhere. Detaching twice is harmless.
     */
    public void detach() {
        if (!arena.scope().isAlive()) {
            return;
        }
        try {
            arena.close();
        } catch (IllegalStateException e) {
            // A thread is inside a call on this memory, such as a blocking sem_wait.
            throw new IpcException.BusyException(
                    "segment shmid=" + shmid + " is in use by another thread (a wait is in progress); cancel it first");
        }
        if (Shm.shmdt(base) == -1) {
            throw IpcException.of("shmdt", Errno.last(), "detach failed for shmid=" + shmid, null);
        }
    }

    /** Same as {@link #detach()}, for try-with-resources. */
    @Override
    public void close() {
        detach();
    }

    /**
     * {@code shmctl(IPC_RMID)}: marks the segment for removal. It is freed once the last
     * process detaches; until then attached processes keep using it and {@code stat}
     * shows it as {@code dest}. This handle stays attached.
     */
    public void destroy() {
        Segments.destroy(shmid);
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
        try {
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, writable(offset, bytes.length), offset, bytes.length);
        } catch (IllegalStateException e) {
            throw detachedMeanwhile(e);
        }
    }

    /**
     * The UTF-8 string at {@code offset} up to its NUL, as C's {@code char *} reads it; up
     * to the end of the segment if there is no NUL. Invalid UTF-8 becomes U+FFFD.
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

    // ---- checks ----

    /** The memory, once {@code [offset, offset + length)} is known to lie inside it. */
    MemorySegment readable(long offset, long length) {
        checkAttached();
        checkRange(offset, length);
        return memory;
    }

    MemorySegment writable(long offset, long length) {
        MemorySegment m = readable(offset, length);
        if (readOnly) {
            throw new IpcException.PermissionDeniedException("segment shmid=" + shmid
                    + " is attached read-only: write refused at offset=" + offset + " (attach without --readonly to write)");
        }
        return m;
    }

    /**
     * FFM refuses an access with IllegalStateException once another thread's
     * {@link #detach()} closed the memory between our check and the access: report it
     * as the detach it is.
     */
    private IpcException detachedMeanwhile(IllegalStateException e) {
        if (isAttached()) {
            throw e;
        }
        return detachedException();
    }

    private IpcException detachedException() {
        return new IpcException.RemovedException(
                "segment shmid=" + shmid + " is detached from this process (attach it again)");
    }

    void checkAttached() {
        if (!arena.scope().isAlive()) {
            throw detachedException();
        }
    }

    void checkRange(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size - length) {
            throw new IpcException.InvalidArgumentException(
                    "offset out of range: offset=" + offset + " length=" + length + " size=" + size);
        }
    }

    private MemorySegment aligned(MemorySegment m, long offset, int alignment) {
        if ((offset & (alignment - 1)) != 0) {
            throw new IpcException.InvalidArgumentException("atomic access needs " + alignment
                    + "-byte alignment: offset=" + offset);
        }
        return m;
    }

    /** The raw, writable memory for the semaphore calls; bounds are the caller's to check. */
    MemorySegment raw() {
        return memory;
    }

    /** Reads like {@code stat}: key, shmid, size, access, and attached or not. */
    @Override
    public String toString() {
        return "Segment[key=" + key.hex() + " shmid=" + shmid + " size=" + size + (readOnly ? " readonly" : "")
                + (isAttached() ? "" : " detached") + "]";
    }
}
