package io.ipcsh.ipc;

/**
 * A second process on a semaphore set, for the permission tests (run as nobody through
 * AsUser): needs only the project's classes. {@code SemsetPeer SEMID} opens the set by id,
 * reads member 0 and tries to take it, printing one line for each step:
 * {@code open ok} / {@code value 1} / {@code trywait true}, or {@code error Class: message}.
 */
public final class SemsetPeer {
    private SemsetPeer() {
    }

    public static void main(String[] args) {
        int semid = Integer.parseInt(args[0]);
        SemaphoreSet set;
        try {
            set = SemaphoreSet.open(semid);
            System.out.println("open ok");
        } catch (IpcException e) {
            System.out.println("error " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return;
        }
        try {
            System.out.println("value " + set.value(0));
        } catch (IpcException e) {
            System.out.println("error " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        try {
            System.out.println("trywait " + set.member(0).tryAcquire());
        } catch (IpcException e) {
            System.out.println("error " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
