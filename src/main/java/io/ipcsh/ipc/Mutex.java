package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Pthread;
import io.ipcsh.posix.Unistd;
import io.ipcsh.posix.pthread_mutex_t;
import io.ipcsh.posix.timespec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A process-shared {@code pthread_mutex_t} (40 bytes, 8-aligned, x86_64 glibc) at an
 * offset in a {@link Memory}: the same object a C program reaches with
 * {@code pthread_mutex_t *m = (pthread_mutex_t *) (addr + offset)}.
 *
 * <pre>{@code
 * Mutex m = seg.mutex(64).init(true);      // robust, process-shared, error-checking
 * Mutex.Acquired a = m.lock();             // pthread_mutex_timedlock in slices
 * if (a.ownerDied()) {                     // EOWNERDEAD: the last owner died holding it
 *     repair(seg);                         // the data it guarded may be half-written
 *     m.consistent();                      // pthread_mutex_consistent
 * }
 * m.unlock();
 * }</pre>
 *
 * <h2>Robust or not</h2>
 * When the owner of a <em>robust</em> mutex dies, the kernel marks it (FUTEX_OWNER_DIED)
 * and the next {@link #lock()} takes it with EOWNERDEAD: {@link Acquired#ownerDied()}
 * and {@link Acquired#previousOwner()} say so. It stays inconsistent until
 * {@link #consistent()}; unlocking it without that makes it not recoverable
 * (ENOTRECOVERABLE: every lock fails until {@link #init}), as glibc does. A mutex made
 * with {@code init(false)} stays locked by its dead owner for ever: a lock with a timeout
 * runs out, which is the lesson of a plain mutex (or a {@code sem_t}) in shared memory.
 *
 * <h2>Threads</h2>
 * <b>A mutex belongs to the OS thread that locked it</b>, not to the process or to a
 * Java object: {@link #unlock()} and {@link #consistent()} must run on the thread that
 * called {@link #lock()}, or they fail with EPERM. A Java platform thread is one OS
 * thread for its whole life, so use one platform thread per holder; a virtual thread may
 * move between OS threads, and is refused. When the holding thread ends (or the
 * process dies), glibc and the kernel mark a robust mutex owner-died. The shell runs
 * every mutex command of a session on one dedicated thread for this reason.
 *
 * <p>Don't detach or unmap memory while a thread of this process holds a mutex in it:
 * glibc keeps held robust mutexes on a list threaded through the mutexes themselves, and
 * would write into the unmapped page at the next lock. {@link Segment#detach()} refuses
 * then ({@link Memory#checkNoLocksHeld()}).
 *
 * <p>{@link #state()} and nothing else works through a read-only attach.
 */
public final class Mutex {
    /** {@code sizeof(pthread_mutex_t)}. */
    public static final long SIZE = pthread_mutex_t.SIZE;
    /** {@code alignof(pthread_mutex_t)}. */
    public static final long ALIGNMENT = pthread_mutex_t.ALIGN;

    /** A blocking lock sleeps in slices this long, so that an interrupt (Ctrl-C) ends it promptly. */
    private static final long SLICE_NANOS = 100_000_000L;

    private final Memory memory;
    private final long offset;
    private final MemorySegment mutex;

    /** Made by {@link Memory#mutex(long)}, which checked range and alignment. */
    Mutex(MemorySegment mutex, Memory memory, long offset) {
        this.mutex = mutex;
        this.memory = memory;
        this.offset = offset;
    }

    /**
     * How a {@link #lock} ended.
     *
     * @param acquired      this thread holds it now
     * @param ownerDied     taken with EOWNERDEAD: the previous owner died holding it, and
     *                      the mutex is inconsistent until {@link #consistent()}
     * @param previousOwner the dead owner's tid (with {@code ownerDied}), or the live holder's
     *                      tid when the time ran out; 0 when unknown
     */
    public record Acquired(boolean acquired, boolean ownerDied, int previousOwner) {
    }

    /**
     * What glibc's {@code pthread_mutex_t} says now (x86_64 glibc's layout, see
     * {@link pthread_mutex_t}).
     *
     * @param lockWord the futex word {@code __lock}
     * @param owner    {@code __owner}: the holder's tid, the dead holder's tid, or glibc's
     *                 INCONSISTENT / NOTRECOVERABLE marks
     * @param kind     {@code __kind}: type, robust and process-shared bits
     */
    public record State(int lockWord, int owner, int kind) {
        /** Made by {@code pthread_mutex_init} with the process-shared attribute (zeroed memory is not). */
        public boolean processShared() {
            return (kind & pthread_mutex_t.PTHREAD_MUTEX_PSHARED_BIT) != 0;
        }

        /** Robust: an owner's death is noticed. */
        public boolean robust() {
            return (kind & pthread_mutex_t.PTHREAD_MUTEX_ROBUST_NORMAL_NP) != 0;
        }

        /** Someone holds it (for a robust mutex: a live owner, or one that took it after a death). */
        public boolean locked() {
            return robust() ? (lockWord & pthread_mutex_t.FUTEX_TID_MASK) != 0 : lockWord != 0;
        }

        /** The holder's tid, or the dead owner's while {@link #ownerDied()}; 0 if none. */
        public int ownerTid() {
            if (robust()) {
                int tid = lockWord & pthread_mutex_t.FUTEX_TID_MASK;
                return tid != 0 ? tid : ownerDied() ? owner : 0;
            }
            return locked() ? owner : 0;
        }

        /** The owner died holding it and nobody has locked it since: the next lock gets EOWNERDEAD. */
        public boolean ownerDied() {
            return robust() && (lockWord & pthread_mutex_t.FUTEX_OWNER_DIED) != 0
                    && (lockWord & pthread_mutex_t.FUTEX_TID_MASK) == 0;
        }

        /** False from an owner's death until {@link Mutex#consistent()}, and for ever once not recoverable. */
        public boolean consistent() {
            return !ownerDied() && owner != pthread_mutex_t.PTHREAD_MUTEX_INCONSISTENT && recoverable();
        }

        /** False once unlocked without {@link Mutex#consistent()}: every lock fails (ENOTRECOVERABLE). */
        public boolean recoverable() {
            return owner != pthread_mutex_t.PTHREAD_MUTEX_NOTRECOVERABLE;
        }

        /**
         * The futex word says threads may sleep on it (a robust mutex's FUTEX_WAITERS bit; a
         * plain one's word is 2). Only a hint: glibc sets it after EOWNERDEAD whether or not anyone waits.
         */
        public boolean waiters() {
            return robust() ? (lockWord & pthread_mutex_t.FUTEX_WAITERS) != 0 : lockWord == 2;
        }

        /** True while {@link #ownerTid()} is a thread that exists on this host (in this pid namespace). */
        public boolean ownerAlive() {
            int tid = ownerTid();
            return tid > 0 && !ownerDied() && Files.exists(Path.of("/proc", Integer.toString(tid)));
        }

        /** One line, as the shell's {@code mutex state}. */
        @Override
        public String toString() {
            if (!processShared()) {
                return "not a process-shared mutex (zeroed or never initialised: mutex init it)";
            }
            String kindText = robust() ? "robust" : "not robust";
            if (!recoverable()) {
                return "not recoverable (ENOTRECOVERABLE): unlocked without mutex consistent after its owner died; "
                        + kindText + " (mutex init it again)";
            }
            if (ownerDied()) {
                return "free, but its owner (tid " + owner + ") died holding it; " + kindText
                        + "; not consistent: the next lock gets EOWNERDEAD";
            }
            if (!locked()) {
                return "unlocked; " + kindText + "; consistent";
            }
            return "locked by tid " + ownerTid() + (ownerAlive() ? "" : " (no such thread: it died holding it)")
                    + "; " + kindText + "; " + (consistent() ? "consistent" : "not consistent (its owner died; "
                    + "the new owner runs mutex consistent once the data is repaired)");
        }
    }

    /** The memory it lives in. */
    public Memory memory() {
        return memory;
    }

    /** Its byte offset in the memory. */
    public long offset() {
        return offset;
    }

    /** Where it is, for messages: "shmid=32769 offset=64". */
    public String label() {
        return memory.label() + " offset=" + offset;
    }

    /**
     * {@code pthread_mutex_init} with a process-shared, error-checking attribute, robust
     * if asked: the mutex starts unlocked and consistent. Refused while this process holds
     * it or another thread is seen to hold it (re-initialising a held mutex is undefined).
     */
    public Mutex init(boolean robust) {
        MemorySegment m = writable();
        State s = state();
        if (s.processShared() && s.recoverable() && s.locked() && s.ownerAlive()) {
            throw new IpcException.BusyException("the mutex at offset=" + offset + " in " + memory.describe()
                    + " is locked by tid " + s.ownerTid() + ", which is alive: unlock it first");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(pthread_mutex_t.ATTR_SIZE, 4);
            check(Pthread.pthread_mutexattr_init(attr), "pthread_mutexattr_init");
            try {
                check(Pthread.pthread_mutexattr_setpshared(attr, Pthread.PTHREAD_PROCESS_SHARED), "pthread_mutexattr_setpshared");
                check(Pthread.pthread_mutexattr_settype(attr, Pthread.PTHREAD_MUTEX_ERRORCHECK), "pthread_mutexattr_settype");
                check(Pthread.pthread_mutexattr_setrobust(attr, robust ? Pthread.PTHREAD_MUTEX_ROBUST : Pthread.PTHREAD_MUTEX_STALLED),
                        "pthread_mutexattr_setrobust");
                check(Pthread.pthread_mutex_init(m, attr), "pthread_mutex_init");
            } finally {
                Pthread.pthread_mutexattr_destroy(attr);
            }
        }
        memory.lockReleased(offset);
        return this;
    }

    /** Locks it, waiting as long as it takes; an interrupt ends the wait ({@link IpcException.InterruptedIpcException}). */
    public Acquired lock() {
        return lock(null);
    }

    /**
     * Locks it ({@code pthread_mutex_timedlock} in short slices, so an interrupt ends the
     * wait), giving up after {@code timeout} (null: never).
     *
     * @return acquired (perhaps from a dead owner), or not when the time ran out
     * @throws IpcException for ENOTRECOVERABLE, EDEADLK (this thread holds it) and the like
     */
    public Acquired lock(Duration timeout) {
        MemorySegment m = lockable();
        long budget = timeout == null ? Long.MAX_VALUE : Timeouts.budget(timeout);
        long start = System.nanoTime();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment deadline = arena.allocate(timespec.LAYOUT);
            while (true) {
                if (Thread.interrupted()) {
                    throw new IpcException.InterruptedIpcException("lock of the mutex at offset=" + offset + " cancelled");
                }
                // Who holds it before this slice: when it dies meanwhile, EOWNERDEAD names it.
                int before = state().ownerTid();
                long left = budget - (System.nanoTime() - start);
                Timeouts.deadlineIn(deadline, Math.max(0, Math.min(left, SLICE_NANOS)));
                int r = detachedMeanwhile(() -> Pthread.pthread_mutex_timedlock(m, deadline));
                if (r == 0) {
                    memory.lockTaken(offset);
                    return new Acquired(true, false, 0);
                }
                if (r == Errno.EOWNERDEAD.value) {
                    memory.lockTaken(offset);
                    return new Acquired(true, true, before);
                }
                if (r == Errno.ETIMEDOUT.value) {
                    if (left <= SLICE_NANOS) {
                        return new Acquired(false, false, state().ownerTid());
                    }
                    continue;
                }
                if (r != Errno.EINTR.value) {
                    throw failure("pthread_mutex_timedlock", r);
                }
            }
        }
    }

    /** {@code pthread_mutex_trylock}: takes it only if free (or left by a dead owner). */
    public Acquired tryLock() {
        MemorySegment m = lockable();
        int before = state().ownerTid();
        int r = Pthread.pthread_mutex_trylock(m);
        if (r == 0 || r == Errno.EOWNERDEAD.value) {
            memory.lockTaken(offset);
            return new Acquired(true, r != 0, r != 0 ? before : 0);
        }
        if (r == Errno.EBUSY.value) {
            return new Acquired(false, false, state().ownerTid());
        }
        throw failure("pthread_mutex_trylock", r);
    }

    /**
     * {@code pthread_mutex_unlock}, on the thread that locked it. Unlocking a mutex taken
     * from a dead owner without {@link #consistent()} first makes it not recoverable, as
     * glibc does.
     *
     * @return true if that just happened (it was inconsistent), false for a plain unlock
     */
    public boolean unlock() {
        MemorySegment m = lockable();
        boolean inconsistent = state().owner() == pthread_mutex_t.PTHREAD_MUTEX_INCONSISTENT;
        int r = Pthread.pthread_mutex_unlock(m);
        if (r != 0) {
            throw failure("pthread_mutex_unlock", r);
        }
        memory.lockReleased(offset);
        return inconsistent;
    }

    /** {@code pthread_mutex_consistent}: marks a mutex taken with EOWNERDEAD as repaired; only its new owner can. */
    public Mutex consistent() {
        int r = Pthread.pthread_mutex_consistent(lockable());
        if (r != 0) {
            throw failure("pthread_mutex_consistent", r);
        }
        return this;
    }

    /** What its bytes say now; works through a read-only attach. */
    public State state() {
        memory.checkAlive();
        return new State(pthread_mutex_t.lock(mutex), pthread_mutex_t.owner(mutex), pthread_mutex_t.kind(mutex));
    }

    /** The calling thread's tid ({@code gettid}): who {@code state().ownerTid()} is after this thread's lock. */
    public static int currentTid() {
        return Unistd.gettid();
    }

    private MemorySegment writable() {
        memory.checkAlive();
        if (memory.isReadOnly()) {
            throw new IpcException.PermissionDeniedException("the mutex at offset=" + offset + " is in a read-only "
                    + memory.describe() + ": locking writes to it (" + memory.writeHint() + ")");
        }
        if (Thread.currentThread().isVirtual()) {
            throw new IpcException.InvalidArgumentException("a mutex belongs to an OS thread: use it from a platform thread,"
                    + " not a virtual one (which moves between OS threads)");
        }
        return mutex;
    }

    /** The {@code __kind} bits ipcsh locks: a type, robust, process-shared; no priority inheritance or protection. */
    private static final int KNOWN_KIND = pthread_mutex_t.PTHREAD_MUTEX_KIND_MASK_NP
            | pthread_mutex_t.PTHREAD_MUTEX_ROBUST_NORMAL_NP | pthread_mutex_t.PTHREAD_MUTEX_PSHARED_BIT;

    /**
     * Writable, and initialised as a process-shared mutex of a kind it knows: on other
     * bytes glibc could wait for ever on a private futex, or (for what looks like a
     * priority-inheritance mutex) meet kernel errors it answers with abort().
     */
    private MemorySegment lockable() {
        MemorySegment m = writable();
        int kind = state().kind();
        if ((kind & pthread_mutex_t.PTHREAD_MUTEX_PSHARED_BIT) == 0) {
            throw new IpcException.InvalidArgumentException("no process-shared mutex at offset=" + offset + " in "
                    + memory.describe() + " (mutex init it first)");
        }
        if ((kind & ~KNOWN_KIND) != 0) {
            throw new IpcException.InvalidArgumentException("no valid mutex at offset=" + offset + " in " + memory.describe()
                    + ": its kind bits 0x" + Integer.toHexString(kind) + " (at offset=" + (offset + 16) + ") are not a plain or"
                    + " robust process-shared mutex; overwritten? (mutex init it again)");
        }
        return m;
    }

    private void check(int error, String call) {
        if (error != 0) {
            throw failure(call, error);
        }
    }

    private IpcException failure(String call, int error) {
        String where = "the mutex at offset=" + offset + " in " + memory.describe();
        Errno e = Errno.of(error);
        String what = switch (e == null ? Errno.EIO : e) {
            case ENOTRECOVERABLE -> where + " is not recoverable: its owner died and it was unlocked without"
                    + " being made consistent (init it again)";
            case EDEADLK -> "this thread already holds " + where;
            case EPERM -> "this thread does not hold " + where + (state().ownerTid() == 0 ? " (nobody does)"
                    : " (tid " + state().ownerTid() + " does)");
            case EINVAL -> call.equals("pthread_mutex_consistent")
                    ? where + " needs no repair: consistent only follows a lock that found its owner dead"
                    : where + " is not a valid mutex (init it)";
            default -> call + " failed on " + where;
        };
        // pthread functions return the error number instead of setting errno.
        return IpcException.of(call, error, what, null);
    }

    private int detachedMeanwhile(java.util.function.IntSupplier call) {
        try {
            return call.getAsInt();
        } catch (IllegalStateException e) {
            if (memory.isAlive()) {
                throw e;
            }
            throw new IpcException.DetachedException(memory.describe() + " was detached while locking the mutex at offset=" + offset);
        }
    }

    /** Reads like {@code mutex state}. */
    @Override
    public String toString() {
        return "Mutex[" + label() + (memory.isAlive() ? " " + state() : " detached") + "]";
    }
}
