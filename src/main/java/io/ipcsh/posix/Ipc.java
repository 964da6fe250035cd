package io.ipcsh.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** {@code <sys/ipc.h>}: keys and the flags and commands every System V kind shares (x86_64 glibc). */
public final class Ipc {
    public static final int IPC_PRIVATE = 0;
    public static final int IPC_CREAT = 01000;
    public static final int IPC_EXCL = 02000;
    public static final int IPC_NOWAIT = 04000;
    public static final int IPC_RMID = 0;
    public static final int IPC_SET = 1;
    public static final int IPC_STAT = 2;
    public static final int IPC_INFO = 3;

    private Ipc() {
    }

    // key_t ftok(const char *pathname, int proj_id);  https://man7.org/linux/man-pages/man3/ftok.3.html
    private static final MethodHandle FTOK = Downcall.capturing("ftok", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));

    public static int ftok(String path, int projId) {
        try (Arena arena = Arena.ofConfined()) {
            int r = (int) FTOK.invokeExact(Downcall.capture(), arena.allocateFrom(path), projId);
            if (Trace.enabled()) {
                Trace.call("ftok", r, Errno.last(), Trace.quote(path), projId);
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    /** The name strace gives a *ctl command every kind shares, or null. */
    static String command(int cmd) {
        return switch (cmd) {
            case IPC_RMID -> "IPC_RMID";
            case IPC_SET -> "IPC_SET";
            case IPC_STAT -> "IPC_STAT";
            case IPC_INFO -> "IPC_INFO";
            default -> null;
        };
    }
}
