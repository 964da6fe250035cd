package io.ipcsh.ipc;

import io.ipcsh.posix.Errno;
import io.ipcsh.posix.Ipc;
import io.ipcsh.posix.Shm;
import io.ipcsh.posix.ipc_perm;
import io.ipcsh.posix.shmid_ds;

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
 * What {@code shmctl(IPC_STAT)} says of a segment: the fields {@code ipcs -m -i} shows.
 *
 * @param key    the key; IPC_PRIVATE once the segment is marked for removal ({@link #keyCleared()})
 * @param shmid  the kernel's id
 * @param mode   the nine permission bits (SHM_DEST and SHM_LOCKED are split out)
 * @param size   shm_segsz in bytes
 * @param atime  last attach, null if never
 * @param dtime  last detach, null if never
 * @param ctime  creation or last IPC_SET
 * @param cpid   creator's pid
 * @param lpid   pid of the last shmat/shmdt
 * @param nattch processes attached now
 * @param dest   marked for removal (IPC_RMID); freed at the last detach
 * @param locked locked in memory (SHM_LOCK)
 */
public record SegmentStat(IpcKey key, int shmid, int uid, int gid, int cuid, int cgid, int mode, long size,
                          Instant atime, Instant dtime, Instant ctime, int cpid, int lpid, long nattch,
                          boolean dest, boolean locked) implements IpcStat {

    /** {@code shmctl(shmid, IPC_STAT)}. */
    public static SegmentStat of(int shmid) {
        return query(shmid, Ipc.IPC_STAT);
    }

    /**
     * Every segment on the host, as {@code ipcs -m} lists them: {@code shmctl(SHM_INFO)}
     * for the highest index, then {@code shmctl(i, SHM_STAT_ANY)} for each index.
     */
    public static List<SegmentStat> list() {
        List<SegmentStat> all = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ds = shmid_ds.allocate(arena);
            int maxIndex = Shm.shmctl(0, Shm.SHM_INFO, ds);
            if (maxIndex == -1) {
                throw IpcException.of("shmctl", Errno.last(), "cannot list segments", null);
            }
            for (int index = 0; index <= maxIndex; index++) {
                int shmid = Shm.shmctl(index, Shm.SHM_STAT_ANY, ds);
                if (shmid >= 0) {
                    all.add(from(shmid, ds));
                }
                // -1 here is an unused index (EINVAL) or a segment removed meanwhile.
            }
        }
        return List.copyOf(all);
    }

    static SegmentStat query(int shmid, int cmd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ds = shmid_ds.allocate(arena);
            if (Shm.shmctl(shmid, cmd, ds) == -1) {
                throw ShmErrors.stat(shmid, Errno.last());
            }
            return from(shmid, ds);
        }
    }

    private static SegmentStat from(int shmid, MemorySegment ds) {
        MemorySegment perm = shmid_ds.shm_perm(ds);
        int mode = ipc_perm.mode(perm);
        return new SegmentStat(IpcKey.of(ipc_perm.key(perm)), shmid,
                ipc_perm.uid(perm), ipc_perm.gid(perm), ipc_perm.cuid(perm), ipc_perm.cgid(perm),
                mode & 0777, shmid_ds.shm_segsz(ds),
                epoch(shmid_ds.shm_atime(ds)), epoch(shmid_ds.shm_dtime(ds)), epoch(shmid_ds.shm_ctime(ds)),
                shmid_ds.shm_cpid(ds), shmid_ds.shm_lpid(ds), shmid_ds.shm_nattch(ds),
                (mode & Shm.SHM_DEST) != 0, (mode & Shm.SHM_LOCKED) != 0);
    }

    /** The mode as ipcs prints it, such as {@code 0600}. */
    public String modeOctal() {
        return String.format("%04o", mode);
    }

    /**
     * What the kernel shows as the key of a segment removed while attached: IPC_RMID sets
     * it to IPC_PRIVATE, so 0 then says nothing of the key it had.
     */
    public static final String KEY_CLEARED = "cleared by IPC_RMID";

    /** What dest means, wherever it is said ({@code stat}, {@code attach}, {@link #toString()}). */
    public static final String DEST_MEANS = "removed: freed at the last detach";

    /** {@code dest}, {@code locked}, {@code dest locked}, or empty, as the ipcs status column. */
    public String status() {
        return dest && locked ? "dest locked" : dest ? "dest" : locked ? "locked" : "";
    }

    /**
     * The status with what it means: {@code dest locked (removed: freed at the last detach)},
     * {@code locked}, or empty; the words {@code stat}, {@code attach} and {@link #toString()}
     * share.
     */
    public String statusWords() {
        return status() + (dest ? " (" + DEST_MEANS + ")" : "");
    }

    /**
     * The key as the kernel has it, {@code 0x4100c1ab}, and for a removed segment whose key
     * reads 0 the note that IPC_RMID cleared it ({@code 0x00000000 (cleared by IPC_RMID)}):
     * it was not necessarily IPC_PRIVATE.
     */
    public String keyWords() {
        return key.hex() + (keyCleared() ? " (" + KEY_CLEARED + ")" : "");
    }

    /** True for a removed segment whose key reads 0: whatever key it had is gone. */
    public boolean keyCleared() {
        return dest && key.isPrivate();
    }

    /** The lines the shell's {@code stat} prints (it adds the handle to the first). */
    @Override
    public List<String> lines() {
        return List.of("shmid " + shmid + "  key " + keyWords(),
                "mode " + modeOctal() + "  size " + size + "  nattch " + nattch + "  status "
                        + (status().isEmpty() ? "-" : statusWords()),
                "owner " + Users.name(uid) + " (uid " + uid + " gid " + gid + ")  creator uid "
                        + cuid + " gid " + cgid + "  cpid " + cpid + "  lpid " + lpid,
                "atime " + dash(atime) + "  dtime " + dash(dtime) + "  ctime " + dash(ctime));
    }

    /** The fields of {@code stat --json}, in its order (the shell puts the handle after key). */
    @Override
    public Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("shmid", shmid);
        f.put("key", key.hex());
        f.put("mode", modeOctal());
        f.put("size", size);
        f.put("nattch", nattch);
        f.put("uid", uid);
        f.put("gid", gid);
        f.put("cuid", cuid);
        f.put("cgid", cgid);
        f.put("cpid", cpid);
        f.put("lpid", lpid);
        f.put("atime", atime);
        f.put("dtime", dtime);
        f.put("ctime", ctime);
        f.put("dest", dest);
        f.put("locked", locked);
        return f;
    }

    /** The shell's {@code stat} lines, the same words: {@link #text()}. */
    @Override
    public String toString() {
        return text();
    }
}
