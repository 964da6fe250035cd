package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Ipc;
import io.ipcsh.posix.Sem;
import io.ipcsh.posix.ipc_perm;
import io.ipcsh.posix.semid_ds;
import io.ipcsh.posix.seminfo;

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
 * What {@code semctl(IPC_STAT)} says of a semaphore set, and the per-member table
 * {@code ipcs -s -i} prints (GETVAL, GETNCNT, GETZCNT, GETPID per member).
 *
 * @param mode    the nine permission bits
 * @param otime   last semop, null if never
 * @param ctime   creation or last IPC_SET/SETVAL/SETALL
 * @param members the per-member table; empty in {@link #list()}, which reads only semid_ds
 */
public record SemaphoreSetStat(IpcKey key, int semid, int uid, int gid, int cuid, int cgid, int mode, int nsems,
                               Instant otime, Instant ctime, List<MemberStat> members) implements IpcStat {

    /**
     * One member as {@code ipcs -s -i} shows it.
     *
     * @param ncount processes blocked waiting for it to grow
     * @param zcount processes blocked waiting for it to be zero
     * @param pid    the last process to semop it, 0 if none
     */
    public record MemberStat(int semnum, int value, int ncount, int zcount, int pid) {
    }

    /** {@code semctl(semid, 0, IPC_STAT)}, without the member table. */
    public static SemaphoreSetStat of(int semid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ds = semid_ds.allocate(arena);
            if (Sem.semctl(semid, 0, Ipc.IPC_STAT, ds) == -1) {
                throw SemErrors.stat(semid, Errno.last());
            }
            return from(semid, ds, List.of());
        }
    }

    /** {@link #of(int)} plus the member table, as {@code ipcs -s -i SEMID} reads it. */
    public static SemaphoreSetStat withMembers(int semid) {
        SemaphoreSetStat s = of(semid);
        List<MemberStat> members = new ArrayList<>(s.nsems());
        for (int n = 0; n < s.nsems(); n++) {
            members.add(new MemberStat(n, member(semid, n, Sem.GETVAL, "GETVAL"), member(semid, n, Sem.GETNCNT, "GETNCNT"),
                    member(semid, n, Sem.GETZCNT, "GETZCNT"), member(semid, n, Sem.GETPID, "GETPID")));
        }
        return new SemaphoreSetStat(s.key, semid, s.uid, s.gid, s.cuid, s.cgid, s.mode, s.nsems, s.otime, s.ctime,
                List.copyOf(members));
    }

    private static int member(int semid, int n, int cmd, String name) {
        int r = Sem.semctl(semid, n, cmd);
        if (r == -1) {
            throw SemErrors.semctl(name, semid, Errno.last());
        }
        return r;
    }

    /**
     * Every semaphore set on the host, as {@code ipcs -s} lists them: {@code semctl(SEM_INFO)}
     * for the highest index, then {@code semctl(i, 0, SEM_STAT_ANY)} per index (no read
     * permission needed).
     */
    public static List<SemaphoreSetStat> list() {
        List<SemaphoreSetStat> all = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            int maxIndex = Sem.semctl(0, 0, Sem.SEM_INFO, seminfo.allocate(arena));
            if (maxIndex == -1) {
                throw IpcException.of("semctl", Errno.last(), "cannot list semaphore sets", null);
            }
            MemorySegment ds = semid_ds.allocate(arena);
            for (int index = 0; index <= maxIndex; index++) {
                int semid = Sem.semctl(index, 0, Sem.SEM_STAT_ANY, ds);
                if (semid >= 0) {
                    all.add(from(semid, ds, List.of()));
                }
                // -1: an unused index (EINVAL) or a set removed meanwhile.
            }
        }
        return List.copyOf(all);
    }

    private static SemaphoreSetStat from(int semid, MemorySegment ds, List<MemberStat> members) {
        MemorySegment perm = semid_ds.sem_perm(ds);
        return new SemaphoreSetStat(IpcKey.of(ipc_perm.key(perm)), semid,
                ipc_perm.uid(perm), ipc_perm.gid(perm), ipc_perm.cuid(perm), ipc_perm.cgid(perm),
                ipc_perm.mode(perm) & 0777, (int) semid_ds.sem_nsems(ds),
                epoch(semid_ds.sem_otime(ds)), epoch(semid_ds.sem_ctime(ds)), members);
    }

    /** The mode as ipcs prints it, such as {@code 0600}. */
    public String modeOctal() {
        return String.format("%04o", mode);
    }

    /** The lines the shell's {@code stat} prints (it adds the handle to the first). */
    @Override
    public List<String> lines() {
        List<String> lines = new ArrayList<>(List.of("semid " + semid + "  key " + key.hex(),
                "mode " + modeOctal() + "  nsems " + nsems,
                "owner " + Users.name(uid) + " (uid " + uid + " gid " + gid + ")  creator uid " + cuid + " gid " + cgid,
                "otime " + dash(otime) + "  ctime " + dash(ctime)));
        if (!members.isEmpty()) {
            lines.add(String.format("%-8s %-8s %-8s %-8s %s", "semnum", "value", "ncount", "zcount", "pid"));
            for (MemberStat m : members) {
                lines.add(String.format("%-8d %-8d %-8d %-8d %d", m.semnum(), m.value(), m.ncount(), m.zcount(), m.pid()));
            }
        }
        return List.copyOf(lines);
    }

    /** The fields of {@code stat --json}: semid_ds, then {@code members} as an array of objects. */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("semid", semid);
        f.put("key", key.hex());
        f.put("mode", modeOctal());
        f.put("nsems", nsems);
        f.put("uid", uid);
        f.put("gid", gid);
        f.put("cuid", cuid);
        f.put("cgid", cgid);
        f.put("otime", otime);
        f.put("ctime", ctime);
        f.put("values", members.stream().map(MemberStat::value).toList());
        f.put("ncounts", members.stream().map(MemberStat::ncount).toList());
        f.put("zcounts", members.stream().map(MemberStat::zcount).toList());
        f.put("pids", members.stream().map(MemberStat::pid).toList());
        return f;
    }

    /** The shell's {@code stat} lines, the same words: {@link #text()}, the member table included. */
    @Override
    public String toString() {
        return text();
    }
}
