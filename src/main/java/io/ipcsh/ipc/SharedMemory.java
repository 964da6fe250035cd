package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Fcntl;
import io.ipcsh.posix.Mman;
import io.ipcsh.posix.Pointers;
import io.ipcsh.posix.SysStat;
import io.ipcsh.posix.Unistd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * POSIX shared memory mapped into this process: {@code shm_open} (+ {@code ftruncate} when
 * it creates) + {@code mmap(MAP_SHARED)}. glibc keeps it as the file {@code /dev/shm/NAME}.
 * Its bytes are a {@link Memory}, so everything a SysV {@link Segment} offers works on it
 * unchanged: typed access, atomics, {@code sem_t}s at offsets, the demo channel.
 *
 * <pre>{@code
 * var shm = SharedMemory.create(PosixName.of("/jobs"), 4096);   // shm_open(O_CREAT), ftruncate, mmap
 * shm.putInt(0, 42);
 * shm.semaphore(64).init(0).post();
 * shm.stat();                                                 // fstat, and who maps it
 * shm.detach();                                               // munmap + close
 * shm.destroy();                                              // shm_unlink
 * }</pre>
 *
 * <p>The descriptor stays open while it is mapped, for {@code fstat}; {@link #detach()}
 * closes both. After {@link #destroy()} the name is gone at once, and the memory lives until
 * the last process unmaps it.
 */
public final class SharedMemory implements IpcObject, HoldsMemory {
    /** Mode for objects this library creates unless told otherwise: owner only. */
    public static final int DEFAULT_MODE = 0600;

    private final PosixName name;
    private final int fd;
    private final long size;
    private final boolean readOnly;
    private final Footprint.File file;
    private final Arena arena;
    private final MemorySegment base;
    private final Memory memory;
    private final boolean created;
    private boolean closed;

    private SharedMemory(PosixName name, int fd, long size, boolean readOnly, Footprint.File file, Arena arena,
                         MemorySegment base, boolean created) {
        this.name = name;
        this.fd = fd;
        this.size = size;
        this.readOnly = readOnly;
        this.file = file;
        this.arena = arena;
        this.base = base;
        this.created = created;
        this.memory = new Memory("mapping", name.value(), Pointers.sized(base, size, arena), readOnly,
                IpcException.Advice.ATTACH_READ_WRITE);
    }

    /** Maps {@code name}, creating it with {@code size} bytes and mode 0600 if missing. */
    public static SharedMemory create(PosixName name, long size) {
        return attach(name, size, Segment.Creation.CREATE, DEFAULT_MODE, false);
    }

    /** As {@link #create(PosixName, long)}, with permission bits {@code mode} (such as 0640). */
    public static SharedMemory create(PosixName name, long size, int mode) {
        return attach(name, size, Segment.Creation.CREATE, mode, false);
    }

    /** Creates {@code name}, failing with {@link IpcException.AlreadyExistsException} if it exists. */
    public static SharedMemory createNew(PosixName name, long size, int mode) {
        return attach(name, size, Segment.Creation.CREATE_NEW, mode, false);
    }

    /** Maps the existing {@code name} read-write, whole; its size comes from {@code fstat}. */
    public static SharedMemory open(PosixName name) {
        return attach(name, 0, Segment.Creation.OPEN, 0, false);
    }

    /** Maps the existing {@code name} read-only (O_RDONLY, PROT_READ): every write is refused in Java. */
    public static SharedMemory openReadOnly(PosixName name) {
        return attach(name, 0, Segment.Creation.OPEN, 0, true);
    }

    /**
     * The general form. With {@link Segment.Creation#CREATE} it first tries
     * {@code O_CREAT|O_EXCL}, so that it knows whether it made the object (and sets its size
     * and mode only then), and opens the existing one on EEXIST.
     *
     * @param size bytes for a new object; for an existing one, the least it must have (0: any)
     * @param mode permission bits for a new object, 0 to 0777; set exactly (fchmod), whatever the umask
     */
    public static SharedMemory attach(PosixName name, long size, Segment.Creation creation, int mode, boolean readOnly) {
        if (size < 0) {
            throw new IpcException.InvalidArgumentException("size must not be negative: size=" + size);
        }
        Modes.check(mode);
        if (creation != Segment.Creation.OPEN && size == 0) {
            throw new IpcException.InvalidArgumentException("size must be at least 1 to create " + name + ": size=0");
        }
        if (creation != Segment.Creation.OPEN && readOnly) {
            throw new IpcException.InvalidArgumentException("cannot create " + name
                    + " read-only: ftruncate needs a writable descriptor (create it read-write first, then open it read-only)");
        }
        int access = readOnly ? Fcntl.O_RDONLY : Fcntl.O_RDWR;
        boolean made = false;
        int fd = -1;
        for (int attempt = 0; fd == -1; attempt++) {
            if (creation != Segment.Creation.OPEN) {
                fd = Mman.shm_open(name.value(), access | Fcntl.O_CREAT | Fcntl.O_EXCL, mode);
                if (fd != -1) {
                    made = true;
                    break;
                }
                int errno = Errno.last();
                if (creation == Segment.Creation.CREATE_NEW || !Errno.EEXIST.is(errno)) {
                    throw openFailure(name, size, errno);
                }
            }
            fd = Mman.shm_open(name.value(), access, 0);
            if (fd == -1) {
                int errno = Errno.last();
                // Removed between our two calls: make it after all (a few times at most).
                if (creation == Segment.Creation.OPEN || !Errno.ENOENT.is(errno) || attempt == 3) {
                    throw openFailure(name, size, errno);
                }
            }
        }
        try {
            if (made) {
                if (SysStat.fchmod(fd, mode) == -1) {
                    throw IpcException.of("fchmod", Errno.last(), "cannot set mode " + String.format("%04o", mode) + " on " + name, null);
                }
                if (Unistd.ftruncate(fd, size) == -1) {
                    int errno = Errno.last();
                    throw IpcException.of("ftruncate", errno, "cannot make " + name + " size=" + size,
                            Errno.EFBIG.is(errno) || Errno.EINVAL.is(errno) ? "ask for less" : "see df /dev/shm");
                }
            }
            PosixFile f = PosixFile.fstat(fd, name.shmPath());
            if (f.size() < size) {
                throw IpcException.invalid("the POSIX shared memory " + name + " has size=" + f.size()
                        + ", smaller than the size=" + size + " asked for", IpcException.Advice.TAKE_EXISTING_SIZE);
            }
            if (f.size() == 0) {
                throw new IpcException.InvalidArgumentException("the POSIX shared memory " + name
                        + " has size=0: nothing to map (its creator has not set its size with ftruncate yet)");
            }
            int prot = readOnly ? Mman.PROT_READ : Mman.PROT_READ | Mman.PROT_WRITE;
            MemorySegment base = Mman.mmap(MemorySegment.NULL, f.size(), prot, Mman.MAP_SHARED, fd, 0);
            if (base.address() == Mman.MAP_FAILED) {
                int errno = Errno.last();
                throw IpcException.of("mmap", errno, "cannot map " + name + " size=" + f.size(),
                        Errno.ENOMEM.is(errno) ? "not enough address space or memory" : null);
            }
            return new SharedMemory(name, fd, f.size(), readOnly, f.id(), Arena.ofShared(), base, made);
        } catch (IpcException e) {
            Unistd.close(fd);
            if (made) {
                // Made it but could not map it: do not leave it behind.
                Mman.shm_unlink(name.value());
            }
            throw e;
        }
    }

    /** The error table for shm_open (after sysv_ipc's: one domain error per errno, naming the object). */
    private static IpcException openFailure(PosixName name, long size, int errno) {
        Errno e = Errno.of(errno);
        String what = "POSIX shared memory " + name;
        if (e == null) {
            return IpcException.of("shm_open", errno, "shm_open failed for " + name, null);
        }
        return switch (e) {
            case ENOENT -> IpcException.advising("shm_open", errno, "no " + what, IpcException.Advice.SHM_CREATE_FIRST);
            case EEXIST -> IpcException.advising("shm_open", errno, what + " already exists",
                    IpcException.Advice.NAME_OPEN_OR_DESTROY);
            case EACCES -> IpcException.advising("shm_open", errno, "permission denied on " + what
                    + PosixFile.at(name.shmPath()).map(f -> " " + f.ownerText()).orElse(""),
                    IpcException.Advice.ASK_OWNER_OR_READ_ONLY);
            case EINVAL, ENAMETOOLONG -> IpcException.of("shm_open", errno, "glibc refuses the name " + name, "use a shorter /NAME");
            case EMFILE, ENFILE -> IpcException.of("shm_open", errno, "too many open files to open " + name,
                    "close some descriptors");
            default -> IpcException.of("shm_open", errno, "shm_open failed for " + name, null);
        };
    }

    /**
     * {@code shm_unlink(name)}: removes the name at once; the memory is freed when the last
     * process unmaps it. What {@code destroy --name /NAME} does, without a handle.
     */
    public static void unlink(PosixName name) {
        if (Mman.shm_unlink(name.value()) == -1) {
            throw name.unlinkFailure("shm_unlink", Errno.last(), "POSIX shared memory");
        }
    }

    /** Its name, {@code /jobs}. */
    public PosixName posixName() {
        return name;
    }

    /** Its size in bytes, from {@code fstat} when it was mapped. */
    public long size() {
        return size;
    }

    /** True if mapped read-only. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** True if this attach made it (O_CREAT|O_EXCL succeeded). */
    public boolean created() {
        return created;
    }

    @Override
    public Memory memory() {
        memory.checkAlive();
        return memory;
    }

    @Override
    public String kind() {
        return "POSIX shared memory";
    }

    /** {@code /jobs}. */
    @Override
    public String label() {
        return name.value();
    }

    @Override
    public String name() {
        return name.value();
    }

    @Override
    public String summary() {
        return String.format("posix %-19s size %-10d %s", name, size, readOnly ? "readonly" : "readwrite");
    }

    /** Still there if {@code /dev/shm/NAME} is the very file this handle mapped. */
    @Override
    public Optional<String> leftOnHost() {
        return PosixFile.at(name.shmPath()).filter(f -> f.sameFile(file))
                .map(f -> "POSIX shared memory " + name + " size " + f.size() + " (destroy --name " + name + " removes it)");
    }

    /** The file this handle maps, by device and inode: what {@code who} looks for in /proc. */
    @Override
    public Optional<Footprint> footprint() {
        return Optional.of(file);
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed;
    }

    /**
     * {@code fstat} on its descriptor while mapped (the object even after an unlink, shown as
     * removed); after a detach, the file now under its name. Plus how many processes map it.
     */
    @Override
    public synchronized SharedMemoryStat stat() {
        PosixFile f;
        if (!closed) {
            f = PosixFile.fstat(fd, name.shmPath());
        } else {
            f = PosixFile.at(name.shmPath()).orElseThrow(() -> new IpcException.NotFoundException(
                    "no POSIX shared memory " + name + ": it was removed (and this handle is detached)", null, -1));
        }
        return SharedMemoryStat.of(name, f, Holders.of(f.id()));
    }

    /**
     * {@code munmap} then {@code close}. The memory can no longer be reached from Java; the
     * object lives on until destroyed. Twice is harmless.
     */
    @Override
    public synchronized void detach() {
        if (closed) {
            return;
        }
        // glibc writes into a robust mutex this process holds at its next lock: not after munmap.
        memory.checkNoLocksHeld();
        try {
            arena.close();
        } catch (IllegalStateException e) {
            throw new IpcException.BusyException(
                    "mapping " + name + " is in use by another thread (a wait is in progress); cancel it first");
        }
        closed = true;
        int unmapped = Mman.munmap(base, size);
        int unmapErrno = Errno.last();
        int closedFd = Unistd.close(fd);
        if (unmapped == -1) {
            throw IpcException.of("munmap", unmapErrno, "detach failed for " + name, null);
        }
        if (closedFd == -1) {
            throw IpcException.of("close", Errno.last(), "closing the descriptor of " + name + " failed", null);
        }
    }

    /** {@code shm_unlink}: the name goes now; the memory at the last munmap. This handle stays mapped. */
    @Override
    public void destroy() {
        unlink(name);
    }

    /** Reads like {@code stat}: name, size, mode, mappers, access, and mapped or not. */
    @Override
    public String toString() {
        String facts = "";
        try {
            SharedMemoryStat s = stat();
            facts = " mode=" + s.modeOctal() + " nattch=" + s.nattch() + (s.removed() ? " removed" : "");
        } catch (IpcException e) {
            facts = " removed";
        }
        return "SharedMemory[" + name + " size=" + size + facts + (readOnly ? " readonly" : "") + (isOpen() ? "" : " detached") + "]";
    }
}
