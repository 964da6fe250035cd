package io.ipcsh.posix;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code <sys/shm.h>}: System V shared memory (x86_64 glibc). Every method returns what C
 * returns (-1, {@code (void *) -1}); the {@code ipc} layer checks it and reads
 * {@link Errno#last()}.
 */
public final class Shm {
    public static final int SHM_RDONLY = 010000;
    public static final int SHM_STAT = 13;
    public static final int SHM_INFO = 14;
    public static final int SHM_STAT_ANY = 15;
    /** Set in {@code shm_perm.mode} once IPC_RMID marked a segment for removal. */
    public static final int SHM_DEST = 01000;
    /** Set in {@code shm_perm.mode} while the segment is locked in memory. */
    public static final int SHM_LOCKED = 02000;

    private Shm() {
    }

    // int shmget(key_t key, size_t size, int shmflg);  https://man7.org/linux/man-pages/man2/shmget.2.html
    private static final MethodHandle SHMGET = Downcall.capturing("shmget", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT));

    public static int shmget(int key, long size, int shmflg) {
        try {
            int r = (int) SHMGET.invokeExact(Downcall.capture(), key, size, shmflg);
            if (Trace.enabled()) {
                Trace.call("shmget", r, Errno.last(), Trace.key(key), size, Trace.ipcFlags(shmflg));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // void *shmat(int shmid, const void *shmaddr, int shmflg);  https://man7.org/linux/man-pages/man2/shmat.2.html
    private static final MethodHandle SHMAT = Downcall.capturing("shmat", FunctionDescriptor.of(ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));

    /** Returns the zero-length segment C returned; its address is -1 on failure. */
    public static MemorySegment shmat(int shmid, MemorySegment shmaddr, int shmflg) {
        try {
            MemorySegment r = (MemorySegment) SHMAT.invokeExact(Downcall.capture(), shmid, shmaddr, shmflg);
            if (Trace.enabled()) {
                Trace.pointerCall("shmat", r.address(), Errno.last(), shmid, Trace.pointer(shmaddr),
                        (shmflg & SHM_RDONLY) != 0 ? "SHM_RDONLY" : "0");
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int shmdt(const void *shmaddr);  https://man7.org/linux/man-pages/man2/shmat.2.html
    private static final MethodHandle SHMDT = Downcall.capturing("shmdt", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    public static int shmdt(MemorySegment shmaddr) {
        try {
            int r = (int) SHMDT.invokeExact(Downcall.capture(), shmaddr);
            if (Trace.enabled()) {
                Trace.call("shmdt", r, Errno.last(), Trace.hex(shmaddr.address()));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int shmctl(int shmid, int cmd, struct shmid_ds *buf);  https://man7.org/linux/man-pages/man2/shmctl.2.html
    private static final MethodHandle SHMCTL = Downcall.capturing("shmctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));

    /** {@code buf} is a {@link shmid_ds} (or NULL for IPC_RMID). */
    public static int shmctl(int shmid, int cmd, MemorySegment buf) {
        try {
            int r = (int) SHMCTL.invokeExact(Downcall.capture(), shmid, cmd, buf);
            if (Trace.enabled()) {
                Trace.call("shmctl", r, Errno.last(), shmid, command(cmd), Trace.pointer(buf));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    private static String command(int cmd) {
        String shared = Ipc.command(cmd);
        if (shared != null) {
            return shared;
        }
        return switch (cmd) {
            case SHM_STAT -> "SHM_STAT";
            case SHM_INFO -> "SHM_INFO";
            case SHM_STAT_ANY -> "SHM_STAT_ANY";
            default -> Integer.toString(cmd);
        };
    }
}
