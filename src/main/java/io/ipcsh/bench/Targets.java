package io.ipcsh.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Targets a reader holds a run against ({@code bench --targets FILE}), each met or missed
 * with the figures that decide it. The bench itself judges nothing: the thresholds are the
 * file's (bin/benchmarks-md gives issue 13's), and without one no report has a verdict.
 *
 * <p>One target a line, {@code MEASURE OP VALUE [what it is]}; {@code #} starts a comment:
 * <pre>
 * throughput.java/c  &gt;=  0.9   Java ÷ C throughput, every mechanism and size
 * rtt.java/c         &lt;=  1.10  Java round trip ÷ C's, every mechanism
 * rtt.pipe/shm-spin  &gt;=  50    pipe's round trip ÷ shm-spin's, in each language
 * </pre>
 * {@link Report#MEASURES} lists the measures. A measure with several rows (every mechanism,
 * size or language) is met when every row is.
 */
final class Targets {
    private final List<Target> list;

    private Targets(List<Target> list) {
        this.list = List.copyOf(list);
    }

    /** One line of the file: a measure, how it compares, and with what. */
    record Target(String measure, String op, double value, String what) {
        boolean holds(double x) {
            return switch (op) {
                case ">=" -> x >= value;
                case "<=" -> x <= value;
                case ">" -> x > value;
                case "<" -> x < value;
                default -> throw new IllegalStateException(op);
            };
        }

        /** How far {@code x} is from missing, as a ratio: under 1 it missed. */
        double margin(double x) {
            return op.startsWith(">") ? x / value : value / x;
        }

        /** "≥ 0.9", as a reader writes it. */
        String text() {
            String symbol = switch (op) {
                case ">=" -> "≥";
                case "<=" -> "≤";
                default -> op;
            };
            return symbol + " " + new java.text.DecimalFormat("#,##0.###", java.text.DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
        }
    }

    /**
     * A target held against one run: what the run reached there, and how many of the
     * measure's rows missed it (of {@code rows}; none measured: 0 of 0).
     */
    record Verdict(Target target, String reached, int missed, int rows) {
        /** "met", "missed", "missed (2 of 24)" or "not measured". */
        String met() {
            return rows == 0 ? "not measured" : missed == 0 ? "met" : rows == 1 ? "missed" : "missed (" + missed + " of " + rows + ")";
        }
    }

    List<Target> list() {
        return list;
    }

    /** Reads {@code file}; a file it can't read, or a line it can't take, is an IllegalArgumentException naming it. */
    static Targets read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("targets " + file + ": no such file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException("targets " + file + ": cannot read it (" + e.getMessage() + ")", e);
        }
        return parse(lines, file.toString());
    }

    static Targets parse(List<String> lines, String source) {
        List<Target> list = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String body = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (body.isEmpty()) {
                continue;
            }
            String where = "targets " + source + " line " + (i + 1) + ": ";
            String[] w = body.split("\\s+", 4);
            if (w.length < 3) {
                throw new IllegalArgumentException(where + "want MEASURE OP VALUE [what], got: " + body);
            }
            try {
                Report.checkMeasure(w[0]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            if (!List.of(">=", "<=", ">", "<").contains(w[1])) {
                throw new IllegalArgumentException(where + "unknown comparison: " + w[1] + " (use >=, <=, > or <)");
            }
            double value;
            try {
                value = Double.parseDouble(w[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(where + "not a number: " + w[2], e);
            }
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(where + "the value must be a positive number: " + w[2]);
            }
            list.add(new Target(w[0], w[1], value, w.length == 4 ? w[3] : w[0]));
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("targets " + source + ": no target in it");
        }
        return new Targets(list);
    }

    /**
     * A missed row as the tables show it, and unrounded where the number shown would meet
     * the target (0.90 for 0.8996 against 0.9, 50× for 49.6 against 50).
     */
    private static String missText(Target t, Report.Reading r) {
        java.util.regex.Matcher shown = LEADING_NUMBER.matcher(r.shown());
        boolean roundedUp = shown.lookingAt() && t.holds(Double.parseDouble(shown.group().replace(",", "")));
        return roundedUp ? r.text() + String.format(Locale.ROOT, " (%.4f unrounded)", r.value()) : r.text();
    }

    /** The figure a reading's text starts with, as {@link Report} writes them: "0.90 (…)", "1,234 commands/s", "50×". */
    private static final java.util.regex.Pattern LEADING_NUMBER = java.util.regex.Pattern.compile("[0-9][0-9,]*(\\.[0-9]+)?");

    /**
     * Each target against {@code report}'s run. Missed: the rows that miss, each with its
     * figure. Met: the row closest to missing, or the only one.
     */
    List<Verdict> judge(Report report) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Target t : list) {
            List<Report.Reading> rows = report.readings(t.measure());
            if (rows.isEmpty()) {
                verdicts.add(new Verdict(t, "not measured", 0, 0));
                continue;
            }
            List<Report.Reading> missed = rows.stream().filter(r -> !t.holds(r.value())).toList();
            if (!missed.isEmpty()) {
                String reached = String.join(", ", missed.stream().map(r -> missText(t, r)).toList());
                verdicts.add(new Verdict(t, reached, missed.size(), rows.size()));
                continue;
            }
            Report.Reading closest = rows.stream().min(java.util.Comparator.comparingDouble(r -> t.margin(r.value()))).orElseThrow();
            verdicts.add(new Verdict(t, rows.size() == 1 ? closest.text() : "closest of " + rows.size() + ": " + closest.text(), 0, rows.size()));
        }
        return verdicts;
    }
}
