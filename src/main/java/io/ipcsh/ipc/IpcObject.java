package io.ipcsh.ipc;

/**
 * One kernel IPC object this process holds a handle to, whatever its kind. Every kind
 * has the same verbs (design.md, "The object model"): {@link #detach()} lets go of this
 * process's hold, {@link #destroy()} removes the object from the system, {@link #stat()}
 * shows what the kernel knows. What else it can do is a capability interface:
 * {@link HoldsMemory}, {@link HasSemaphores}, {@link CarriesMessages}.
 *
 * <p>One final class per kind; add it to {@code permits} with its capabilities.
 */
public sealed interface IpcObject extends AutoCloseable permits Segment, SharedMemory, NamedSemaphore, SemaphoreSet,
        MessageQueue, PosixMessageQueue {
    /** The kind, as a noun for messages: "shared memory segment", "message queue". */
    String kind();

    /** How messages and {@code handles} name it: "shmid 32769", "/jobs". */
    String label();

    /**
     * How a user names it, short, for the shell's prompt and completion: the key
     * ({@code 0x4100c1ab}, or {@code private}) for SysV, {@code /jobs} for POSIX.
     */
    String name();

    /**
     * One line for the shell's {@code handles}: what it is and how it is held, such as
     * {@code key 0x4100c1ab shmid 32769    size 4096       readwrite}.
     */
    String summary();

    /**
     * If it is still on the host and not marked for removal, what the shell's exit says of
     * it after "left on the host: ", naming a command that removes it from a plain shell
     * ({@code shmid 32769 key 0x... size 4096 nattch 0 (remove it from bash: ipcrm -m 32769)}),
     * such as ipcrm or rm, since the shell that made it is gone by then.
     * Empty once it is gone.
     */
    java.util.Optional<String> leftOnHost();

    /** What the kernel knows of it now. */
    IpcStat stat();

    /**
     * How a process holding it shows in {@code /proc} ({@link Holders}): a SysV attach by
     * shmid, a POSIX object by device and inode. Empty for a kind the kernel keeps no
     * per-process trace of (SysV semaphore sets and message queues).
     */
    default java.util.Optional<Footprint> footprint() {
        return java.util.Optional.empty();
    }

    /** Removes it from the system (IPC_RMID, shm_unlink, sem_unlink, mq_unlink). */
    void destroy();

    /** Lets go of this process's hold (shmdt, munmap, sem_close, mq_close). Twice is harmless. */
    void detach();

    /** False once {@link #detach()} ran. */
    boolean isOpen();

    /** Same as {@link #detach()}, for try-with-resources. */
    @Override
    default void close() {
        detach();
    }
}
