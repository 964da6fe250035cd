package io.ipcsh.bench;

import java.util.Arrays;

/** Percentiles of round-trip samples, computed as ipcbench.c computes them. */
final class Stats {
    private Stats() {
    }

    /** Nearest-rank percentile: the smallest sample at or below which a fraction {@code p} lie. Sorts in place. */
    static long percentile(long[] samples, double p) {
        Arrays.sort(samples);
        return percentileSorted(samples, p);
    }

    static long percentileSorted(long[] sorted, double p) {
        long rank = (long) Math.ceil(p * sorted.length - 1e-9);
        rank = Math.max(1, Math.min(sorted.length, rank));
        return sorted[(int) rank - 1];
    }
}
