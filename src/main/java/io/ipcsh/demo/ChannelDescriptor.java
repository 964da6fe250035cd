package io.ipcsh.demo;

import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.Memory;
import io.ipcsh.ipc.Semaphore;

/**
 * Where the producer/consumer channel keeps its fields in a segment. The same layout is
 * published for C as {@code src/main/c/ipcsh_channel.h}; a test compiles that header and
 * compares its offsets with these.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         value (int32)                         |  0  the seed's *number
 *  +---------------------------------------------------------------+
 *  |                  kind (int32): 1 ITEM, 2 END                  |  4
 *  +---------------------------------------------------------------+
 *  |              magic (int32): 0x49504331 once ready             |  8
 *  +---------------------------------------------------------------+
 *  |                       reserved (int32)                        | 12
 *  +---------------------------------------------------------------+
 *  |                                                               | 16
 *  |          empty: sem_t (32 bytes, 8-aligned), starts at 1      |
 *  |                                                              ...
 *  +---------------------------------------------------------------+
 *  |                                                               | 48
 *  |          full: sem_t (32 bytes, 8-aligned), starts at 0       |
 *  |                                                              ...
 *  +---------------------------------------------------------------+
 *                                                                    80  LENGTH
 * </pre>
 *
 * <p>The protocol: the producer takes {@code empty}, stores {@code value} then
 * {@code kind = ITEM}, and posts {@code full}; the consumer takes {@code full}, loads
 * {@code kind} and {@code value}, and posts {@code empty}. To finish, the producer hands
 * over {@code kind = END} with {@code value} = the number of items it sent. The consumer
 * posts {@code empty} for the END too, so the channel is left ready for the next run.
 *
 * <p>Whoever initialises the channel ({@code sem_init(empty, 1, 1)},
 * {@code sem_init(full, 1, 0)}) stores {@link #MAGIC} last; a consumer that arrives first
 * waits for the magic word instead of touching semaphores that are not there yet.
 *
 * <p>The unsynchronized mode (the seed's original) uses only {@code value} at offset 0,
 * so it also works on the seed's own 4-byte segment.
 */
public final class ChannelDescriptor {
    /** The item handed over: an int32, where the seed keeps its {@code *number}. */
    public static final int VALUE_OFFSET = 0;
    /** What {@code value} holds: {@link #KIND_ITEM} or {@link #KIND_END}. */
    public static final int KIND_OFFSET = 4;
    /** {@link #MAGIC} once both semaphores are initialised. */
    public static final int MAGIC_OFFSET = 8;
    /** Not used yet; zero. */
    public static final int RESERVED_OFFSET = 12;
    /** {@code sem_t empty}: 1 while the slot may be written. */
    public static final int EMPTY_OFFSET = 16;
    /** {@code sem_t full}: 1 while the slot holds something to take. */
    public static final int FULL_OFFSET = EMPTY_OFFSET + (int) Semaphore.SIZE;
    /** Bytes the synchronized channel needs. */
    public static final int LENGTH = FULL_OFFSET + (int) Semaphore.SIZE;
    /** Bytes the unsynchronized mode needs: one int, like the seed's segment. */
    public static final int UNSYNCHRONIZED_LENGTH = 4;

    /** "IPC1" in ASCII. */
    public static final int MAGIC = 0x49504331;
    /** {@code value} is an item. */
    public static final int KIND_ITEM = 1;
    /** The producer is done; {@code value} is how many items it sent. */
    public static final int KIND_END = 2;

    private ChannelDescriptor() {
    }

    /** Refuses a segment too small for the channel, naming both sizes. */
    public static void checkSize(Memory segment, boolean synchronizedMode) {
        long need = synchronizedMode ? LENGTH : UNSYNCHRONIZED_LENGTH;
        if (segment.size() < need) {
            throw new IpcException.InvalidArgumentException("segment too small for the "
                    + (synchronizedMode ? "synchronized" : "unsynchronized") + " channel: size=" + segment.size()
                    + " need=" + need + (synchronizedMode ? " (attach one with --size " + LENGTH
                    + " or more, or use --unsynchronized)" : ""));
        }
    }
}
