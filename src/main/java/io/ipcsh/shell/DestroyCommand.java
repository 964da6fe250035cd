package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.PosixName;
import io.ipcsh.ipc.SharedMemory;
import io.ipcsh.ipc.Segment;
import io.ipcsh.ipc.SegmentStat;
import io.ipcsh.ipc.Segments;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code destroy [HANDLE] [--key KEY | --id ID | --name /NAME]}: removes the object from
 * the system, whatever kind the handle holds ({@code shmctl(IPC_RMID)}, {@code shm_unlink},
 * {@code sem_unlink}, ...). SysV memory is freed at the last detach; until then attached
 * processes go on using it and {@code stat} shows {@code dest}. The handle stays attached.
 * Without a handle, {@code --key}/{@code --id} remove SysV memory and {@code --name} POSIX memory.
 */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Remove the handle's object from the system: shmctl(IPC_RMID) for a segment",
                "(freed at the last detach; until then stat shows dest), shm_unlink, sem_unlink,",
                "msgctl(IPC_RMID) or mq_unlink for a queue.",
                "--key/--id remove a SysV segment, --name /NAME POSIX memory, without a handle.",
                "A semaphore set (semctl IPC_RMID) goes at once; its waiters get EIDRM."})
final class DestroyCommand extends ShellCommand implements NeverBlocks {
    @Mixin
    Mixins.Which which;

    @ArgGroup(exclusive = true)
    Target target;

    static final class Target {
        @Option(names = "--key", paramLabel = "KEY", description = "the segment with this key (0x hex or decimal)")
        String key;

        @Option(names = "--id", paramLabel = "ID", converter = Numbers.NonNegative.class, description = "the segment with this shmid")
        Integer id;

        @Option(names = "--name", paramLabel = "/NAME", description = "the POSIX shared memory with this name (shm_unlink)")
        String name;
    }

    @Override
    public Integer call() {
        int shmid;
        if (target != null) {
            if (which.given()) {
                throw new UserError("give a HANDLE or --key/--id, not both");
            }
            if (target.name != null) {
                PosixName name = PosixName.of(target.name);
                SharedMemory.unlink(name);
                session().destroyed(name.value());
                result("destroyed " + name + " (shm_unlink: freed at the last munmap)",
                        Json.object().put("destroyed", name.value()).put("kind", "POSIX shared memory"));
                return OK;
            }
            shmid = target.id != null ? target.id : Segments.idOf(IpcKey.parse(target.key));
        } else {
            Handle h = which.resolve(session());
            if (!(h.object() instanceof Segment segment)) {
                // Every other kind removes itself; SysV memory below also tells how many still hold it.
                h.object().destroy();
                session().destroyed(h.object());
                result("destroyed " + h.object().kind() + " " + h.label(),
                        Json.object().put("handle", h.name()).put("destroyed", h.label()).put("kind", h.object().kind()));
                return OK;
            }
            shmid = segment.shmid();
        }
        long nattch = -1;
        try {
            nattch = SegmentStat.of(shmid).nattch();
        } catch (IpcException e) {
            // destroy below says what is wrong
        }
        Segments.destroy(shmid);
        session().destroyed("shmid " + shmid);
        result("destroyed shmid " + shmid + (nattch > 0 ? " (freed when the last of " + nattch
                + " attached detaches)" : ""), Json.object().put("destroyed", "shmid " + shmid).put("shmid", shmid)
                .put("nattch", Math.max(0, nattch)));
        return OK;
    }
}
