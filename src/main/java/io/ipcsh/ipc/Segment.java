package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Ipc;
import io.ipcsh.posix.Shm;
import io.ipcsh.posix.Pointers;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A System V shared memory segment attached to this process: {@code shmget} +
 * {@code shmat}. It keeps only what is SysV (shmget, shmat/shmdt, IPC_STAT, IPC_SET,
 * IPC_RMID); its bytes are a {@link Memory} ({@link #memory()}), and the typed accessors
 * it offers come from {@link HoldsMemory}.
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
public final class Segment implements IpcObject, HoldsMemory {
    /** Mode for segments this library creates unless told otherwise: owner only. */
    public static final int DEFAULT_MODE = 0600;

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
    private final Memory memory;
    /** Attached by id after IPC_RMID had cleared its key: {@link #key()} reads 0 but says nothing. */
    private final boolean keyCleared;
    /** Marked for removal when attached, or by {@link #destroy()} since. */
    private volatile boolean removed;

    private Segment(IpcKey key, int shmid, long size, boolean readOnly, Arena arena, MemorySegment base, SegmentStat stat) {
        this.key = key;
        this.keyCleared = key.isPrivate() && stat.keyCleared();
        this.removed = stat.dest();
        this.shmid = shmid;
        this.size = size;
        this.readOnly = readOnly;
        this.arena = arena;
        this.base = base;
        this.memory = new Memory("segment", "shmid=" + shmid, Pointers.sized(base, size, arena), readOnly,
                IpcException.Advice.ATTACH_READ_WRITE);
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
        Modes.check(mode);
        if (creation == Creation.OPEN && key.isPrivate()) {
            // shmget(IPC_PRIVATE, ...) always makes a new segment: there is nothing to open.
            throw ShmErrors.privateKey();
        }
        int flags = switch (creation) {
            case OPEN -> 0;
            case CREATE -> Ipc.IPC_CREAT | mode;
            case CREATE_NEW -> Ipc.IPC_CREAT | Ipc.IPC_EXCL | mode;
        };
        int shmid = Shm.shmget(key.value(), size, flags);
        if (shmid == -1) {
            throw ShmErrors.shmget(key, size, creation, Errno.last());
        }
        try {
            return attach(shmid, readOnly, key);
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

    /**
     * Attaches the segment with this id, read-only if asked. Linux lets a segment marked for
     * removal (dest) be attached by id; its key then reads 0 ({@link #keyCleared()}).
     */
    public static Segment attach(int shmid, boolean readOnly) {
        return attach(shmid, readOnly, null);
    }

    /** {@code shmat} by id; {@code key} is the one {@code shmget} found it by, or null to take IPC_STAT's. */
    private static Segment attach(int shmid, boolean readOnly, IpcKey key) {
        if (shmid < 0) {
            throw new IpcException.InvalidArgumentException("shmid must not be negative: shmid=" + shmid);
        }
        MemorySegment base = Shm.shmat(shmid, MemorySegment.NULL, readOnly ? Shm.SHM_RDONLY : 0);
        if (base.address() == -1L) {
            throw ShmErrors.shmat(shmid, readOnly, Errno.last());
        }
        SegmentStat stat;
        try {
            stat = SegmentStat.of(shmid);
        } catch (IpcException e) {
            Shm.shmdt(base);
            throw e;
        }
        return new Segment(key == null ? stat.key() : key, shmid, stat.size(), readOnly, Arena.ofShared(), base, stat);
    }

    /**
     * The key it was found by; IPC_PRIVATE for a private segment, and for one attached by
     * id after its removal, when the kernel shows 0 whatever the key was ({@link #keyCleared()}).
     */
    public IpcKey key() {
        return key;
    }

    /** True when it was attached by id after IPC_RMID cleared its key: {@link #key()} is not its key. */
    public boolean keyCleared() {
        return keyCleared;
    }

    /** True once marked for removal: it was when attached, or {@link #destroy()} ran since. */
    public boolean isRemoved() {
        return removed;
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

    /** The attached memory; read-only for a read-only attach. Refused after detach. */
    @Override
    public Memory memory() {
        memory.checkAlive();
        return memory;
    }

    @Override
    public String kind() {
        return "shared memory segment";
    }

    /** {@code shmid 32769}. */
    @Override
    public String label() {
        return "shmid " + shmid;
    }

    /**
     * The key, {@code private} for IPC_PRIVATE, or {@code shmid N} when the key was
     * cleared before this attach (it may not have been private at all).
     */
    @Override
    public String name() {
        return keyCleared ? label() : key.shortName();
    }

    /** {@code key 0x4100c1ab shmid 32769    size 4096       readwrite}, and {@code removed} once it is. */
    @Override
    public String summary() {
        return String.format("key %s shmid %-8d size %-10d %s%s", keyWords(), shmid, size, readOnly ? "readonly" : "readwrite",
                removed ? " removed" : "");
    }

    /** The key in hex, with the note that IPC_RMID cleared it when it did: the same words as {@code stat}. */
    private String keyWords() {
        return key.hex() + (keyCleared ? " (" + SegmentStat.KEY_CLEARED + ")" : "");
    }

    @Override
    public java.util.Optional<String> leftOnHost() {
        SegmentStat s;
        try {
            s = SegmentStat.of(shmid);
        } catch (IpcException e) {
            return java.util.Optional.empty();
        }
        if (s.dest()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("shmid " + shmid + " key " + s.key().hex() + " size " + s.size()
                + " nattch " + s.nattch() + " (remove it from bash: ipcrm -m " + shmid + ")");
    }

    @Override
    public boolean isOpen() {
        return isAttached();
    }

    /** Attaches show its shmid in {@code /proc/PID/maps}. */
    @Override
    public java.util.Optional<Footprint> footprint() {
        return java.util.Optional.of(Footprint.sysvShm(shmid));
    }

    /** {@code shmctl(IPC_STAT)} now. */
    @Override
    public SegmentStat stat() {
        return SegmentStat.of(shmid);
    }

    /** {@code shmctl(IPC_SET)} with new permission bits, keeping the owner. */
    public Segment chmod(int mode) {
        Segments.chmod(shmid, mode);
        return this;
    }

    /**
     * {@code shmdt}. The memory can no longer be reached from Java; the segment itself
     * lives on until destroyed and detached everywhere. Detaching twice is harmless.
     */
    @Override
    public void detach() {
        if (!arena.scope().isAlive()) {
            return;
        }
        memory.checkNoLocksHeld();
        try {
            arena.close();
        } catch (IllegalStateException e) {
            // A thread is inside a call on this memory, such as a blocking sem_wait.
            throw new IpcException.BusyException(
                    "segment shmid=" + shmid + " is in use by another thread (a wait is in progress); cancel it first");
        }
        if (Shm.shmdt(base) == -1) {
            throw ShmErrors.shmdt(shmid, Errno.last());
        }
    }

    /**
     * {@code shmctl(IPC_RMID)}: marks the segment for removal. It is freed once the last
     * process detaches; until then attached processes keep using it and {@code stat}
     * shows it as {@code dest}. This handle stays attached.
     */
    @Override
    public void destroy() {
        Segments.destroy(shmid);
        removed = true;
    }

    /**
     * Reads like {@code stat}: key, shmid, size, access, {@code detached} after
     * {@link #detach()}, {@code removed} after {@link #destroy()} (or when attached removed).
     */
    @Override
    public String toString() {
        return "Segment[key=" + keyWords() + " shmid=" + shmid + " size=" + size + (readOnly ? " readonly" : "")
                + (isAttached() ? "" : " detached") + (removed ? " removed" : "") + "]";
    }
}
