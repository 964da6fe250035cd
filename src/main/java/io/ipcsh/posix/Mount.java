package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code <sys/mount.h>}: mounting the mqueue filesystem, the only place the kernel lists
 * POSIX message queues. Returns what C returns (-1, errno in {@link Errno#last()}).
 */
public final class Mount {
    /** umount2: detach now and clean up once no longer busy. */
    public static final int MNT_DETACH = 2;

    private Mount() {
    }

    // int mount(const char *source, const char *target, const char *filesystemtype,
    //           unsigned long mountflags, const void *data);  https://man7.org/linux/man-pages/man2/mount.2.html
    private static final MethodHandle MOUNT = Downcall.capturing("mount",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));

    /** {@code mount(source, target, type, flags, NULL)}. */
    public static int mount(String source, String target, String type, long flags) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) MOUNT.invokeExact(Downcall.capture(), arena.allocateFrom(source), arena.allocateFrom(target),
                    arena.allocateFrom(type), flags, MemorySegment.NULL);
            if (Trace.enabled()) {
                Trace.call("mount", r, Errno.last(), Trace.quote(source), Trace.quote(target), Trace.quote(type), flags, "NULL");
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int umount2(const char *target, int flags);  https://man7.org/linux/man-pages/man2/umount.2.html
    private static final MethodHandle UMOUNT2 = Downcall.capturing("umount2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    public static int umount2(String target, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) UMOUNT2.invokeExact(Downcall.capture(), arena.allocateFrom(target), flags);
            if (Trace.enabled()) {
                Trace.call("umount2", r, Errno.last(), Trace.quote(target), flags == MNT_DETACH ? "MNT_DETACH" : Integer.toString(flags));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }
}
