package io.ipcsh.ipc;

import io.ipcsh.testkit.SysvShm;

/** Small helpers shared by the ipc tests. */
final class SegmentStatTestSupport {
    private SegmentStatTestSupport() {
    }

    /** True if no segment on the host has this id now (per /proc/sysvipc/shm). */
    static boolean noSegmentWithId(int shmid) {
        return SysvShm.byId(shmid).isEmpty();
    }
}
