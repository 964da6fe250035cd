package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * What every binding class shares: the linker, the libc lookup, errno capture and the
 * failure wrapper, so that a binding is its C prototype, one handle and one method:
 *
 * <pre>{@code
 * // int shmdt(const void *shmaddr);  https://man7.org/linux/man-pages/man2/shmat.2.html
 * private static final MethodHandle SHMDT = Downcall.capturing("shmdt", FunctionDescriptor.of(JAVA_INT, ADDRESS));
 *
 * public static int shmdt(MemorySegment shmaddr) {
 *     try {
 *         int r = (int) SHMDT.invokeExact(Downcall.capture(), shmaddr);
 *         if (Trace.enabled()) {
 *             Trace.call("shmdt", r, Errno.last(), Trace.hex(shmaddr.address()));
 *         }
 *         return r;
 *     } catch (Throwable t) {
 *         throw Downcall.fatal(t);
 *     }
 * }
 * }</pre>
 *
 * <p>A handle made by {@link #capturing}, {@link #critical} or {@link #variadic} takes the
 * calling thread's {@link #capture()} segment as its first argument; the linker writes
 * errno there, and {@link Errno#last()} reads it back. {@link #plain} handles take no
 * capture segment: for functions that cannot fail or return their error number
 * ({@code pthread_*}).
 *
 * <p>mq_* live in librt before glibc 2.34; from 2.34 (this project targets 2.36) they are
 * in libc, and the default lookup finds them.
 */
public final class Downcall {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /**
     * One capture segment per thread: the linker writes errno into it during the call, so
     * a segment shared between threads would mix up their errnos.
     */
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private Downcall() {
    }

    /** The calling thread's errno capture segment: the first argument of a capturing handle. */
    static MemorySegment capture() {
        return CAPTURE.get();
    }

    /** A handle that captures errno; its first parameter is {@link #capture()}. */
    static MethodHandle capturing(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(name), descriptor, CAPTURE_ERRNO);
    }

    /**
     * A capturing handle for a call that never blocks, so it may skip the thread-state
     * transition ({@link Linker.Option#critical}). Never use it for a call that can sleep.
     */
    static MethodHandle critical(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(name), descriptor, CAPTURE_ERRNO, Linker.Option.critical(false));
    }

    /**
     * A capturing handle for a variadic C function ({@code semctl}, {@code sem_open},
     * {@code mq_open}): {@code descriptor} lists the fixed parameters and then the
     * variadic ones this call passes, the first of which is at index
     * {@code firstVariadicArg} (not counting the capture segment). Equal to the number of
     * parameters means "no variadic argument this time".
     */
    static MethodHandle variadic(String name, FunctionDescriptor descriptor, int firstVariadicArg) {
        return LINKER.downcallHandle(find(name), descriptor, CAPTURE_ERRNO,
                Linker.Option.firstVariadicArg(firstVariadicArg));
    }

    /** A {@link #plain} handle for a variadic C function, as {@link #variadic} describes. */
    static MethodHandle plainVariadic(String name, FunctionDescriptor descriptor, int firstVariadicArg) {
        return LINKER.downcallHandle(find(name), descriptor, Linker.Option.firstVariadicArg(firstVariadicArg));
    }

    /** A handle without errno capture: the function can't fail or returns its error number. */
    static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(name), descriptor);
    }

    /** A {@link #plain} handle for a call that never blocks. */
    static MethodHandle plainCritical(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(name), descriptor, Linker.Option.critical(false));
    }

    /**
     * A {@link #plain} handle for a short call that never blocks and may be passed Java
     * arrays as heap segments ({@code Linker.Option.critical(true)}): the GC waits for the
     * call, so the caller keeps each one short.
     */
    static MethodHandle heapCritical(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(find(name), descriptor, Linker.Option.critical(true));
    }

    private static MemorySegment find(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc lacks " + name));
    }

    /** A failed downcall means a wrong binding, never a user error. */
    static Error fatal(Throwable t) {
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        return new AssertionError("libc downcall failed", t);
    }
}
