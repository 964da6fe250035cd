package io.ipcsh.ipc;

/**
 * A peer for {@link HoldersTest}, run as another user: prints what {@link Holders} finds
 * for a shmid, and the note on what it could not read. Needs only the ipc classes.
 */
public final class HoldersProbe {
    private HoldersProbe() {
    }

    public static void main(String[] args) {
        Holders h = Holders.of(Footprint.sysvShm(Integer.parseInt(args[0])));
        System.out.println("holders " + h.count() + " unreadable " + h.unreadable());
        h.unreadableNote().ifPresent(System.out::println);
    }
}
