package io.ipcsh.shell;

import io.ipcsh.ipc.CarriesMessages;
import io.ipcsh.ipc.HasSemaphores;
import io.ipcsh.ipc.HoldsMemory;
import io.ipcsh.ipc.IpcObject;
import io.ipcsh.ipc.Segment;

import java.util.Map;

/**
 * A named hold on one IPC object in a session: {@code h1}, {@code h2}, or the name given
 * with {@code --as NAME}. It outlives {@code detach}, so that touching it afterwards says
 * "detached" instead of "no such handle".
 *
 * <p>Commands never look at the object's kind: they ask for the capability they need
 * ({@link #require}), and a wrong kind is one line naming both.
 *
 * @param created true when this session made the object (shmget with IPC_CREAT, shm_open with O_CREAT, ...)
 */
public record Handle(String name, IpcObject object, boolean created) {
    /** What each capability is called in "h2 is a message queue; read needs memory". */
    private static final Map<Class<?>, String> NEEDS = Map.of(
            HoldsMemory.class, "memory",
            HasSemaphores.class, "a semaphore",
            CarriesMessages.class, "messages",
            Segment.class, "a SysV shared memory segment",
            io.ipcsh.ipc.SemaphoreSet.class, "a SysV semaphore set");

    /**
     * The object as {@code capability}, or a one-line error: {@code h2 is a message queue;
     * read needs memory}.
     */
    public <T> T require(Class<T> capability, String command) {
        if (capability.isInstance(object)) {
            return capability.cast(object);
        }
        throw new UserError(name + " is a " + object.kind() + "; " + command + " needs "
                + NEEDS.getOrDefault(capability, capability.getSimpleName()));
    }

    /** How the object is named: "shmid 32769". */
    public String label() {
        return object.label();
    }

    public boolean isAttached() {
        return object.isOpen();
    }
}
