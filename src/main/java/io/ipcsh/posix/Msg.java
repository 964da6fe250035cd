package io.ipcsh.posix;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code <sys/msg.h>}: System V message queues (x86_64 glibc). A message buffer is
 * {@code struct msgbuf { long mtype; char mtext[]; }}: the type's 8 bytes, then
 * {@code msgsz} bytes of text. Returns what C returns (-1, errno in {@link Errno#last()}).
 */
public final class Msg {
    /** Where {@code mtext} starts in a message buffer (after {@code long mtype}). */
    public static final long MTEXT_OFFSET = 8;
    /** msgrcv: truncate a too-long message instead of failing with E2BIG. */
    public static final int MSG_NOERROR = 010000;
    /** msgrcv: the first message whose type is not msgtyp. */
    public static final int MSG_EXCEPT = 020000;
    public static final int MSG_STAT = 11;
    public static final int MSG_INFO = 12;
    public static final int MSG_STAT_ANY = 13;

    private Msg() {
    }

    // int msgget(key_t key, int msgflg);  https://man7.org/linux/man-pages/man2/msgget.2.html
    private static final MethodHandle MSGGET = Downcall.capturing("msgget", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    public static int msgget(int key, int msgflg) {
        try {
            int r = (int) MSGGET.invokeExact(Downcall.capture(), key, msgflg);
            if (Trace.enabled()) {
                Trace.call("msgget", r, Errno.last(), Trace.key(key), Trace.ipcFlags(msgflg));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int msgsnd(int msqid, const void *msgp, size_t msgsz, int msgflg);  https://man7.org/linux/man-pages/man2/msgsnd.2.html
    private static final MethodHandle MSGSND = Downcall.capturing("msgsnd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    /** {@code msgp} is a message buffer of at least {@code MTEXT_OFFSET + msgsz} bytes. */
    public static int msgsnd(int msqid, MemorySegment msgp, long msgsz, int msgflg) {
        try {
            int r = (int) MSGSND.invokeExact(Downcall.capture(), msqid, msgp, msgsz, msgflg);
            if (Trace.enabled()) {
                Trace.call("msgsnd", r, Errno.last(), msqid, message(msgp, msgsz), msgsz, flags(msgflg));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // ssize_t msgrcv(int msqid, void *msgp, size_t msgsz, long msgtyp, int msgflg);  https://man7.org/linux/man-pages/man2/msgrcv.2.html
    private static final MethodHandle MSGRCV = Downcall.capturing("msgrcv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_INT));

    /** Returns the length of the text received, or -1. */
    public static long msgrcv(int msqid, MemorySegment msgp, long msgsz, long msgtyp, int msgflg) {
        try {
            long r = (long) MSGRCV.invokeExact(Downcall.capture(), msqid, msgp, msgsz, msgtyp, msgflg);
            if (Trace.enabled()) {
                Trace.call("msgrcv", r, Errno.last(), msqid, r >= 0 ? message(msgp, r) : Trace.pointer(msgp),
                        msgsz, msgtyp, flags(msgflg));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    // int msgctl(int msqid, int cmd, struct msqid_ds *buf);  https://man7.org/linux/man-pages/man2/msgctl.2.html
    private static final MethodHandle MSGCTL = Downcall.capturing("msgctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));

    /** {@code buf} is a {@link msqid_ds} (or NULL for IPC_RMID). */
    public static int msgctl(int msqid, int cmd, MemorySegment buf) {
        try {
            int r = (int) MSGCTL.invokeExact(Downcall.capture(), msqid, cmd, buf);
            if (Trace.enabled()) {
                Trace.call("msgctl", r, Errno.last(), msqid, command(cmd), Trace.pointer(buf));
            }
            return r;
        } catch (Throwable t) {
            throw Downcall.fatal(t);
        }
    }

    /** {@code {1, "hello"}}, as strace shows a message buffer. */
    private static String message(MemorySegment msgp, long textLength) {
        return "{" + msgp.get(JAVA_LONG, 0) + ", " + Trace.bytes(msgp, MTEXT_OFFSET, textLength) + "}";
    }

    private static String flags(int msgflg) {
        return Trace.bits(msgflg, new int[] {Ipc.IPC_NOWAIT, MSG_NOERROR, MSG_EXCEPT},
                new String[] {"IPC_NOWAIT", "MSG_NOERROR", "MSG_EXCEPT"});
    }

    private static String command(int cmd) {
        String shared = Ipc.command(cmd);
        if (shared != null) {
            return shared;
        }
        return switch (cmd) {
            case MSG_STAT -> "MSG_STAT";
            case MSG_INFO -> "MSG_INFO";
            case MSG_STAT_ANY -> "MSG_STAT_ANY";
            default -> Integer.toString(cmd);
        };
    }
}
