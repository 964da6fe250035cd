package io.ipcsh.posix;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code <pthread.h>}: process-shared, robust mutexes (x86_64 glibc).
 *
 * <p><b>Every function here returns 0 or an error number</b> (EOWNERDEAD, EBUSY,
 * ETIMEDOUT...), as POSIX threads do; they don't return -1 and don't set errno, so there
 * is no errno to read. Traced as {@code pthread_mutex_lock(0x7f..) = 130 EOWNERDEAD (Owner died)}.
 */
public final class Pthread {
    public static final int PTHREAD_PROCESS_PRIVATE = 0;
    public static final int PTHREAD_PROCESS_SHARED = 1;
    public static final int PTHREAD_MUTEX_STALLED = 0;
    public static final int PTHREAD_MUTEX_ROBUST = 1;
    public static final int PTHREAD_MUTEX_NORMAL = 0;
    public static final int PTHREAD_MUTEX_RECURSIVE = 1;
    public static final int PTHREAD_MUTEX_ERRORCHECK = 2;

    private Pthread() {
    }

    private static final FunctionDescriptor POINTER = FunctionDescriptor.of(JAVA_INT, ADDRESS);
    private static final FunctionDescriptor POINTER_INT = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT);
    private static final FunctionDescriptor POINTER_POINTER = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS);

    // int pthread_mutexattr_init(pthread_mutexattr_t *attr);  https://man7.org/linux/man-pages/man3/pthread_mutexattr_init.3.html
    private static final MethodHandle MUTEXATTR_INIT = Downcall.plain("pthread_mutexattr_init", POINTER);
    // int pthread_mutexattr_destroy(pthread_mutexattr_t *attr);  https://man7.org/linux/man-pages/man3/pthread_mutexattr_init.3.html
    private static final MethodHandle MUTEXATTR_DESTROY = Downcall.plain("pthread_mutexattr_destroy", POINTER);
    // int pthread_mutexattr_settype(pthread_mutexattr_t *attr, int type);  https://man7.org/linux/man-pages/man3/pthread_mutexattr_settype.3p.html
    private static final MethodHandle MUTEXATTR_SETTYPE = Downcall.plain("pthread_mutexattr_settype", POINTER_INT);
    // int pthread_mutexattr_setpshared(pthread_mutexattr_t *attr, int pshared);  https://man7.org/linux/man-pages/man3/pthread_mutexattr_setpshared.3.html
    private static final MethodHandle MUTEXATTR_SETPSHARED = Downcall.plain("pthread_mutexattr_setpshared", POINTER_INT);
    // int pthread_mutexattr_setrobust(pthread_mutexattr_t *attr, int robustness);  https://man7.org/linux/man-pages/man3/pthread_mutexattr_setrobust.3.html
    private static final MethodHandle MUTEXATTR_SETROBUST = Downcall.plain("pthread_mutexattr_setrobust", POINTER_INT);

    // int pthread_mutex_init(pthread_mutex_t *mutex, const pthread_mutexattr_t *attr);  https://man7.org/linux/man-pages/man3/pthread_mutex_init.3p.html
    private static final MethodHandle MUTEX_INIT = Downcall.plain("pthread_mutex_init", POINTER_POINTER);
    // int pthread_mutex_lock(pthread_mutex_t *mutex);  https://man7.org/linux/man-pages/man3/pthread_mutex_lock.3p.html
    private static final MethodHandle MUTEX_LOCK = Downcall.plain("pthread_mutex_lock", POINTER);
    // int pthread_mutex_timedlock(pthread_mutex_t *mutex, const struct timespec *abstime);  https://man7.org/linux/man-pages/man3/pthread_mutex_timedlock.3p.html
    private static final MethodHandle MUTEX_TIMEDLOCK = Downcall.plain("pthread_mutex_timedlock", POINTER_POINTER);
    // int pthread_mutex_trylock(pthread_mutex_t *mutex);  never blocks
    private static final MethodHandle MUTEX_TRYLOCK = Downcall.plainCritical("pthread_mutex_trylock", POINTER);
    // int pthread_mutex_unlock(pthread_mutex_t *mutex);  never blocks
    private static final MethodHandle MUTEX_UNLOCK = Downcall.plainCritical("pthread_mutex_unlock", POINTER);
    // int pthread_mutex_consistent(pthread_mutex_t *mutex);  https://man7.org/linux/man-pages/man3/pthread_mutex_consistent.3.html
    private static final MethodHandle MUTEX_CONSISTENT = Downcall.plain("pthread_mutex_consistent", POINTER);
    // int pthread_mutex_destroy(pthread_mutex_t *mutex);  https://man7.org/linux/man-pages/man3/pthread_mutex_destroy.3p.html
    private static final MethodHandle MUTEX_DESTROY = Downcall.plain("pthread_mutex_destroy", POINTER);

    /** {@code attr} is {@link pthread_mutex_t#ATTR_SIZE} bytes. Returns 0 or an error number. */
    public static int pthread_mutexattr_init(MemorySegment attr) {
        return call("pthread_mutexattr_init", MUTEXATTR_INIT, attr);
    }

    /** Returns 0 or an error number. */
    public static int pthread_mutexattr_destroy(MemorySegment attr) {
        return call("pthread_mutexattr_destroy", MUTEXATTR_DESTROY, attr);
    }

    /** Returns 0 or an error number. */
    public static int pthread_mutexattr_settype(MemorySegment attr, int type) {
        return call("pthread_mutexattr_settype", MUTEXATTR_SETTYPE, attr, type);
    }

    /** Returns 0 or an error number. */
    public static int pthread_mutexattr_setpshared(MemorySegment attr, int pshared) {
        return call("pthread_mutexattr_setpshared", MUTEXATTR_SETPSHARED, attr, pshared);
    }

    /** Returns 0 or an error number. */
    public static int pthread_mutexattr_setrobust(MemorySegment attr, int robustness) {
        return call("pthread_mutexattr_setrobust", MUTEXATTR_SETROBUST, attr, robustness);
    }

    /** Returns 0 or an error number. */
    public static int pthread_mutex_init(MemorySegment mutex, MemorySegment attr) {
        try {
            int r = (int) MUTEX_INIT.invokeExact(mutex, attr);
            if (Trace.enabled()) {
                Trace.errorNumberCall("pthread_mutex_init", r, Trace.hex(mutex.address()), Trace.pointer(attr));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    /** Returns 0, EOWNERDEAD (locked, but its owner died: make it consistent), or another error number. */
    public static int pthread_mutex_lock(MemorySegment mutex) {
        return call("pthread_mutex_lock", MUTEX_LOCK, mutex);
    }

    /** {@code abstime} is a CLOCK_REALTIME deadline. Returns 0, ETIMEDOUT, EOWNERDEAD or another error number. */
    public static int pthread_mutex_timedlock(MemorySegment mutex, MemorySegment abstime) {
        try {
            int r = (int) MUTEX_TIMEDLOCK.invokeExact(mutex, abstime);
            if (Trace.enabled()) {
                Trace.errorNumberCall("pthread_mutex_timedlock", r, Trace.hex(mutex.address()), Trace.timespec(abstime));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    /** Returns 0, EBUSY, EOWNERDEAD or another error number. */
    public static int pthread_mutex_trylock(MemorySegment mutex) {
        return call("pthread_mutex_trylock", MUTEX_TRYLOCK, mutex);
    }

    /** Returns 0 or an error number (EPERM when this thread doesn't own a robust/errorcheck mutex). */
    public static int pthread_mutex_unlock(MemorySegment mutex) {
        return call("pthread_mutex_unlock", MUTEX_UNLOCK, mutex);
    }

    /** Returns 0 or an error number (EINVAL when it is not robust or not inconsistent). */
    public static int pthread_mutex_consistent(MemorySegment mutex) {
        return call("pthread_mutex_consistent", MUTEX_CONSISTENT, mutex);
    }

    /** Returns 0 or an error number. */
    public static int pthread_mutex_destroy(MemorySegment mutex) {
        return call("pthread_mutex_destroy", MUTEX_DESTROY, mutex);
    }

    private static int call(String name, MethodHandle handle, MemorySegment p) {
        try {
            int r = (int) handle.invokeExact(p);
            if (Trace.enabled()) {
                Trace.errorNumberCall(name, r, Trace.hex(p.address()));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    private static int call(String name, MethodHandle handle, MemorySegment p, int value) {
        try {
            int r = (int) handle.invokeExact(p, value);
            if (Trace.enabled()) {
                Trace.errorNumberCall(name, r, Trace.hex(p.address()), value);
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }
}
