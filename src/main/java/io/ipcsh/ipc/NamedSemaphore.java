package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Fcntl;
import io.ipcsh.posix.Pointers;
import io.ipcsh.posix.SysStat;
import io.ipcsh.posix.Semaphores;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A POSIX named semaphore: {@code sem_open}. glibc keeps it as the file
 * {@code /dev/shm/sem.NAME} and maps it; the {@code sem_t} it returns is waited on and
 * posted by the same {@link Semaphore} code as a {@code sem_t} in shared memory (100 ms
 * {@code sem_timedwait} slices, so an interrupt ends a wait).
 *
 * <pre>{@code
 * var jobs = NamedSemaphore.create(PosixName.of("/jobs"), 0);   // sem_open(O_CREAT, 0600, 0)
 * jobs.post();                                                // sem_post
 * jobs.await(Duration.ofSeconds(2));                          // sem_timedwait: true if taken
 * jobs.value();                                               // sem_getvalue
 * jobs.close();                                               // sem_close
 * jobs.destroy();                                             // sem_unlink
 * }</pre>
 *
 * <p>It is one counter: {@link #semaphore(OptionalLong)} refuses an offset.
 */
public final class NamedSemaphore implements IpcObject, HasSemaphores, Waitable {
    /** Mode for semaphores this library creates unless told otherwise: owner only. */
    public static final int DEFAULT_MODE = 0600;

    private final PosixName name;
    private final MemorySegment pointer;
    private final Arena arena;
    private final Semaphore semaphore;
    /** The file as it was at sem_open, for stat once it is unlinked; null if it could not be read. */
    private final PosixFile opened;
    private final Footprint.File file;
    private final boolean created;
    private boolean closed;

    private NamedSemaphore(PosixName name, MemorySegment pointer, PosixFile opened, boolean created) {
        this.name = name;
        this.pointer = pointer;
        this.opened = opened;
        this.file = opened == null ? null : opened.id();
        this.created = created;
        this.arena = Arena.ofShared();
        MemorySegment sem = Pointers.sized(pointer, Semaphore.SIZE, arena);
        Memory memory = new Memory("semaphore", name.value(), sem, false, IpcException.Advice.ATTACH_READ_WRITE, "sem open it again");
        this.semaphore = Semaphore.named(sem, memory, name);
    }

    /** Opens {@code name}, creating it with {@code value} and mode 0600 if missing. */
    public static NamedSemaphore create(PosixName name, int value) {
        return open(name, Segment.Creation.CREATE, DEFAULT_MODE, value);
    }

    /** As {@link #create(PosixName, int)}, with permission bits {@code mode}. */
    public static NamedSemaphore create(PosixName name, int value, int mode) {
        return open(name, Segment.Creation.CREATE, mode, value);
    }

    /** Creates {@code name}, failing with {@link IpcException.AlreadyExistsException} if it exists. */
    public static NamedSemaphore createNew(PosixName name, int value, int mode) {
        return open(name, Segment.Creation.CREATE_NEW, mode, value);
    }

    /** Opens the existing {@code name}. */
    public static NamedSemaphore open(PosixName name) {
        return open(name, Segment.Creation.OPEN, 0, 0);
    }

    /**
     * The general form: {@code sem_open(name, flags, mode, value)}. With
     * {@link Segment.Creation#CREATE} it tries {@code O_CREAT|O_EXCL} first, so that it knows
     * whether it made the semaphore (and sets its mode exactly, whatever the umask, only
     * then), and opens the existing one on EEXIST, whose value it leaves alone.
     */
    public static NamedSemaphore open(PosixName name, Segment.Creation creation, int mode, int value) {
        Modes.check(mode);
        if (value < 0) {
            throw new IpcException.InvalidArgumentException(
                    "semaphore value out of range: value=" + Integer.toUnsignedString(value) + " (use 0 to " + Semaphore.VALUE_MAX + ")");
        }
        boolean made = false;
        MemorySegment p = MemorySegment.NULL;
        for (int attempt = 0; p.address() == Semaphores.SEM_FAILED; attempt++) {
            if (creation != Segment.Creation.OPEN) {
                p = Semaphores.sem_open(name.value(), Fcntl.O_CREAT | Fcntl.O_EXCL, mode, value);
                if (p.address() != Semaphores.SEM_FAILED) {
                    made = true;
                    break;
                }
                int errno = Errno.last();
                if (creation == Segment.Creation.CREATE_NEW || !Errno.EEXIST.is(errno)) {
                    throw openFailure(name, errno);
                }
            }
            p = Semaphores.sem_open(name.value(), 0);
            if (p.address() == Semaphores.SEM_FAILED) {
                int errno = Errno.last();
                if (creation == Segment.Creation.OPEN || !Errno.ENOENT.is(errno) || attempt == 3) {
                    throw openFailure(name, errno);
                }
            }
        }
        Optional<PosixFile> f = PosixFile.at(name.semaphorePath());
        if (made && f.isPresent() && f.get().mode() != mode) {
            // sem_open's mode went through the umask; give it what was asked for.
            if (SysStat.chmod(name.semaphorePath().toString(), mode) == -1) {
                int errno = Errno.last();
                Semaphores.sem_close(p);
                Semaphores.sem_unlink(name.value());
                throw IpcException.of("chmod", errno, "cannot set mode " + String.format("%04o", mode) + " on " + name, null);
            }
            f = PosixFile.at(name.semaphorePath());
        }
        return new NamedSemaphore(name, p, f.orElse(null), made);
    }

    /** The error table for sem_open. */
    private static IpcException openFailure(PosixName name, int errno) {
        Errno e = Errno.of(errno);
        String what = "named semaphore " + name;
        if (e == null) {
            return IpcException.of("sem_open", errno, "sem_open failed for " + name, null);
        }
        return switch (e) {
            case ENOENT -> IpcException.advising("sem_open", errno, "no " + what, IpcException.Advice.SEM_CREATE_FIRST);
            case EEXIST -> IpcException.advising("sem_open", errno, what + " already exists",
                    IpcException.Advice.NAME_OPEN_OR_DESTROY);
            case EACCES -> IpcException.of("sem_open", errno, "permission denied on " + what
                    + PosixFile.at(name.semaphorePath()).map(f -> " " + f.ownerText()).orElse(""), "ask its owner for access");
            case EINVAL -> IpcException.of("sem_open", errno, "sem_open refused " + name
                    + " (a value above " + Semaphore.VALUE_MAX + ", or a name glibc can't take)", null);
            case ENAMETOOLONG -> IpcException.of("sem_open", errno, "glibc refuses the name " + name
                    + ": sem." + name.bare() + " is too long for a file name", "use a shorter /NAME");
            case EMFILE, ENFILE -> IpcException.of("sem_open", errno, "too many open files to open " + name, "close some descriptors");
            default -> IpcException.of("sem_open", errno, "sem_open failed for " + name, null);
        };
    }

    /** {@code sem_unlink(name)}: removes the name now; processes that have it open keep using it. */
    public static void unlink(PosixName name) {
        if (Semaphores.sem_unlink(name.value()) == -1) {
            throw name.unlinkFailure("sem_unlink", Errno.last(), "named semaphore");
        }
    }

    /** Its name, {@code /jobs}. */
    public PosixName posixName() {
        return name;
    }

    /** True if this open made it (O_CREAT|O_EXCL succeeded). */
    public boolean created() {
        return created;
    }

    /** The {@code sem_t} itself, for the spinning waits of {@link Semaphore}. Refused after close. */
    public Semaphore semaphore() {
        checkOpen();
        return semaphore;
    }

    /** It is one counter: no OFFSET or member number. */
    @Override
    public Waitable semaphore(OptionalLong where) {
        if (where.isPresent()) {
            throw new IpcException.InvalidArgumentException("the named semaphore " + name
                    + " is one counter: give no OFFSET (" + where.getAsLong() + ")");
        }
        return this;
    }

    @Override
    public Waitable semaphore(OptionalLong where, boolean undo) {
        if (undo) {
            throw new IpcException.InvalidArgumentException("--undo needs a SysV semaphore set; a named semaphore has no undo");
        }
        return semaphore(where);
    }

    @Override
    public String describe() {
        return semaphore.describe();
    }

    @Override
    public void await() {
        semaphore.await();
    }

    @Override
    public boolean await(Duration timeout) {
        return semaphore.await(timeout);
    }

    @Override
    public boolean tryAcquire() {
        return semaphore.tryAcquire();
    }

    @Override
    public NamedSemaphore post() {
        semaphore.post();
        return this;
    }

    @Override
    public int value() {
        return semaphore.value();
    }

    /** Threads blocked on it now, in every process (glibc's count; see {@link Semaphore#waiters()}). */
    public int waiters() {
        return semaphore.waiters();
    }

    @Override
    public String kind() {
        return "named semaphore";
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
        return String.format("posix %-19s semaphore%s", name, closed ? "" : " value " + value());
    }

    @Override
    public Optional<String> leftOnHost() {
        return PosixFile.at(name.semaphorePath()).filter(f -> file == null || f.sameFile(file))
                .map(f -> "named semaphore " + name + " (sem open " + name + ", then destroy, removes it)");
    }

    /** The file glibc maps for it, by device and inode: what {@code who} looks for in /proc. */
    @Override
    public Optional<Footprint> footprint() {
        return Optional.ofNullable(file);
    }

    @Override
    public synchronized boolean isOpen() {
        return !closed;
    }

    /**
     * Its value (while open), waiters, and what the file {@code /dev/shm/sem.NAME} says:
     * mode, owner, times, and how many processes map it.
     */
    @Override
    public synchronized NamedSemaphoreStat stat() {
        Optional<PosixFile> f = PosixFile.at(name.semaphorePath()).filter(x -> file == null || x.sameFile(file));
        if (f.isEmpty() && closed) {
            throw new IpcException.NotFoundException("no named semaphore " + name
                    + ": it was removed (and this handle is closed)", null, -1);
        }
        Integer value = closed ? null : value();
        Integer waiters = closed ? null : waiters();
        Holders held = file == null ? null : Holders.of(file);
        long nattch = held == null ? 0 : held.count();
        int unreadable = held == null ? 0 : held.unreadable();
        if (f.isEmpty()) {
            // Unlinked while we hold it: what it was when opened, marked removed.
            return NamedSemaphoreStat.removed(name, opened, value, waiters, nattch, unreadable);
        }
        return NamedSemaphoreStat.of(name, f.get(), value, waiters, nattch, unreadable);
    }

    /** {@code sem_close}: this process lets go of it; it lives on until destroyed. Twice is harmless. */
    @Override
    public synchronized void detach() {
        if (closed) {
            return;
        }
        try {
            arena.close();
        } catch (IllegalStateException e) {
            throw new IpcException.BusyException(
                    "semaphore " + name + " is in use by another thread (a wait is in progress); cancel it first");
        }
        closed = true;
        if (Semaphores.sem_close(pointer) == -1) {
            throw IpcException.of("sem_close", Errno.last(), "sem_close failed for " + name, null);
        }
    }

    /** {@code sem_unlink}: the name goes now; the semaphore when the last process closes it. */
    @Override
    public void destroy() {
        unlink(name);
    }

    private void checkOpen() {
        if (!isOpen()) {
            throw new IpcException.DetachedException("semaphore " + name + " is closed in this process (sem open it again)");
        }
    }

    /** Reads like {@code stat}: name, value, waiters, mode, who maps it. */
    @Override
    public String toString() {
        if (!isOpen()) {
            return "NamedSemaphore[" + name + " closed]";
        }
        NamedSemaphoreStat s = stat();
        return "NamedSemaphore[" + name + " value=" + s.value() + " waiters=" + s.waiters()
                + (s.removed() ? " removed" : " mode=" + s.modeOctal() + " nattch=" + s.nattch()) + "]";
    }
}
