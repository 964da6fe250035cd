package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code <sys/mman.h>}: POSIX shared memory objects ({@code shm_open}, under
 * {@code /dev/shm}) and mapping them. Returns what C returns: -1, or {@code MAP_FAILED}
 * ((void *) -1) from {@code mmap}.
 */
public final class Mman {
    public static final int PROT_NONE = 0;
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int MAP_PRIVATE = 2;
    /** {@code MAP_FAILED}, as an address. */
    public static final long MAP_FAILED = -1L;

    private Mman() {
    }

    // int shm_open(const char *name, int oflag, mode_t mode);  https://man7.org/linux/man-pages/man3/shm_open.3.html
    private static final MethodHandle SHM_OPEN = Downcall.capturing("shm_open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));

    public static int shm_open(String name, int oflag, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) SHM_OPEN.invokeExact(Downcall.capture(), arena.allocateFrom(name), oflag, mode);
            if (Trace.enabled()) {
                Trace.call("shm_open", r, Errno.last(), Trace.quote(name), Trace.openFlags(oflag), Trace.octal(mode));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int shm_unlink(const char *name);  https://man7.org/linux/man-pages/man3/shm_unlink.3.html
    private static final MethodHandle SHM_UNLINK = Downcall.capturing("shm_unlink", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    public static int shm_unlink(String name) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) SHM_UNLINK.invokeExact(Downcall.capture(), arena.allocateFrom(name));
            if (Trace.enabled()) {
                Trace.call("shm_unlink", r, Errno.last(), Trace.quote(name));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
    // https://man7.org/linux/man-pages/man2/mmap.2.html
    private static final MethodHandle MMAP = Downcall.capturing("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));

    /** Returns the zero-length segment C returned; its address is {@link #MAP_FAILED} on failure. */
    public static MemorySegment mmap(MemorySegment addr, long length, int prot, int flags, int fd, long offset) {
        try {
            MemorySegment r = (MemorySegment) MMAP.invokeExact(Downcall.capture(), addr, length, prot, flags, fd, offset);
            if (Trace.enabled()) {
                Trace.pointerCall("mmap", r.address(), Errno.last(), Trace.pointer(addr), length,
                        prot == PROT_NONE ? "PROT_NONE"
                                : Trace.bits(prot, new int[] {PROT_READ, PROT_WRITE}, new String[] {"PROT_READ", "PROT_WRITE"}),
                        Trace.bits(flags, new int[] {MAP_SHARED, MAP_PRIVATE}, new String[] {"MAP_SHARED", "MAP_PRIVATE"}),
                        fd, offset);
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int munmap(void *addr, size_t length);  https://man7.org/linux/man-pages/man2/munmap.2.html
    private static final MethodHandle MUNMAP = Downcall.capturing("munmap", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));

    public static int munmap(MemorySegment addr, long length) {
        try {
            int r = (int) MUNMAP.invokeExact(Downcall.capture(), addr, length);
            if (Trace.enabled()) {
                Trace.call("munmap", r, Errno.last(), Trace.pointer(addr), length);
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }
}
