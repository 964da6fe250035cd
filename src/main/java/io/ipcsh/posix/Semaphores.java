package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code <semaphore.h>}: POSIX semaphores, unnamed ({@code sem_init} on a {@link sem_t}
 * location) and named ({@code sem_open}). Every method returns what C returns (-1, or
 * {@code SEM_FAILED} = NULL for {@code sem_open}) and leaves errno in {@link Errno#last()}.
 */
public final class Semaphores {
    /** {@code sizeof(sem_t)} on x86_64 glibc. */
    public static final long SEM_T_SIZE = 32;
    /** {@code alignof(sem_t)} on x86_64 glibc. */
    public static final long SEM_T_ALIGN = 8;
    /** {@code SEM_VALUE_MAX}: the largest count a {@code sem_t} holds; a post beyond it fails with EOVERFLOW. */
    public static final int SEM_VALUE_MAX = Integer.MAX_VALUE;
    /** {@code SEM_FAILED}: glibc's is {@code ((sem_t *) 0)}. */
    public static final long SEM_FAILED = 0;

    private Semaphores() {
    }

    // int sem_init(sem_t *sem, int pshared, unsigned int value);  https://man7.org/linux/man-pages/man3/sem_init.3.html
    private static final MethodHandle SEM_INIT = Downcall.capturing("sem_init", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    public static int sem_init(MemorySegment sem, int pshared, int value) {
        try {
            int r = (int) SEM_INIT.invokeExact(Downcall.capture(), sem, pshared, value);
            if (Trace.enabled()) {
                Trace.call("sem_init", r, Errno.last(), Trace.hex(sem.address()), pshared, Integer.toUnsignedString(value));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int sem_destroy(sem_t *sem);  https://man7.org/linux/man-pages/man3/sem_destroy.3.html
    private static final MethodHandle SEM_DESTROY = Downcall.capturing("sem_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    public static int sem_destroy(MemorySegment sem) {
        return semCall("sem_destroy", SEM_DESTROY, sem);
    }

    // int sem_wait(sem_t *sem);  https://man7.org/linux/man-pages/man3/sem_wait.3.html
    private static final MethodHandle SEM_WAIT = Downcall.capturing("sem_wait", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    public static int sem_wait(MemorySegment sem) {
        return semCall("sem_wait", SEM_WAIT, sem);
    }

    // int sem_trywait(sem_t *sem);  https://man7.org/linux/man-pages/man3/sem_wait.3.html
    // Never blocks, so it may skip the thread-state transition (Linker.Option.critical).
    private static final MethodHandle SEM_TRYWAIT = Downcall.critical("sem_trywait", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SEM_TRYWAIT_FAST = Downcall.plainCritical("sem_trywait", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    /**
     * {@code sem_trywait}. A call that succeeds goes without errno capture: finding this
     * thread's capture segment (a ThreadLocal) costs about as much as the call itself. A
     * failed one changed nothing, so it is made again with errno captured, and what that
     * second call returns is the result (it may succeed: the count rose meanwhile).
     */
    public static int sem_trywait(MemorySegment sem) {
        if (!Trace.enabled()) {
            try {
                if ((int) SEM_TRYWAIT_FAST.invokeExact(sem) == 0) {
                    return 0;
                }
            } catch (Throwable t) {
                throw Downcall.fatal(t);
            }
        }
        try {
            int r = (int) SEM_TRYWAIT.invokeExact(Downcall.capture(), sem);
            if (Trace.enabled()) {
                Trace.call("sem_trywait", r, Errno.last(), Trace.hex(sem.address()));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int sem_timedwait(sem_t *restrict sem, const struct timespec *restrict abs_timeout);
    // https://man7.org/linux/man-pages/man3/sem_wait.3.html
    private static final MethodHandle SEM_TIMEDWAIT = Downcall.capturing("sem_timedwait", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    /** {@code absTimeout} is a {@link timespec} holding a CLOCK_REALTIME deadline. */
    public static int sem_timedwait(MemorySegment sem, MemorySegment absTimeout) {
        try {
            int r = (int) SEM_TIMEDWAIT.invokeExact(Downcall.capture(), sem, absTimeout);
            if (Trace.enabled()) {
                Trace.call("sem_timedwait", r, Errno.last(), Trace.hex(sem.address()), Trace.timespec(absTimeout));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int sem_post(sem_t *sem);  https://man7.org/linux/man-pages/man3/sem_post.3.html
    // Never sleeps (at most a futex wake), so it may skip the thread-state transition.
    private static final MethodHandle SEM_POST = Downcall.critical("sem_post", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle SEM_POST_FAST = Downcall.plainCritical("sem_post", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    /**
     * {@code sem_post}; as {@link #sem_trywait}, a success goes without errno capture and a
     * failure (EOVERFLOW, EINVAL: nothing was posted) is made again with errno captured.
     */
    public static int sem_post(MemorySegment sem) {
        if (!Trace.enabled()) {
            try {
                if ((int) SEM_POST_FAST.invokeExact(sem) == 0) {
                    return 0;
                }
            } catch (Throwable t) {
                throw Downcall.fatal(t);
            }
        }
        try {
            int r = (int) SEM_POST.invokeExact(Downcall.capture(), sem);
            if (Trace.enabled()) {
                Trace.call("sem_post", r, Errno.last(), Trace.hex(sem.address()));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int sem_getvalue(sem_t *restrict sem, int *restrict sval);  https://man7.org/linux/man-pages/man3/sem_getvalue.3.html
    private static final MethodHandle SEM_GETVALUE = Downcall.critical("sem_getvalue", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    public static int sem_getvalue(MemorySegment sem, MemorySegment sval) {
        try {
            int r = (int) SEM_GETVALUE.invokeExact(Downcall.capture(), sem, sval);
            if (Trace.enabled()) {
                Trace.call("sem_getvalue", r, Errno.last(), Trace.hex(sem.address()),
                        r == 0 ? "[" + sval.get(JAVA_INT, 0) + "]" : Trace.hex(sval.address()));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // sem_t *sem_open(const char *name, int oflag, ...);  (mode_t mode, unsigned int value with O_CREAT)
    // https://man7.org/linux/man-pages/man3/sem_open.3.html
    private static final MethodHandle SEM_OPEN = Downcall.variadic("sem_open",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT), 2);
    private static final MethodHandle SEM_OPEN_CREATE = Downcall.variadic("sem_open",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT), 2);

    /** Opens an existing named semaphore; NULL (SEM_FAILED) on failure. */
    public static MemorySegment sem_open(String name, int oflag) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r = (MemorySegment) SEM_OPEN.invokeExact(Downcall.capture(), arena.allocateFrom(name), oflag);
            if (Trace.enabled()) {
                Trace.nullablePointerCall("sem_open", r.address(), Errno.last(), Trace.quote(name), semFlags(oflag));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    /** {@code sem_open} with O_CREAT's two extra arguments; NULL (SEM_FAILED) on failure. */
    public static MemorySegment sem_open(String name, int oflag, int mode, int value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment r = (MemorySegment) SEM_OPEN_CREATE.invokeExact(Downcall.capture(), arena.allocateFrom(name),
                    oflag, mode, value);
            if (Trace.enabled()) {
                Trace.nullablePointerCall("sem_open", r.address(), Errno.last(), Trace.quote(name),
                        semFlags(oflag), Trace.octal(mode), Integer.toUnsignedString(value));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int sem_close(sem_t *sem);  https://man7.org/linux/man-pages/man3/sem_close.3.html
    private static final MethodHandle SEM_CLOSE = Downcall.capturing("sem_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    public static int sem_close(MemorySegment sem) {
        return semCall("sem_close", SEM_CLOSE, sem);
    }

    // int sem_unlink(const char *name);  https://man7.org/linux/man-pages/man3/sem_unlink.3.html
    private static final MethodHandle SEM_UNLINK = Downcall.capturing("sem_unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    public static int sem_unlink(String name) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) SEM_UNLINK.invokeExact(Downcall.capture(), arena.allocateFrom(name));
            if (Trace.enabled()) {
                Trace.call("sem_unlink", r, Errno.last(), Trace.quote(name));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    /** sem_open's flags: O_CREAT and O_EXCL only (it has no access mode), "0" for none. */
    private static String semFlags(int oflag) {
        return oflag == 0 ? "0" : Trace.openFlags(oflag).replaceFirst("^O_RDONLY\\|", "");
    }

    private static int semCall(String name, MethodHandle handle, MemorySegment sem) {
        try {
            int r = (int) handle.invokeExact(Downcall.capture(), sem);
            if (Trace.enabled()) {
                Trace.call(name, r, Errno.last(), Trace.hex(sem.address()));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }
}
