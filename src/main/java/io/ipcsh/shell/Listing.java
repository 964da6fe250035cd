package io.ipcsh.shell;

import io.ipcsh.cli.Json;
import io.ipcsh.ipc.IpcStat;

import java.util.List;

/**
 * One kind's part of {@code list}: every object of that kind on the host, with the
 * handles this shell holds on each ({@link Session#handlesFor(String)} by the object's
 * label). A new kind adds its listing to {@link #ALL}; {@code list} prints them in order,
 * keeping those its filters ({@code --memory}, {@code --semaphores}, {@code --queues},
 * {@code --sysv}, {@code --posix}) select by {@link #family()} and {@link #posix()}.
 */
interface Listing {
    /** What a listing lists, for {@code list}'s filters. */
    enum Family { MEMORY, SEMAPHORES, QUEUES }

    /** Every kind's listing, in the order {@code list} prints them. */
    List<Listing> ALL = List.of(new SegmentListing(), new SharedMemoryListing(), new NamedSemaphoreListing(),
            new SemaphoreSetListing(), new QueueListing(), new PosixQueueListing());

    /** Memory, semaphores or queues. */
    Family family();

    /** True for POSIX objects (named by /NAME), false for System V ones (keys and ids). */
    boolean posix();

    /**
     * The handle column: every handle this shell holds on the object, comma-separated,
     * {@code *} after the current one ({@code h1*,b}), or "" for none.
     */
    static String handleCell(Session session, List<Handle> held) {
        return String.join(",", held.stream().map(h -> h.name() + (h == session.current() ? "*" : "")).toList());
    }

    /** For {@code --json}'s {@code handle}: the current one if it is among {@code held}, else the first, else null. */
    static String handleName(Session session, List<Handle> held) {
        return held.stream().filter(h -> h == session.current()).findFirst()
                .or(() -> held.stream().findFirst()).map(Handle::name).orElse(null);
    }

    /** A {@code list --json} row: the object's {@code stat --json} fields with {@code handle} and {@code handles}. */
    static Json jsonRow(Session session, IpcStat stat, List<Handle> held) {
        return StatCommand.json(stat, handleName(session, held)).put("handles", handleNames(held));
    }

    /** For {@code --json}'s {@code handles}: every handle's name, in the order attached. */
    static List<String> handleNames(List<Handle> held) {
        return held.stream().map(Handle::name).toList();
    }

    /** Prints this kind's table (a header, then one row per object), or with {@code json} one object per line. */
    void print(Session session, boolean json);
}
