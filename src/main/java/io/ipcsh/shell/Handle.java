package io.ipcsh.shell;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;

/**
 * A named attachment in a session: {@code h1}, {@code h2}, or the name given with
 * {@code attach --as NAME}. It outlives {@code detach}, so that touching its memory
 * afterwards says "detached" instead of "no such handle".
 *
 * @param created true when this session's {@code shmget} made the segment
 */
public record Handle(String name, Segment segment, boolean created) {

    public IpcKey key() {
        return segment.key();
    }

    public int shmid() {
        return segment.shmid();
    }

    public boolean isAttached() {
        return segment.isAttached();
    }
}
