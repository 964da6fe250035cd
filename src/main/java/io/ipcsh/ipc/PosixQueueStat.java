package io.ipcsh.ipc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the kernel says of a POSIX message queue: {@code mq_getattr} (maxmsg, msgsize,
 * curmsgs, flags) and {@code fstat} of its descriptor (mode, owner, times); in a listing
 * also the bytes queued, which only the mqueue filesystem tells ({@code QSIZE}).
 *
 * @param maxmsg    how many messages it holds (mq_maxmsg); -1 when it could not be opened
 * @param msgsize   the longest message (mq_msgsize); -1 when unknown
 * @param curmsgs   messages in it now (mq_curmsgs); -1 when unknown
 * @param nonblock  this descriptor has O_NONBLOCK (mq_flags)
 * @param usedBytes bytes queued now (QSIZE), -1 when not read from the mqueue filesystem
 * @param mtime     last send or receive (the file's mtime)
 */
public record PosixQueueStat(String name, int mode, int uid, int gid, long maxmsg, long msgsize, long curmsgs,
                             boolean nonblock, long usedBytes, Instant mtime, Instant ctime) implements IpcStat {

    /** The mode as ipcs prints it, such as {@code 0600}. */
    public String modeOctal() {
        return String.format("%04o", mode);
    }

    @Override
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("name " + name + "  POSIX message queue");
        lines.add("mode " + modeOctal() + "  maxmsg " + dash(maxmsg) + "  msgsize " + dash(msgsize) + "  curmsgs " + dash(curmsgs)
                + (usedBytes >= 0 ? "  bytes " + usedBytes : "") + "  flags " + (nonblock ? "O_NONBLOCK" : "0"));
        lines.add("owner " + Users.name(uid) + " (uid " + uid + " gid " + gid + ")");
        lines.add("mtime " + StatText.dash(mtime) + "  ctime " + StatText.dash(ctime));
        return lines;
    }

    @Override
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("kind", "posix-queue");
        f.put("name", name);
        f.put("mode", modeOctal());
        f.put("maxmsg", maxmsg < 0 ? null : maxmsg);
        f.put("msgsize", msgsize < 0 ? null : msgsize);
        f.put("curmsgs", curmsgs < 0 ? null : curmsgs);
        f.put("flags", nonblock ? "O_NONBLOCK" : "0");
        if (usedBytes >= 0) {
            f.put("usedbytes", usedBytes);
        }
        f.put("uid", uid);
        f.put("gid", gid);
        f.put("mtime", mtime);
        f.put("ctime", ctime);
        return f;
    }

    private static String dash(long v) {
        return v < 0 ? "-" : Long.toString(v);
    }

    /** The shell's {@code stat} lines, the same words: {@link #text()}. */
    @Override
    public String toString() {
        return text();
    }
}
