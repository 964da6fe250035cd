package io.ipcsh.posix;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code <sys/sem.h>}: System V semaphore sets (x86_64 glibc). Returns what C returns
 * (-1 on failure, errno in {@link Errno#last()}).
 */
public final class Sem {
    /** {@code sem_flg}: the kernel reverses the operation when the process exits. */
    public static final int SEM_UNDO = 0x1000;
    public static final int GETPID = 11;
    public static final int GETVAL = 12;
    public static final int GETALL = 13;
    public static final int GETNCNT = 14;
    public static final int GETZCNT = 15;
    public static final int SETVAL = 16;
    public static final int SETALL = 17;
    public static final int SEM_STAT = 18;
    public static final int SEM_INFO = 19;
    public static final int SEM_STAT_ANY = 20;

    private Sem() {
    }

    // int semget(key_t key, int nsems, int semflg);  https://man7.org/linux/man-pages/man2/semget.2.html
    private static final MethodHandle SEMGET = Downcall.capturing("semget", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));

    public static int semget(int key, int nsems, int semflg) {
        try {
            int r = (int) SEMGET.invokeExact(Downcall.capture(), key, nsems, semflg);
            if (Trace.enabled()) {
                Trace.call("semget", r, Errno.last(), Trace.key(key), nsems, Trace.ipcFlags(semflg));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int semop(int semid, struct sembuf *sops, size_t nsops);  https://man7.org/linux/man-pages/man2/semop.2.html
    private static final MethodHandle SEMOP = Downcall.capturing("semop", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG));

    /** {@code sops} holds {@code nsops} {@link sembuf}s. */
    public static int semop(int semid, MemorySegment sops, long nsops) {
        try {
            int r = (int) SEMOP.invokeExact(Downcall.capture(), semid, sops, nsops);
            if (Trace.enabled()) {
                Trace.call("semop", r, Errno.last(), semid, sembuf.describe(sops, nsops), nsops);
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int semtimedop(int semid, struct sembuf *sops, size_t nsops, const struct timespec *timeout);
    // https://man7.org/linux/man-pages/man2/semop.2.html
    private static final MethodHandle SEMTIMEDOP = Downcall.capturing("semtimedop",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS));

    /** {@code timeout} is a RELATIVE {@link timespec} (unlike sem_timedwait), or NULL to wait forever. */
    public static int semtimedop(int semid, MemorySegment sops, long nsops, MemorySegment timeout) {
        try {
            int r = (int) SEMTIMEDOP.invokeExact(Downcall.capture(), semid, sops, nsops, timeout);
            if (Trace.enabled()) {
                Trace.call("semtimedop", r, Errno.last(), semid, sembuf.describe(sops, nsops), nsops,
                        Trace.timespec(timeout));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int semctl(int semid, int semnum, int cmd, ...);  https://man7.org/linux/man-pages/man2/semctl.2.html
    // Variadic: the fourth argument (union semun) is an int for SETVAL and a pointer for
    // IPC_STAT/IPC_SET/GETALL/SETALL/SEM_INFO/SEM_STAT*, and absent for the others.
    private static final MethodHandle SEMCTL = Downcall.variadic("semctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), 3);
    private static final MethodHandle SEMCTL_INT = Downcall.variadic("semctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), 3);
    private static final MethodHandle SEMCTL_POINTER = Downcall.variadic("semctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), 3);

    /** GETVAL, GETPID, GETNCNT, GETZCNT, IPC_RMID: no fourth argument. */
    public static int semctl(int semid, int semnum, int cmd) {
        try {
            int r = (int) SEMCTL.invokeExact(Downcall.capture(), semid, semnum, cmd);
            if (Trace.enabled()) {
                Trace.call("semctl", r, Errno.last(), semid, semnum, command(cmd));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    /** SETVAL: {@code val} is {@code semun.val}. */
    public static int semctl(int semid, int semnum, int cmd, int val) {
        try {
            int r = (int) SEMCTL_INT.invokeExact(Downcall.capture(), semid, semnum, cmd, val);
            if (Trace.enabled()) {
                Trace.call("semctl", r, Errno.last(), semid, semnum, command(cmd), val);
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    /** IPC_STAT/IPC_SET ({@link semid_ds}), GETALL/SETALL (unsigned short[nsems]), SEM_INFO, SEM_STAT*. */
    public static int semctl(int semid, int semnum, int cmd, MemorySegment buf) {
        try {
            int r = (int) SEMCTL_POINTER.invokeExact(Downcall.capture(), semid, semnum, cmd, buf);
            if (Trace.enabled()) {
                Trace.call("semctl", r, Errno.last(), semid, semnum, command(cmd), Trace.pointer(buf));
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
            case GETPID -> "GETPID";
            case GETVAL -> "GETVAL";
            case GETALL -> "GETALL";
            case GETNCNT -> "GETNCNT";
            case GETZCNT -> "GETZCNT";
            case SETVAL -> "SETVAL";
            case SETALL -> "SETALL";
            case SEM_STAT -> "SEM_STAT";
            case SEM_INFO -> "SEM_INFO";
            case SEM_STAT_ANY -> "SEM_STAT_ANY";
            default -> Integer.toString(cmd);
        };
    }
}
