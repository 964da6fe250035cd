package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.PosixName;
import io.ipcsh.ipc.SharedMemory;
import io.ipcsh.ipc.SharedMemoryStat;
import io.ipcsh.ipc.Segment;
import io.ipcsh.ipc.SegmentStat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/**
 * {@code attach [KEY] [--size N] [--create | --new] [--mode 0600] [--readonly] [--as NAME]}
 * and {@code attach --id SHMID}: {@code shmget(key, size, flags | mode)} then
 * {@code shmat(shmid, NULL, readonly ? SHM_RDONLY : 0)}. {@code attach /NAME} is POSIX
 * shared memory: {@code shm_open} (+ {@code ftruncate} when it creates) then
 * {@code mmap(MAP_SHARED)}. The new handle becomes current.
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = {"shmget + shmat: attach a segment; the new handle becomes current.",
                "Without KEY: the current key (see key). Without --size an existing",
                "segment is taken whole. Prints handle, key, shmid, size, mode, nattch.",
                "attach /NAME: POSIX shared memory, shm_open (+ ftruncate) + mmap;",
                "it has no nattch: holders counts the processes mapping it (/proc)."})
final class AttachCommand extends ShellCommand implements NeverBlocks {
    @Parameters(index = "0", arity = "0..1", paramLabel = "KEY",
            description = "0x hex, decimal, private, or /NAME for POSIX shared memory (default: the current key)")
    String key;

    @Option(names = "--id", paramLabel = "SHMID", converter = Numbers.NonNegative.class,
            description = "attach the segment with this id (as list or ipcs -m show it)")
    Integer id;

    @Option(names = "--size", paramLabel = "N", converter = Numbers.Size.class,
            description = "size for a new segment: bytes, or 4k, 1m, 1g")
    Long size;

    @Mixin
    Mixins.Creation creation;

    @Option(names = "--readonly", description = "attach with SHM_RDONLY: every write is refused")
    boolean readOnly;

    @Mixin
    Mixins.As as;

    @Option(names = "--temp", description = "destroy right after attaching: freed at the last detach")
    boolean temp;

    @Override
    public Integer call() {
        String name = as.name(session());
        boolean creating = creation.creating();
        int mode = creation.mode();
        if (key != null && PosixName.looksLikeOne(key)) {
            return attachPosix(PosixName.of(key), name, creating, mode);
        }
        Segment segment;
        if (id != null) {
            if (key != null || creating || size != null) {
                throw new UserError("--id attaches an existing segment: it takes no KEY, --size, --create or --new");
            }
            segment = Segment.attach(id, readOnly);
        } else {
            IpcKey k = key != null ? IpcKey.parse(key) : session().currentKey();
            if (k == null) {
                throw new UserError("no key: give one (attach 0x1234), or choose one first (key PATH, key private)");
            }
            if (creating && size == null) {
                throw new UserError("--create and --new need --size N (such as --size 4k)");
            }
            if (!creating && k.isPrivate()) {
                throw new UserError("a private key always makes a new segment: add --new --size N, or attach --id SHMID");
            }
            if (creating && size == 0) {
                throw new UserError("size must be at least 1: size=0");
            }
            Segment.Creation how = creation.how();
            segment = Segment.attach(k, creating ? size : (size == null ? 0 : size), how, creating ? mode : 0, readOnly);
            if (creating) {
                warnIfOthersMayWrite(err(), mode, "this segment");
            }
        }
        SegmentStat stat = segment.stat();
        // IPC_CREAT does not say whether it created: a segment made by this process that only
        // this attach uses is taken as ours.
        boolean createdHere = creating && stat.cpid() == ProcessHandle.current().pid() && stat.nattch() == 1;
        if (temp) {
            try {
                segment.destroy();
            } catch (RuntimeException e) {
                // Not its owner (EPERM): attached, but it can't be made temporary. Don't keep it.
                segment.detach();
                throw e;
            }
        }
        Handle h = session().add(segment, name, createdHere);
        // The key as it was: after IPC_RMID the kernel shows IPC_PRIVATE.
        result(describe(h, stat) + (temp ? " (temp: destroyed, freed at the last detach)" : ""),
                Json.object().put("handle", h.name()).put("key", stat.key().hex()).put("shmid", stat.shmid()).put("size", stat.size())
                        .put("mode", stat.modeOctal()).put("nattch", stat.nattch()).put("readonly", segment.isReadOnly())
                        .put("created", h.created()).put("temp", temp).put("dest", stat.dest()).put("locked", stat.locked())
                        .put("key_cleared", stat.keyCleared()));
        return OK;
    }

    /** shm_open + mmap: the same options, a name instead of a key. */
    private Integer attachPosix(PosixName posix, String name, boolean creating, int mode) {
        if (id != null) {
            throw new UserError("--id attaches a SysV segment: a POSIX name takes no --id");
        }
        if (creating && size == null) {
            throw new UserError("--create and --new need --size N (such as --size 4k)");
        }
        if (creating && size == 0) {
            throw new UserError("size must be at least 1: size=0");
        }
        Segment.Creation how = creation.how();
        SharedMemory shm = SharedMemory.attach(posix, size == null ? 0 : size, how, creating ? mode : 0, readOnly);
        if (creating && shm.created()) {
            warnIfOthersMayWrite(err(), mode, posix.value());
        }
        SharedMemoryStat stat;
        try {
            stat = shm.stat();
            if (temp) {
                shm.destroy();
            }
        } catch (RuntimeException e) {
            shm.detach();
            throw e;
        }
        Handle h = session().add(shm, name, shm.created());
        if (temp) {
            session().destroyed(shm);
        }
        result(h.name() + ": POSIX shared memory " + posix + " size " + stat.size() + " mode " + stat.modeOctal()
                + " holders " + stat.nattch() + (readOnly ? " readonly" : "") + (h.created() ? " (created)" : "")
                + (temp ? " (temp: destroyed, freed at the last munmap)" : ""),
                Json.object().put("handle", h.name()).put("name", posix.value()).put("size", stat.size())
                        .put("mode", stat.modeOctal()).put("holders", stat.nattch()).put("readonly", readOnly)
                        .put("created", h.created()).put("temp", temp));
        return OK;
    }

    /** The warning for a new object that others may write to (group or world write bit), the same for every kind. */
    static void warnIfOthersMayWrite(PrintWriter err, int mode, String what) {
        if ((mode & 022) != 0) {
            err.println("warning: mode " + String.format("%04o", mode)
                    + " lets other users write to " + what + ((mode & 002) != 0 ? " (world-writable)" : ""));
        }
    }

    /**
     * {@code h1: key 0x4100c1ab shmid 32769 size 4096 mode 0600 nattch 1 (created)}; a
     * segment attached by id after its removal says so in stat's words:
     * {@code h1: key 0x00000000 (cleared by IPC_RMID) shmid 32769 ... nattch 2 dest (removed: freed at the last detach)}.
     */
    static String describe(Handle h, SegmentStat stat) {
        return h.name() + ": key " + stat.keyWords() + " shmid " + stat.shmid() + " size " + stat.size()
                + " mode " + stat.modeOctal() + " nattch " + stat.nattch()
                + (h.require(Segment.class, "attach").isReadOnly() ? " readonly" : "") + (h.created() ? " (created)" : "")
                + (stat.status().isEmpty() ? "" : " " + stat.statusWords());
    }
}
