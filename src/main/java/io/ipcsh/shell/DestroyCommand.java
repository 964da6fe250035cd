package io.ipcsh.shell;

import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import io.ipcsh.ipc.SegmentStat;
import io.ipcsh.ipc.Segments;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code destroy [HANDLE] [--key KEY | --id ID]}: {@code shmctl(shmid, IPC_RMID)}. The
 * kernel frees the segment at the last detach; until then attached processes go on
 * using it and {@code stat} shows {@code dest}. The handle stays attached.
 */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"shmctl(IPC_RMID): remove a segment; freed at the last detach.",
                "Until then attached processes keep using it and stat shows dest."})
final class DestroyCommand extends ShellCommand {
    @Mixin
    Mixins.Which which;

    @ArgGroup(exclusive = true)
    Target target;

    static final class Target {
        @Option(names = "--key", paramLabel = "KEY", description = "the segment with this key (0x hex or decimal)")
        String key;

        @Option(names = "--id", paramLabel = "ID", converter = Numbers.NonNegative.class, description = "the segment with this shmid")
        Integer id;
    }

    @Override
    public Integer call() {
        int shmid;
        if (target != null) {
            if (which.given()) {
                throw new UserError("give a HANDLE or --key/--id, not both");
            }
            shmid = target.id != null ? target.id : Segments.idOf(IpcKey.parse(target.key));
        } else {
            Handle h = which.resolve(session());
            shmid = h.require(Segment.class, "destroy").shmid();
        }
        long nattch = -1;
        try {
            nattch = SegmentStat.of(shmid).nattch();
        } catch (IpcException e) {
            // destroy below says what is wrong
        }
        Segments.destroy(shmid);
        session().destroyed("shmid " + shmid);
        out().println("destroyed shmid " + shmid + (nattch > 0 ? " (freed when the last of " + nattch
                + " attached detaches)" : ""));
        return OK;
    }
}
