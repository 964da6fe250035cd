package io.ipcsh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on. */
record Machine(String cpuModel, int cpus, String kernel, String jdk, String gcc) {
    static Machine describe(String gccVersion) {
        return new Machine(readCpuModel(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + Runtime.version()
                        + (io.ipcsh.ipc.Memory.VECTOR_MOVES ? ", with jdk.incubator.vector (Memory's vector moves)" : ""),
                gccVersion);
    }

    private static String readCpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * All CPUs' time since boot in clock ticks, from {@code /proc/stat}'s {@code cpu} line:
     * the whole of it, and the part a hypervisor ran other guests on these CPUs
     * ({@code steal}). A load average does not see steal, yet on a shared host it slows
     * every row of a run; the share over the run says how disturbed it was.
     */
    record Ticks(long total, long stolen) {
        /** Now's ticks, or null where {@code /proc/stat} can't be read. */
        static Ticks now() {
            try {
                return parse(Files.readAllLines(Path.of("/proc/stat")).get(0));
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /**
         * From a {@code cpu user nice system idle iowait irq softirq steal [guest guest_nice]}
         * line: guest time is already counted in user and nice, so the total stops at steal.
         */
        static Ticks parse(String cpuLine) {
            String[] f = cpuLine.strip().split("\\s+");
            if (!f[0].equals("cpu") || f.length < 9) {
                throw new IllegalArgumentException("not /proc/stat's cpu line: " + cpuLine);
            }
            long total = 0;
            for (int i = 1; i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            return new Ticks(total, Long.parseLong(f[8]));
        }

        /** The share of the CPUs' time stolen between {@code before} and {@code after}, or -1 if unknown. */
        static double stolenShare(Ticks before, Ticks after) {
            if (before == null || after == null || after.total <= before.total) {
                return -1;
            }
            return (double) (after.stolen - before.stolen) / (after.total - before.total);
        }
    }

    /** The 1-minute load average, or -1. */
    static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
