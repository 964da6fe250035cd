package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Ipc;
import io.ipcsh.posix.Sem;
import io.ipcsh.posix.sembuf;
import io.ipcsh.posix.timespec;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A System V semaphore set: {@code semget}, {@code semop}/{@code semtimedop} and
 * {@code semctl}. N counters under one id, changed together by one atomic {@link #semop}.
 *
 * <pre>{@code
 * var set = SemaphoreSet.create(IpcKey.ftok(Path.of("semfile"), 65), 3);
 * set.setAll(1, 0, 0);
 * set.member(0).await();                                   // semop {0, -1, 0}
 * set.semop(List.of(Op.parse("1:+1"), Op.parse("2:+1")));  // both or neither
 * set.member(0, true).await();                             // SEM_UNDO: given back if we die
 * set.stat();                                              // semid_ds and per-member table
 * }</pre>
 *
 * <h2>SEM_UNDO, and why it matters next to {@code sem_t}</h2>
 * A {@code sem_t} is a word in shared memory: if a process dies between its wait and its
 * post, the count stays taken for ever, and no one can tell. An operation with SEM_UNDO
 * is recorded by the kernel per process, and reversed when that process exits, however it
 * exits (even SIGKILL). A lock taken with undo is given back by a crash; that is the one
 * crash recovery a standard semaphore offers.
 *
 * <p>A set has no per-process attach: {@link #detach()} only closes this handle. Waits
 * are sliced ({@link #SLICE_NANOS}) so that {@link Thread#interrupt()} cancels them.
 */
public final class SemaphoreSet implements IpcObject, HasSemaphores {
    /** Mode for sets this library creates unless told otherwise: owner only. */
    public static final int DEFAULT_MODE = 0600;
    /** SEMVMX: the largest value a member may hold (a kernel constant, not a sysctl). */
    public static final int VALUE_MAX = 32767;
    /** A blocking semop sleeps in semtimedop slices this long, so an interrupt ends it promptly. */
    private static final long SLICE_NANOS = 100_000_000L;

    private final IpcKey key;
    private final int semid;
    private final int count;
    private final boolean created;
    private volatile boolean open = true;

    private SemaphoreSet(IpcKey key, int semid, int count, boolean created) {
        this.key = key;
        this.semid = semid;
        this.count = count;
        this.created = created;
    }

    /** The set for {@code key}, creating it with {@code nsems} members and mode 0600 if missing. */
    public static SemaphoreSet create(IpcKey key, int nsems) {
        return get(key, nsems, Segment.Creation.CREATE, DEFAULT_MODE);
    }

    /** As {@link #create(IpcKey, int)}, with permission bits {@code mode}. */
    public static SemaphoreSet create(IpcKey key, int nsems, int mode) {
        return get(key, nsems, Segment.Creation.CREATE, mode);
    }

    /** A new set for {@code key}; {@link IpcException.AlreadyExistsException} if the key is taken. */
    public static SemaphoreSet createNew(IpcKey key, int nsems, int mode) {
        return get(key, nsems, Segment.Creation.CREATE_NEW, mode);
    }

    /** The existing set for {@code key}; its size comes from IPC_STAT. */
    public static SemaphoreSet open(IpcKey key) {
        return get(key, 0, Segment.Creation.OPEN, 0);
    }

    /**
     * The general form: {@code semget(key, nsems, creation flags | mode)}, then IPC_STAT.
     *
     * @param nsems members of a new set (1 to SEMMSL); 0 to open an existing one whatever its size
     */
    public static SemaphoreSet get(IpcKey key, int nsems, Segment.Creation creation, int mode) {
        Modes.check(mode);
        if (nsems < 0) {
            throw new IpcException.InvalidArgumentException("nsems must not be negative: nsems=" + nsems);
        }
        if (creation != Segment.Creation.OPEN && nsems == 0) {
            throw new IpcException.InvalidArgumentException("a new semaphore set needs at least 1 member: nsems=0");
        }
        if (creation == Segment.Creation.OPEN && key.isPrivate()) {
            throw SemErrors.privateKey();
        }
        // IPC_CREAT alone doesn't say whether it made the set: ask with IPC_EXCL first, and
        // open the existing one only if that says EEXIST, so created() is the truth.
        boolean made = creation != Segment.Creation.OPEN;
        int semid = made ? Sem.semget(key.value(), nsems, Ipc.IPC_CREAT | Ipc.IPC_EXCL | mode) : Sem.semget(key.value(), nsems, 0);
        if (semid == -1 && creation == Segment.Creation.CREATE && Errno.EEXIST.is(Errno.last())) {
            made = false;
            semid = Sem.semget(key.value(), nsems, 0);
        }
        if (semid == -1) {
            throw SemErrors.semget(key, nsems, creation, Errno.last());
        }
        SemaphoreSetStat stat;
        try {
            stat = SemaphoreSetStat.of(semid);
        } catch (IpcException e) {
            if (made) {
                // Made it but can't stat it (mode 0200, say): don't leave it behind.
                Sem.semctl(semid, 0, Ipc.IPC_RMID);
            }
            throw e;
        }
        return new SemaphoreSet(key.isPrivate() ? IpcKey.PRIVATE : stat.key(), semid, stat.nsems(), made);
    }

    /** The set with this id, as {@code ipcs -s} lists it (IPC_STAT: needs read permission). */
    public static SemaphoreSet open(int semid) {
        if (semid < 0) {
            throw new IpcException.InvalidArgumentException("semid must not be negative: semid=" + semid);
        }
        SemaphoreSetStat stat = SemaphoreSetStat.of(semid);
        return new SemaphoreSet(stat.key(), semid, stat.nsems(), false);
    }

    /** The key it was found by; IPC_PRIVATE for a private set. */
    public IpcKey key() {
        return key;
    }

    /** The kernel's id, as {@code ipcs -s} shows it. */
    public int semid() {
        return semid;
    }

    /** True if this call made the set (its semget created it); false if it existed. */
    public boolean created() {
        return created;
    }

    /** How many members it has (sem_nsems); fixed for the set's life. */
    public int count() {
        return count;
    }

    /** Member {@code n} as a {@link Waitable}: wait is -1, trywait -1|IPC_NOWAIT, post +1. */
    public Member member(int n) {
        return member(n, false);
    }

    /** Member {@code n}, each of its operations with SEM_UNDO when {@code undo}. */
    public Member member(int n, boolean undo) {
        checkMember(n);
        return new Member(n, undo);
    }

    /** Member {@code where} (0 if empty). */
    @Override
    public Waitable semaphore(OptionalLong where) {
        return semaphore(where, false);
    }

    /** Member {@code where} (0 if empty), with SEM_UNDO when {@code undo}. */
    @Override
    public Waitable semaphore(OptionalLong where, boolean undo) {
        long n = where.orElse(0);
        if (n < 0 || n >= count) {
            throw outOfRange(n);
        }
        return member((int) n, undo);
    }

    /**
     * One operation of a {@link #semop}: add {@code delta} to member {@code member}
     * ({@code -K} takes K, waiting until it can; {@code +K} gives K; {@code 0} waits
     * until the member is zero).
     */
    public record Op(int member, int delta) {
        private static final Pattern FORM = Pattern.compile("(\\d{1,10}):([+-]?\\d{1,10})");

        /** Refuses what a {@code struct sembuf} can't hold. */
        public Op {
            if (member < 0 || member > 0xffff) {
                throw new IpcException.InvalidArgumentException("member out of range: member=" + member);
            }
            if (delta < -VALUE_MAX || delta > VALUE_MAX) {
                throw new IpcException.InvalidArgumentException("operation out of range: " + member + ":" + signed(delta)
                        + " (a member moves by at most SEMVMX=" + VALUE_MAX + ")");
            }
        }

        /** {@code N:-K}, {@code N:+K} or {@code N:0}, such as {@code 0:-1}. */
        public static Op parse(String text) {
            Matcher m = FORM.matcher(text);
            if (!m.matches()) {
                throw new IpcException.InvalidArgumentException("bad operation '" + text
                        + "': use N:-K (take K), N:+K (give K) or N:0 (wait for zero), such as 0:-1");
            }
            long member = Long.parseLong(m.group(1));
            long delta = Long.parseLong(m.group(2));
            if (member > 0xffff) {
                throw new IpcException.InvalidArgumentException("member out of range in '" + text + "': member=" + member);
            }
            if (Math.abs(delta) > VALUE_MAX) {
                throw new IpcException.InvalidArgumentException("operation out of range: '" + text
                        + "' (a member moves by at most SEMVMX=" + VALUE_MAX + ")");
            }
            return new Op((int) member, (int) delta);
        }

        @Override
        public String toString() {
            return member + ":" + signed(delta);
        }

        private static String signed(int delta) {
            return delta > 0 ? "+" + delta : Integer.toString(delta);
        }
    }

    /** {@link #semop(List, boolean, boolean, Duration)} blocking, without undo. */
    public void semop(List<Op> ops) {
        semop(ops, false, false, null);
    }

    /**
     * One atomic {@code semop}: all of {@code ops} happen together, or none (and it waits).
     * Interruptible ({@link IpcException.InterruptedIpcException}).
     *
     * @param undo    SEM_UNDO on every operation: the kernel reverses them when this process exits
     * @param nowait  IPC_NOWAIT: never block
     * @param timeout at most this long ({@code semtimedop}); null waits for ever
     * @return true if done; false if it would block ({@code nowait}) or the time ran out
     */
    public boolean semop(List<Op> ops, boolean undo, boolean nowait, Duration timeout) {
        checkOpen();
        if (ops.isEmpty()) {
            throw new IpcException.InvalidArgumentException("semop needs at least one operation, such as 0:-1");
        }
        for (Op op : ops) {
            checkMember(op.member());
        }
        int flags = (undo ? Sem.SEM_UNDO : 0) | (nowait ? Ipc.IPC_NOWAIT : 0);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sops = sembuf.allocate(arena, ops.size());
            for (int i = 0; i < ops.size(); i++) {
                sembuf.set(sops, i, ops.get(i).member(), ops.get(i).delta(), flags);
            }
            if (nowait) {
                if (Sem.semop(semid, sops, ops.size()) == 0) {
                    return true;
                }
                int errno = Errno.last();
                if (Errno.EAGAIN.is(errno)) {
                    return false;
                }
                throw SemErrors.semop("semop", this, ops, errno);
            }
            MemorySegment slice = arena.allocate(timespec.LAYOUT);
            long budget = timeout == null ? Long.MAX_VALUE : Timeouts.budget(timeout);
            long start = System.nanoTime();
            while (true) {
                if (Thread.interrupted()) {
                    // Clear the flag as sem_wait's cancel does; the caller learns of it from the exception.
                    throw new IpcException.InterruptedIpcException(describe(ops) + " cancelled");
                }
                long left = budget - (System.nanoTime() - start);
                long wait = Math.max(0, Math.min(left, SLICE_NANOS));
                timespec.set(slice, wait / 1_000_000_000L, wait % 1_000_000_000L);
                if (Sem.semtimedop(semid, sops, ops.size(), slice) == 0) {
                    return true;
                }
                int errno = Errno.last();
                if (Errno.EAGAIN.is(errno)) {
                    // semtimedop's time-out is EAGAIN: nothing was done, so the next slice may retry.
                    if (left <= SLICE_NANOS) {
                        return false;
                    }
                } else if (!Errno.EINTR.is(errno)) {
                    throw SemErrors.semop("semtimedop", this, ops, errno);
                }
            }
        }
    }

    /** "wait on semid 5 member 0", "semop 0:-1 1:+1 on semid 5". */
    private String describe(List<Op> ops) {
        if (ops.size() == 1 && ops.get(0).delta() < 0) {
            return "wait on semid " + semid + " member " + ops.get(0).member();
        }
        StringBuilder s = new StringBuilder("semop");
        ops.forEach(op -> s.append(' ').append(op));
        return s.append(" on semid ").append(semid).toString();
    }

    /** {@code semctl(semid, n, GETVAL)}. */
    public int value(int n) {
        return ctl(n, Sem.GETVAL, "GETVAL");
    }

    /** {@code semctl(semid, n, GETNCNT)}: processes waiting for member {@code n} to grow. */
    public int ncount(int n) {
        return ctl(n, Sem.GETNCNT, "GETNCNT");
    }

    /** {@code semctl(semid, n, GETZCNT)}: processes waiting for member {@code n} to be zero. */
    public int zcount(int n) {
        return ctl(n, Sem.GETZCNT, "GETZCNT");
    }

    /** {@code semctl(semid, n, GETPID)}: the pid of the last semop on member {@code n}, 0 if none. */
    public int pid(int n) {
        return ctl(n, Sem.GETPID, "GETPID");
    }

    private int ctl(int n, int cmd, String name) {
        checkOpen();
        checkMember(n);
        int r = Sem.semctl(semid, n, cmd);
        if (r == -1) {
            throw SemErrors.semctl(name, this, Errno.last());
        }
        return r;
    }

    /** {@code semctl(semid, n, SETVAL, value)}: 0 to SEMVMX; clears every process's undo for it. */
    public SemaphoreSet setValue(int n, int value) {
        checkOpen();
        checkMember(n);
        checkValue(value);
        if (Sem.semctl(semid, n, Sem.SETVAL, value) == -1) {
            throw SemErrors.semctl("SETVAL", this, Errno.last());
        }
        return this;
    }

    /** {@code semctl(semid, 0, SETALL, values)}: one value per member, each 0 to SEMVMX. */
    public SemaphoreSet setAll(int... values) {
        checkOpen();
        if (values.length != count) {
            throw new IpcException.InvalidArgumentException("setall needs " + count + " value" + (count == 1 ? "" : "s")
                    + " for semid=" + semid + ", one per member: got " + values.length);
        }
        for (int v : values) {
            checkValue(v);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(ValueLayout.JAVA_SHORT, count);
            for (int i = 0; i < count; i++) {
                array.setAtIndex(ValueLayout.JAVA_SHORT, i, (short) values[i]);
            }
            if (Sem.semctl(semid, 0, Sem.SETALL, array) == -1) {
                throw SemErrors.semctl("SETALL", this, Errno.last());
            }
        }
        return this;
    }

    /** {@code semctl(semid, 0, GETALL, array)}: every member's value. */
    public int[] values() {
        checkOpen();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment array = arena.allocate(ValueLayout.JAVA_SHORT, count);
            if (Sem.semctl(semid, 0, Sem.GETALL, array) == -1) {
                throw SemErrors.semctl("GETALL", this, Errno.last());
            }
            int[] v = new int[count];
            for (int i = 0; i < count; i++) {
                v[i] = Short.toUnsignedInt(array.getAtIndex(ValueLayout.JAVA_SHORT, i));
            }
            return v;
        }
    }

    private void checkMember(long n) {
        if (n < 0 || n >= count) {
            throw outOfRange(n);
        }
    }

    private IpcException outOfRange(long n) {
        return new IpcException.InvalidArgumentException("member out of range: member=" + n + " nsems=" + count
                + " (semid=" + semid + " has member" + (count == 1 ? " 0" : "s 0 to " + (count - 1)) + ")");
    }

    private static void checkValue(int value) {
        if (value < 0 || value > VALUE_MAX) {
            throw new IpcException.InvalidArgumentException("value out of range: value=" + value
                    + " (use 0 to SEMVMX=" + VALUE_MAX + ")");
        }
    }

    private void checkOpen() {
        if (!open) {
            throw new IpcException.DetachedException("semaphore set semid=" + semid + " was detached from this handle"
                    + " (open it again)");
        }
    }

    @Override
    public String kind() {
        return "semaphore set";
    }

    /** {@code semid 5}. */
    @Override
    public String label() {
        return "semid " + semid;
    }

    /** The key, or {@code private}. */
    @Override
    public String name() {
        return key.shortName();
    }

    @Override
    public String summary() {
        return String.format("key %s semid %-8d nsems %d", key.hex(), semid, count);
    }

    @Override
    public Optional<String> leftOnHost() {
        SemaphoreSetStat s;
        try {
            s = SemaphoreSetStat.of(semid);
        } catch (IpcException e) {
            return Optional.empty();
        }
        return Optional.of("semid " + semid + " key " + s.key().hex() + " nsems " + s.nsems()
                + " (semset --id " + semid + "; destroy removes it)");
    }

    /** {@code semctl(IPC_STAT)} and, per member, GETVAL, GETNCNT, GETZCNT and GETPID, as {@code ipcs -s -i}. */
    @Override
    public SemaphoreSetStat stat() {
        return SemaphoreSetStat.withMembers(semid);
    }

    /**
     * {@code semctl(semid, 0, IPC_RMID)}: removed at once. Every process blocked in a
     * semop on it wakes with EIDRM ({@link IpcException.RemovedException}).
     */
    @Override
    public void destroy() {
        if (Sem.semctl(semid, 0, Ipc.IPC_RMID) == -1) {
            throw SemErrors.destroy(semid, Errno.last());
        }
    }

    /** Closes this handle; a set has no per-process attach, and SEM_UNDO records live until exit. */
    @Override
    public void detach() {
        open = false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Reads like {@code stat}: key, semid, nsems, the values now (or that it is gone). */
    @Override
    public String toString() {
        String values;
        try {
            int[] v = values();
            List<String> text = new ArrayList<>();
            for (int x : v) {
                text.add(Integer.toString(x));
            }
            values = " values=" + String.join(",", text);
        } catch (IpcException e) {
            values = open ? " (removed)" : " detached";
        }
        return "SemaphoreSet[key=" + key.hex() + " semid=" + semid + " nsems=" + count + values + "]";
    }

    /**
     * One member of the set, as a {@link Waitable}: {@link #await()} is {@code {n, -1}},
     * {@link #tryAcquire()} adds IPC_NOWAIT, {@link #post()} is {@code {n, +1}}; each with
     * SEM_UNDO when made so.
     */
    public final class Member implements Waitable {
        private final int index;
        private final boolean undo;

        private Member(int index, boolean undo) {
            this.index = index;
            this.undo = undo;
        }

        /** The set it belongs to. */
        public SemaphoreSet set() {
            return SemaphoreSet.this;
        }

        /** Its member number, 0 to nsems-1. */
        public int index() {
            return index;
        }

        /** True if its operations carry SEM_UNDO. */
        public boolean undo() {
            return undo;
        }

        /** {@code semid 5 member 2}. */
        @Override
        public String label() {
            return "semid " + semid + " member " + index;
        }

        /** As {@link #label()}: "waiting on semid 5 member 2". */
        @Override
        public String describe() {
            return label();
        }

        @Override
        public void await() {
            semop(List.of(new Op(index, -1)), undo, false, null);
        }

        @Override
        public boolean await(Duration timeout) {
            return semop(List.of(new Op(index, -1)), undo, false, timeout);
        }

        @Override
        public boolean tryAcquire() {
            return semop(List.of(new Op(index, -1)), undo, true, null);
        }

        /** {@code {n, +1}}; fails with ERANGE at SEMVMX. */
        @Override
        public Member post() {
            semop(List.of(new Op(index, 1)), undo, true, null);
            return this;
        }

        @Override
        public int value() {
            return SemaphoreSet.this.value(index);
        }

        /** GETNCNT: processes blocked waiting for this member to grow. */
        @Override
        public int waiters() {
            return ncount(index);
        }

        @Override
        public String toString() {
            return "SemaphoreSet.Member[semid=" + semid + " member=" + index + (undo ? " undo" : "") + "]";
        }
    }
}
