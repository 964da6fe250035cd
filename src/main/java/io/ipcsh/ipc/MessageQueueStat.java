package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Ipc;
import io.ipcsh.posix.Msg;
import io.ipcsh.posix.ipc_perm;
import io.ipcsh.posix.msqid_ds;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.ipcsh.ipc.StatText.dash;
import static io.ipcsh.ipc.StatText.epoch;

/**
 * What {@code msgctl(IPC_STAT)} says of a SysV message queue: the fields
 * {@code ipcs -q -i} shows.
 *
 * @param qnum   messages in the queue now
 * @param cbytes bytes in the queue now ({@code __msg_cbytes})
 * @param qbytes the most bytes it may hold (msg_qbytes, kernel.msgmnb by default)
 * @param stime  last msgsnd, null if never
 * @param rtime  last msgrcv, null if never
 * @param ctime  creation or last IPC_SET
 * @param lspid  pid of the last msgsnd
 * @param lrpid  pid of the last msgrcv
 */
public record MessageQueueStat(IpcKey key, int msqid, int uid, int gid, int cuid, int cgid, int mode,
                               long qnum, long cbytes, long qbytes, Instant stime, Instant rtime, Instant ctime,
                               int lspid, int lrpid) implements IpcStat {

    /** {@code msgctl(msqid, IPC_STAT)}. */
    public static MessageQueueStat of(int msqid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ds = msqid_ds.allocate(arena);
            if (Msg.msgctl(msqid, Ipc.IPC_STAT, ds) == -1) {
                throw MessageQueueErrors.onQueue("msgctl", msqid, Errno.last());
            }
            return from(msqid, ds);
        }
    }

    /**
     * Every SysV queue on the host, as {@code ipcs -q} lists them: {@code msgctl(MSG_INFO)}
     * for the highest index, then {@code msgctl(i, MSG_STAT_ANY)} for each index (which
     * needs no read permission).
     */
    public static List<MessageQueueStat> list() {
        List<MessageQueueStat> all = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            // MSG_INFO fills a struct msginfo (32 bytes), smaller than the msqid_ds given here.
            MemorySegment ds = msqid_ds.allocate(arena);
            int maxIndex = Msg.msgctl(0, Msg.MSG_INFO, ds);
            if (maxIndex == -1) {
                throw IpcException.of("msgctl", Errno.last(), "cannot list message queues", null);
            }
            for (int index = 0; index <= maxIndex; index++) {
                int msqid = Msg.msgctl(index, Msg.MSG_STAT_ANY, ds);
                if (msqid >= 0) {
                    all.add(from(msqid, ds));
                }
                // -1: an unused index (EINVAL), or a queue removed meanwhile.
            }
        }
        return List.copyOf(all);
    }

    private static MessageQueueStat from(int msqid, MemorySegment ds) {
        MemorySegment perm = msqid_ds.msg_perm(ds);
        return new MessageQueueStat(IpcKey.of(ipc_perm.key(perm)), msqid, ipc_perm.uid(perm), ipc_perm.gid(perm),
                ipc_perm.cuid(perm), ipc_perm.cgid(perm), ipc_perm.mode(perm) & 0777,
                msqid_ds.msg_qnum(ds), msqid_ds.msg_cbytes(ds), msqid_ds.msg_qbytes(ds),
                epoch(msqid_ds.msg_stime(ds)), epoch(msqid_ds.msg_rtime(ds)), epoch(msqid_ds.msg_ctime(ds)),
                msqid_ds.msg_lspid(ds), msqid_ds.msg_lrpid(ds));
    }

    /** The mode as ipcs prints it, such as {@code 0600}. */
    public String modeOctal() {
        return String.format("%04o", mode);
    }

    @Override
    public List<String> lines() {
        return List.of("msqid " + msqid + "  key " + key.hex(),
                "mode " + modeOctal() + "  messages " + qnum + "  bytes " + cbytes + "  qbytes " + qbytes,
                "owner " + Users.name(uid) + " (uid " + uid + " gid " + gid + ")  creator uid " + cuid + " gid " + cgid
                        + "  lspid " + lspid + "  lrpid " + lrpid,
                "stime " + dash(stime) + "  rtime " + dash(rtime) + "  ctime " + dash(ctime));
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("msqid", msqid);
        f.put("key", key.hex());
        f.put("mode", modeOctal());
        f.put("qnum", qnum);
        f.put("cbytes", cbytes);
        f.put("qbytes", qbytes);
        f.put("uid", uid);
        f.put("gid", gid);
        f.put("cuid", cuid);
        f.put("cgid", cgid);
        f.put("lspid", lspid);
        f.put("lrpid", lrpid);
        f.put("stime", stime);
        f.put("rtime", rtime);
        f.put("ctime", ctime);
        return f;
    }

    /** The shell's {@code stat} lines, the same words: {@link #text()}. */
    @Override
    public String toString() {
        return text();
    }
}
