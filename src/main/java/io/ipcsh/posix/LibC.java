package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * FFM bindings to the libc functions ipcsh needs: one {@link MethodHandle} per function,
 * named after it, with its C prototype above it.
 *
 * <p>Every method returns exactly what C returns (-1, {@code (void *) -1}) and leaves the
 * checking to the {@code ipc} layer. errno is captured by the linker on every call into a
 * capture segment of the calling thread, and read back with {@link #errno()} before the
 * thread makes another call. This is the only package that uses restricted FFM methods.
 */
public final class LibC {
    // <sys/ipc.h>, <sys/shm.h> (x86_64 glibc)
    public static final int IPC_PRIVATE = 0;
    public static final int IPC_CREAT = 01000;
    public static final int IPC_EXCL = 02000;
    public static final int IPC_RMID = 0;
    public static final int IPC_SET = 1;
    public static final int IPC_STAT = 2;
    public static final int SHM_RDONLY = 010000;
    public static final int SHM_STAT = 13;
    public static final int SHM_INFO = 14;
    public static final int SHM_STAT_ANY = 15;
    /** Set in {@code shm_perm.mode} once IPC_RMID marked a segment for removal. */
    public static final int SHM_DEST = 01000;
    /** Set in {@code shm_perm.mode} while the segment is locked in memory. */
    public static final int SHM_LOCKED = 02000;
    /** {@code clock_gettime} clock that {@code sem_timedwait} deadlines use. */
    public static final int CLOCK_REALTIME = 0;
    /** {@code sizeof(sem_t)} on x86_64 glibc. */
    public static final long SEM_T_SIZE = 32;
    /** {@code alignof(sem_t)} on x86_64 glibc. */
    public static final long SEM_T_ALIGN = 8;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(
            MemoryLayout.PathElement.groupElement("errno"));
    /**
     * One capture segment per thread: the linker writes errno into it during the call, so
     * a segment shared between threads would mix up their errnos.
     */
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private LibC() {
    }

    /** errno as the calling thread's last call through this class left it. */
    public static int errno() {
        return (int) ERRNO.get(CAPTURE.get(), 0L);
    }

    // key_t ftok(const char *pathname, int proj_id);  https://man7.org/linux/man-pages/man3/ftok.3.html
    private static final MethodHandle FTOK = capturing("ftok", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    public static int ftok(String path, int projId) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) FTOK.invokeExact(CAPTURE.get(), arena.allocateFrom(path), projId);
            if (Trace.enabled()) {
                Trace.call("ftok", r, errno(), '"' + path + '"', projId);
            }
            return r;
        } catch (Throwable t) {
            throw fatal(t);
        }
    }

    // int shmget(key_t key, size_t size, int shmflg);  https://man7.org/linux/man-pages/man2/shmget.2.html
    private static final MethodHandle SHMGET = capturing("shmget", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT));

    public static int shmget(int key, long size, int shmflg) {
        try {
            int r = (int) SHMGET.invokeExact(CAPTURE.get(), key, size, shmflg);
            if (Trace.enabled()) {
                Trace.call("shmget", r, errno(), key == IPC_PRIVATE ? "IPC_PRIVATE" : Trace.hex(key & 0xffffffffL),
                        size, shmgetFlags(shmflg));
            }
            return r;
        } catch (Throwable t) {
            throw fatal(t);
        }
    }

    // void *shmat(int shmid, const void *shmaddr, int shmflg);  https://man7.org/linux/man-pages/man2/shmat.2.html
    private static final MethodHandle SHMAT = capturing("shmat", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));

    /** Returns the zero-length segment C returned; its address is -1 on failure. */
    public static MemorySegment shmat(int shmid, MemorySegment shmaddr, int shmflg) {
        try {
            MemorySegment r = (MemorySegment) SHMAT.invokeExact(CAPTURE.get(), shmid, shmaddr, shmflg);
            if (Trace.enabled()) {
                Trace.pointerCall("shmat", r.address(), errno(), shmid,
                        shmaddr.address() == 0 ? "NULL" : Trace.hex(shmaddr.address()),
                        (shmflg & SHM_RDONLY) != 0 ? "SHM_RDONLY" : "0");
            }
            return r;
        } catch (Throwable t) {
            throw fatal(t);
        }
    }

    // int shmdt(const void *shmaddr);  https://man7.org/linux/man-pages/man2/shmat.2.html
    private static final MethodHandle SHMDT = capturing("shmdt", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    public static int shmdt(MemorySegment shmaddr) {
        try {
            int r = (int) SHMDT.invokeExact(CAPTURE.get(), shmaddr);
            if (Trace.enabled()) {
                Trace.call("shmdt", r, errno(), Trace.hex(shmaddr.address()));
            }
            return r;
        } catch (Throwable t) {
            throw fatal(t);
        }
    }

    // int shmctl(int shmid, int cmd, struct shmid_ds *buf);  https://man7.org/linux/man-pages/man2/shmctl.2.html
    private static final MethodHandle SHMCTL = capturing("shmctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));

    /** {@code buf} is a {@link shmid_ds} (or NULL for IPC_RMID). */
    public static int shmctl(int shmid, int cmd, MemorySegment buf) {
        try {
            int r = (int) SHMCTL.invokeExact(CAPTURE.get(), shmid, cmd, buf);
            if (Trace.enabled()) {
                Trace.call("shmctl", r, errno(), shmid, shmctlCommand(cmd),
                        buf.address() == 0 ? "NULL" : Trace.hex(buf.address()));
            }
            return r;
        } catch (Throwable t) {
            throw fatal(t);
        }
    }

    // int sem_init(sem_t *sem, int pshared, unsigned int value);  https://man7.org/linux/man-pages/man3/sem_init.3.html
    private static final MethodHandle SEM_INIT = capturing("sem_init", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    public static int sem_init(MemorySegment sem, int pshared, int value) {
        try {
            int r = (int) SEM_INIT.invokeExact(CAPTURE.get(), sem, pshared, value);
            if (Trace.enabled()) {
                Trace.call("sem_init", r, errno(), Trace.hex(sem.address()), pshared, Integer.toUnsignedString(value));
            }
            return r;
        } catch (Throwable t) {
            throw fatal(t);
        }
    }

    // int sem_destroy(sem_t *sem);  https://man7.org/linux/man-pages/man3/sem_destroy.3.html
    private static final MethodHandle SEM_DESTROY = capturing("sem_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    public static int sem_destroy(MemorySegment sem) {
        return semCall("sem_destroy", SEM_DESTROY, sem);
    }

    // int sem_wait(sem_t *sem);  https://man7.org/linux/man-pages/man3/sem_wait.3.html
    private static final MethodHandle SEM_WAIT = capturing("sem_wait", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    public static int sem_wait(MemorySegment sem) {
        return semCall("sem_wait", SEM_WAIT, sem);
    }

    // int sem_trywait(sem_t *sem);  https://man7.org/linux/man-pages/man3/sem_wait.3.html
    // Never blocks, so it may skip the thread-state transition (Linker.Option.critical).
    private static final MethodHandle SEM_TRYWAIT = critical("sem_trywait", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    public static int sem_trywait(MemorySegment sem) {
        return semCall("sem_trywait", SEM_TRYWAIT, sem);
    }

    // int sem_timedwait(sem_t *restrict sem, const struct timespec *restrict abs_timeout);
    // https://man7.org/linux/man-pages/man3/sem_wait.3.html
    private static final MethodHandle SEM_TIMEDWAIT = capturing("sem_timedwait", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    /** {@code absTimeout} is a {@link timespec} holding a CLOCK_REALTIME deadline. */
    public static int sem_timedwait(MemorySegment sem, MemorySegment absTimeout) {
        try {
            int r = (int) SEM_TIMEDWAIT.invokeExact(CAPTURE.get(), sem, absTimeout);
            if (Trace.enabled()) {
                Trace.call("sem_timedwait", r, errno(), Trace.hex(sem.address()),
                        "{tv_sec=" + timespec.sec(absTimeout) + ", tv_nsec=" + timespec.nsec(absTimeout) + "}");
            }
            return r;
        } catch (Throwable t) {
            throw fatal(t);
        }
    }

    // int sem_post(sem_t *sem);  https://man7.org/linux/man-pages/man3/sem_post.3.html
    private static final MethodHandle SEM_POST = critical("sem_post", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    public static int sem_post(MemorySegment sem) {
        return semCall("sem_post", SEM_POST, sem);
    }

    // int sem_getvalue(sem_t *restrict sem, int *restrict sval);  https://man7.org/linux/man-pages/man3/sem_getvalue.3.html
    private static final MethodHandle SEM_GETVALUE = critical("sem_getvalue", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    public static int sem_getvalue(MemorySegment sem, MemorySegment sval) {
        try {
            int r = (int) SEM_GETVALUE.invokeExact(CAPTURE.get(), sem, sval);
            if (Trace.enabled()) {
                Trace.call("sem_getvalue", r, errno(), Trace.hex(sem.address()),
                        r == 0 ? "[" + sval.get(JAVA_INT, 0) + "]" : Trace.hex(sval.address()));
            }
            return r;
        } catch (Throwable t) {
            throw fatal(t);
        }
    }

    // int clock_gettime(clockid_t clockid, struct timespec *tp);  https://man7.org/linux/man-pages/man2/clock_gettime.2.html
    private static final MethodHandle CLOCK_GETTIME = capturing("clock_gettime", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));

    /** Not traced: it is bookkeeping for {@code sem_timedwait}, not IPC. */
    public static int clock_gettime(int clockid, MemorySegment tp) {
        try {
            return (int) CLOCK_GETTIME.invokeExact(CAPTURE.get(), clockid, tp);
        } catch (Throwable t) {
            throw fatal(t);
        }
    }

    // char *strerror(int errnum);  https://man7.org/linux/man-pages/man3/strerror.3.html
    private static final MethodHandle STRERROR = LINKER.downcallHandle(find("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    /** The C library's text for {@code errnum}. Not traced. */
    public static String strerror(int errnum) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errnum);
            // strerror returns a zero-length pointer; the text is NUL-terminated and short.
            return text.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            throw fatal(t);
        }
    }

    // pid_t getpid(void); uid_t geteuid(void);  Not traced.
    private static final MethodHandle GETPID = LINKER.downcallHandle(find("getpid"), FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETEUID = LINKER.downcallHandle(find("geteuid"), FunctionDescriptor.of(JAVA_INT));

    public static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw fatal(t);
        }
    }

    public static int geteuid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw fatal(t);
        }
    }

    // int sched_setaffinity(pid_t pid, size_t cpusetsize, const cpu_set_t *mask);
    // https://man7.org/linux/man-pages/man2/sched_setaffinity.2.html
    private static final MethodHandle SCHED_SETAFFINITY = capturing("sched_setaffinity",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));

    /** {@code mask} is a cpu_set_t: a bit per CPU, {@code cpusetsize} bytes long. */
    public static int sched_setaffinity(int pid, long cpusetsize, MemorySegment mask) {
        try {
            int r = (int) SCHED_SETAFFINITY.invokeExact(CAPTURE.get(), pid, cpusetsize, mask);
            if (Trace.enabled()) {
                Trace.call("sched_setaffinity", r, errno(), pid, cpusetsize, Trace.hex(mask.address()));
            }
            return r;
        } catch (Throwable t) {
            throw fatal(t);
        }
    }

    private static int semCall(String name, MethodHandle handle, MemorySegment sem) {
        try {
            int r = (int) handle.invokeExact(CAPTURE.get(), sem);
            if (Trace.enabled()) {
                Trace.call(name, r, errno(), Trace.hex(sem.address()));
            }
            return r;
        } catch (Throwable t) {
            throw fatal(t);
        }
    }

    private static String shmgetFlags(int flags) {
        StringBuilder s = new StringBuilder();
        if ((flags & IPC_CREAT) != 0) {
            s.append("IPC_CREAT|");
        }
        if ((flags & IPC_EXCL) != 0) {
            s.append("IPC_EXCL|");
        }
        return s.append(Trace.octal(flags & 0777)).toString();
    }

    private static String shmctlCommand(int cmd) {
        return switch (cmd) {
            case IPC_RMID -> "IPC_RMID";
            case IPC_SET -> "IPC_SET";
            case IPC_STAT -> "IPC_STAT";
            case SHM_STAT -> "SHM_STAT";
            case SHM_INFO -> "SHM_INFO";
            case SHM_STAT_ANY -> "SHM_STAT_ANY";
            default -> Integer.toString(cmd);
        };
    }

    private static MemorySegment find(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc lacks " + name));
    }

    private static MethodHandle capturing(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(name), descriptor, Linker.Option.captureCallState("errno"));
    }

    private static MethodHandle critical(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(name), descriptor,
                Linker.Option.captureCallState("errno"), Linker.Option.critical(false));
    }

    /** A failed downcall means a wrong binding, never a user error. */
    private static Error fatal(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        return new AssertionError("libc downcall failed", t);
    }

}
