package io.ipcsh.ipc;

/** The permission bits a new IPC object is made with, checked before any call: the same rule and words for every kind. */
final class Modes {
    private Modes() {
    }

    /** Refuses a mode outside 0 to 0777 (no setuid, setgid or sticky bit means anything to IPC objects). */
    static void check(int mode) {
        if (mode < 0 || mode > 0777) {
            throw new IpcException.InvalidArgumentException(
                    "mode out of range: mode=0" + Integer.toOctalString(mode) + " (use 0 to 0777, such as 0600)");
        }
    }
}
