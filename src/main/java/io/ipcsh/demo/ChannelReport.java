package io.ipcsh.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one side of a channel run saw. A producer fills {@code sent}; a consumer fills
 * {@code received}, {@code missed} and {@code duplicated}, and {@code sent} only when it
 * knows it (the END's count when synchronized, the N-1 it stopped at otherwise): a run
 * cut short says {@link #UNKNOWN}, and its missed values are only the gaps among those seen.
 *
 * @param role       {@code producer} or {@code consumer}
 * @param mode       how the values were handed over
 * @param sent       values the producer wrote, or {@link #UNKNOWN} (a consumer cut short)
 * @param received   values the consumer took, duplicates included
 * @param missed     values of 0..sent-1 the consumer never saw; cut short, gaps among the values seen
 * @param duplicated takes beyond the first of a value
 * @param elapsed    from the first value to the last
 * @param complete   false if the run was cut short (interrupted or timed out)
 */
public record ChannelReport(String role, Channel.Mode mode, long sent, long received, long missed, long duplicated,
                            Duration elapsed, boolean complete) {
    /** {@code sent} when the consumer cannot know it. */
    public static final long UNKNOWN = -1;

    /** Values per second: received for a consumer, sent for a producer; 0 if no time passed. */
    public double throughput() {
        long n = role.equals("producer") ? sent : received;
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : n * 1e9 / nanos;
    }

    /** One {@code key=value} line that {@link #parse} reads back: how a child process reports to {@code demo}. */
    public String toLine() {
        return "report role=" + role + " mode=" + mode.label() + " sent=" + sent + " received=" + received
                + " missed=" + missed + " duplicated=" + duplicated + " nanos=" + elapsed.toNanos()
                + " complete=" + complete;
    }

    /** Reads a {@link #toLine()} line. */
    public static ChannelReport parse(String line) {
        if (!line.startsWith("report ")) {
            throw new IllegalArgumentException("not a report line: " + line);
        }
        Map<String, String> f = new HashMap<>();
        for (String field : line.substring(7).split(" ")) {
            int eq = field.indexOf('=');
            f.put(field.substring(0, eq), field.substring(eq + 1));
        }
        return new ChannelReport(f.get("role"), Channel.Mode.fromLabel(f.get("mode")),
                Long.parseLong(f.get("sent")), Long.parseLong(f.get("received")), Long.parseLong(f.get("missed")),
                Long.parseLong(f.get("duplicated")), Duration.ofNanos(Long.parseLong(f.get("nanos"))),
                Boolean.parseBoolean(f.get("complete")));
    }

    /** Reads like {@code consumer synchronized: received=1000 missed=0 duplicated=0 in 1.103 s (907/s)}. */
    @Override
    public String toString() {
        String counts = role.equals("producer") ? "sent=" + sent
                : (sent == UNKNOWN ? "" : "sent=" + sent + " ") + "received=" + received + " missed=" + missed + " duplicated=" + duplicated;
        return role + " " + mode.label() + ": " + counts + " in " + seconds(elapsed)
                + String.format(Locale.ROOT, " (%.0f/s)", throughput()) + (complete ? "" : " (cut short)");
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f s", d.toNanos() / 1e9);
    }
}
