package io.ipcsh.demo;

import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.Segments;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a demo run made (its peer processes and its segment), removable from a finally or
 * a shutdown hook, whichever comes first: the demo and the seed's lesson both leave
 * nothing behind, even when interrupted.
 */
final class Made {
    private final List<Process> processes = new ArrayList<>();
    private volatile int shmid = -1;
    private volatile boolean destroyed;

    /** A peer to kill at clean-up. */
    synchronized void process(Process p) {
        processes.add(p);
    }

    /** The segment to remove at clean-up, unless {@link #destroySegment()} did already. */
    void segment(int id) {
        shmid = id;
    }

    /** IPC_RMID now (the peers are attached): the kernel frees it at their last detach. */
    void destroySegment() {
        Segments.destroy(shmid);
        destroyed = true;
    }

    /** Kills the peers, waits for them, and removes the segment if it still stands. */
    synchronized void cleanUp() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (shmid >= 0 && !destroyed) {
            try {
                Segments.destroy(shmid);
            } catch (IpcException e) {
                // Gone already.
            }
            destroyed = true;
        }
    }
}
