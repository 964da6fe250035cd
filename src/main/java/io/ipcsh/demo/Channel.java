package io.ipcsh.demo;

import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.HoldsMemory;
import io.ipcsh.ipc.Memory;
import io.ipcsh.ipc.Semaphore;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

import static io.ipcsh.demo.ChannelDescriptor.EMPTY_OFFSET;
import static io.ipcsh.demo.ChannelDescriptor.FULL_OFFSET;
import static io.ipcsh.demo.ChannelDescriptor.KIND_END;
import static io.ipcsh.demo.ChannelDescriptor.KIND_ITEM;
import static io.ipcsh.demo.ChannelDescriptor.KIND_OFFSET;
import static io.ipcsh.demo.ChannelDescriptor.MAGIC;
import static io.ipcsh.demo.ChannelDescriptor.MAGIC_OFFSET;
import static io.ipcsh.demo.ChannelDescriptor.VALUE_OFFSET;

/**
 * The seed's two roles on a segment: {@link #produce} writes 0..N-1 at an interval,
 * {@link #consume} prints {@code Received: N} for every value it takes.
 *
 * <pre>{@code
 * var ch = Channel.of(seg);                        // synchronized: empty/full hand-off
 * ch.produce(1000, Duration.ofMillis(1));          // in one process
 * ch.consume(System.out::println);                 // in another: Received: 0 ... Received: 999
 * Channel.unsynchronized(seg).consume(...)         // the seed's original: poll an int
 * }</pre>
 *
 * <h2>Why the seed's single semaphore is not enough</h2>
 * The seed's consumer polls an int and prints it when it changes. Nothing makes the
 * producer wait for the consumer, so a value the producer overwrites before the consumer
 * looks is <em>missed</em>. The seed then suggests one semaphore, initialised to 1, held
 * around the write and around the read. That is a mutex: it makes each access whole, but
 * an int store is whole anyway, and it says nothing about <em>whose turn</em> it is. The
 * producer can take the mutex twice in a row and overwrite a value nobody read (missed),
 * and the consumer can take it twice in a row and read the same value again (duplicated).
 *
 * <p>Handing values over needs two counting semaphores: {@code empty} (starts at 1)
 * counts free slots and {@code full} (starts at 0) counts values waiting. The producer
 * waits on {@code empty} before writing and posts {@code full} after; the consumer waits
 * on {@code full} before reading and posts {@code empty} after. Each value is then read
 * exactly once: zero missed, zero duplicated. The layout is in {@link ChannelDescriptor}.
 *
 * <p>The synchronized waits spin briefly and then block
 * ({@link Semaphore#awaitAdaptive()}): a value that arrives within microseconds is taken
 * without a sleep and wake-up. Every wait here is interruptible
 * ({@link Thread#interrupt()}, Ctrl-C in the shell): the run stops and returns a report
 * marked as cut short.
 */
public final class Channel {
    /** The default number of values, as in the seed. */
    public static final int DEFAULT_COUNT = 1000;
    /** The default pause after each value, as the seed's {@code usleep(1000)}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(1);

    /** How values are handed from producer to consumer. */
    public enum Mode {
        /** Through the {@code empty}/{@code full} semaphores: nothing lost, nothing twice. */
        SYNCHRONIZED("synchronized"),
        /** The seed's original: the producer overwrites an int, the consumer polls it. */
        UNSYNCHRONIZED("unsynchronized");

        private final String label;

        Mode(String label) {
            this.label = label;
        }

        /** {@code synchronized} or {@code unsynchronized}. */
        public String label() {
            return label;
        }

        static Mode fromLabel(String label) {
            for (Mode m : values()) {
                if (m.label.equals(label)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("no mode " + label);
        }
    }

    private final Memory segment;
    private final Mode mode;

    private Channel(Memory segment, Mode mode) {
        ChannelDescriptor.checkSize(segment, mode == Mode.SYNCHRONIZED);
        this.segment = segment;
        this.mode = mode;
    }

    /** The synchronized channel in {@code segment} (at least {@link ChannelDescriptor#LENGTH} bytes). */
    public static Channel of(Memory segment) {
        return new Channel(segment, Mode.SYNCHRONIZED);
    }

    /** The synchronized channel in what {@code holder} maps (a SysV segment, a POSIX mapping). */
    public static Channel of(HoldsMemory holder) {
        return of(holder.memory());
    }

    /** The seed's unsynchronized int at offset 0 of {@code segment} (4 bytes are enough). */
    public static Channel unsynchronized(Memory segment) {
        return new Channel(segment, Mode.UNSYNCHRONIZED);
    }

    /** As {@link #unsynchronized(Memory)}, in what {@code holder} maps. */
    public static Channel unsynchronized(HoldsMemory holder) {
        return unsynchronized(holder.memory());
    }

    /** The channel in {@code segment} in the given mode. */
    public static Channel of(Memory segment, Mode mode) {
        return new Channel(segment, mode);
    }

    /** As {@link #of(Memory, Mode)}, in what {@code holder} maps. */
    public static Channel of(HoldsMemory holder, Mode mode) {
        return of(holder.memory(), mode);
    }

    /** The memory it lives in. */
    public Memory memory() {
        return segment;
    }

    public Mode mode() {
        return mode;
    }

    /**
     * Makes the synchronized channel ready: {@code sem_init(empty, 1, 1)},
     * {@code sem_init(full, 1, 0)}, then the magic word. Only while nobody uses it:
     * re-initialising a semaphore someone waits on is undefined in C.
     */
    public Channel init() {
        requireSynchronized("init");
        segment.putIntVolatile(MAGIC_OFFSET, 0);
        segment.putInt(VALUE_OFFSET, 0);
        segment.putInt(KIND_OFFSET, 0);
        empty().init(1);
        full().init(0);
        segment.putIntVolatile(MAGIC_OFFSET, MAGIC);
        return this;
    }

    /** True once the synchronized channel was initialised (by {@link #init()} or a C peer). */
    public boolean isInitialized() {
        return segment.size() >= ChannelDescriptor.LENGTH && segment.getIntVolatile(MAGIC_OFFSET) == MAGIC;
    }

    /** {@code produce(1000, 1 ms)}, as the seed does. */
    public ChannelReport produce() {
        return produce(DEFAULT_COUNT, DEFAULT_INTERVAL);
    }

    /**
     * Writes 0..count-1, pausing {@code interval} after each. Synchronized, it initialises
     * the channel if no one has, waits for the consumer to take each value, and ends with an
     * END hand-off; unsynchronized, it just overwrites the int as the seed's producer does.
     */
    public ChannelReport produce(int count, Duration interval) {
        if (count < 0) {
            throw new IpcException.InvalidArgumentException("count must not be negative: count=" + count);
        }
        if (interval.isNegative()) {
            throw new IpcException.InvalidArgumentException("interval must not be negative: interval=" + interval);
        }
        if (mode == Mode.SYNCHRONIZED && !isInitialized()) {
            init();
        }
        long start = System.nanoTime();
        int sent = 0;
        boolean complete = false;
        try {
            for (int i = 0; i < count; i++) {
                if (mode == Mode.SYNCHRONIZED) {
                    empty().awaitAdaptive();
                    segment.putIntVolatile(VALUE_OFFSET, i);
                    segment.putIntVolatile(KIND_OFFSET, KIND_ITEM);
                    full().post();
                } else {
                    segment.putIntVolatile(VALUE_OFFSET, i);
                }
                sent++;
                pause(interval);
            }
            if (mode == Mode.SYNCHRONIZED) {
                empty().awaitAdaptive();
                handOverEnd(sent);
            }
            complete = true;
        } catch (IpcException.InterruptedIpcException e) {
            Thread.currentThread().interrupt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!complete && mode == Mode.SYNCHRONIZED && segment.isAlive() && empty().tryAcquire()) {
                // Cut short: still tell a waiting consumer that this is the end, if the slot is free.
                handOverEnd(sent);
            }
        }
        return new ChannelReport("producer", mode, sent, 0, 0, 0, Duration.ofNanos(System.nanoTime() - start), complete);
    }

    /** Consumes until the end, expecting {@value #DEFAULT_COUNT} values, printing to standard output. */
    public ChannelReport consume() {
        return consume(DEFAULT_COUNT, null, System.out::println);
    }

    /** Consumes until the end, expecting {@value #DEFAULT_COUNT} values, sending each line to {@code out}. */
    public ChannelReport consume(Consumer<String> out) {
        return consume(DEFAULT_COUNT, null, out);
    }

    /**
     * Takes values and hands {@code Received: N} to {@code out} for each.
     *
     * <p>Synchronized, it waits for the channel to be initialised, then takes every value
     * until the producer's END, and counts missed values against the END's count.
     * Unsynchronized, it is the seed's loop: spin on the int and report it when it changes;
     * it stops at {@code expected - 1} (the last value stays in the int) and counts missed
     * values against {@code expected}.
     *
     * @param expected how many values the producer sends (0..expected-1)
     * @param timeout  give up after this long in total; null or zero waits for ever
     */
    public ChannelReport consume(int expected, Duration timeout, Consumer<String> out) {
        return consume(expected, timeout, out, () -> { });
    }

    /**
     * As {@link #consume(int, Duration, Consumer)}, calling {@code looking} once it is
     * looking: unsynchronized, after its first look at the int (so a producer started
     * from then on is seen from its first change; one started before might be over
     * already, its last value taken for old); synchronized, at once.
     */
    public ChannelReport consume(int expected, Duration timeout, Consumer<String> out, Runnable looking) {
        if (expected < 1) {
            throw new IpcException.InvalidArgumentException("count must be at least 1: count=" + expected);
        }
        long deadline = timeout == null || timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        Tally tally = new Tally(expected);
        boolean complete = false;
        try {
            if (mode == Mode.SYNCHRONIZED) {
                looking.run();
                complete = takeHandOffs(tally, deadline, out);
            } else {
                complete = pollInt(tally, deadline, out, looking);
            }
        } catch (IpcException.InterruptedIpcException e) {
            Thread.currentThread().interrupt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return tally.report(mode, complete);
    }

    private boolean takeHandOffs(Tally tally, long deadline, Consumer<String> out) throws InterruptedException {
        while (!isInitialized()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        Semaphore full = full();
        Semaphore empty = empty();
        while (true) {
            if (deadline == Long.MAX_VALUE) {
                full.awaitAdaptive();
            } else if (!full.awaitAdaptive(Semaphore.DEFAULT_SPIN,
                    Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                return false;
            }
            int kind = segment.getIntVolatile(KIND_OFFSET);
            int value = segment.getIntVolatile(VALUE_OFFSET);
            empty.post();
            if (kind == KIND_END) {
                tally.sent = value;
                return true;
            }
            tally.take(value);
            out.accept("Received: " + value);
        }
    }

    private boolean pollInt(Tally tally, long deadline, Consumer<String> out, Runnable looking) {
        // The first look finds whatever is there (a fresh segment's 0, the last value of an
        // earlier run): nobody sent it during this run, so it is neither printed nor
        // counted. Only changes from it are values received.
        int last = segment.getIntVolatile(VALUE_OFFSET);
        looking.run();
        int spins = 0;
        while (true) {
            int value = segment.getIntVolatile(VALUE_OFFSET);
            if (value != last) {
                tally.take(value);
                out.accept("Received: " + value);
                last = value;
                if (value == tally.sent - 1) {
                    return true;
                }
            } else {
                Thread.onSpinWait();
                // The seed spins flat out; checking the clock and interrupts every few
                // thousand turns costs nothing visible and keeps Ctrl-C working.
                if (++spins == 4096) {
                    spins = 0;
                    if (Thread.currentThread().isInterrupted()) {
                        throw new IpcException.InterruptedIpcException("consume cancelled");
                    }
                    if (System.nanoTime() >= deadline) {
                        return false;
                    }
                }
            }
        }
    }

    private void handOverEnd(int sent) {
        segment.putIntVolatile(VALUE_OFFSET, sent);
        segment.putIntVolatile(KIND_OFFSET, KIND_END);
        full().post();
    }

    private Semaphore empty() {
        return segment.semaphore(EMPTY_OFFSET);
    }

    private Semaphore full() {
        return segment.semaphore(FULL_OFFSET);
    }

    private void requireSynchronized(String what) {
        if (mode != Mode.SYNCHRONIZED) {
            throw new IpcException.InvalidArgumentException(what + " is for the synchronized channel only");
        }
    }

    private static void pause(Duration interval) throws InterruptedException {
        if (!interval.isZero()) {
            Thread.sleep(interval);
        }
    }

    @Override
    public String toString() {
        return "Channel[" + mode.label() + " " + segment.label()
                + (mode == Mode.SYNCHRONIZED ? (isInitialized() ? " ready" : " not initialised") : "") + "]";
    }

    /** Counts what a consumer took, to find missed and duplicated values. */
    private static final class Tally {
        private static final int MAX_TRACKED = 1 << 24;

        long sent;
        private int[] seen = new int[16];
        long received;
        long first;
        private long last;

        Tally(int expected) {
            this.sent = expected;
        }

        void take(int value) {
            long now = System.nanoTime();
            if (first == 0) {
                first = now;
            }
            last = now;
            received++;
            if (value < 0 || value >= MAX_TRACKED) {
                return; // not one of 0..N-1: received, but neither missed nor a duplicate
            }
            if (value >= seen.length) {
                seen = Arrays.copyOf(seen, Math.max(value + 1, seen.length * 2));
            }
            seen[value]++;
        }

        ChannelReport report(Mode mode, boolean complete) {
            long missed = 0;
            long duplicated = 0;
            // Complete, the count of values is known (the END's count, or N-1 seen): missed
            // are those of 0..sent-1 never seen. Cut short it is not: only the gaps among
            // the values seen count, and nothing is claimed about what was sent.
            long from = 0;
            long to = sent;
            if (!complete) {
                from = Long.MAX_VALUE;
                to = 0;
                for (int v = 0; v < seen.length; v++) {
                    if (seen[v] > 0) {
                        from = Math.min(from, v);
                        to = v + 1;
                    }
                }
            }
            for (long v = from; v < to; v++) {
                int n = v < seen.length ? seen[(int) v] : 0;
                if (n == 0) {
                    missed++;
                }
            }
            for (int n : seen) {
                duplicated += Math.max(0, n - 1);
            }
            return new ChannelReport("consumer", mode, complete ? sent : ChannelReport.UNKNOWN, received, missed, duplicated,
                    Duration.ofNanos(first == 0 ? 0 : last - first), complete);
        }
    }
}
