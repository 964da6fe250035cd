package io.ipcsh.ipc;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CpuTest {
    /** {@code "0-2,5"} as a set. */
    private static BitSet cpuList(String list) {
        BitSet cpus = new BitSet();
        for (String part : list.strip().split(",")) {
            String[] range = part.split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length == 1 ? from : Integer.parseInt(range[1]);
            cpus.set(from, to + 1);
        }
        return cpus;
    }

    /** The Cpus_allowed_list of a process started from this thread, as the kernel reports it. */
    private static BitSet childAllowed() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "sed -n 's/^Cpus_allowed_list:[[:space:]]*//p' /proc/self/status")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return cpuList(out);
    }

    @Test
    void shouldReportTheKernelsMaskForThisThread() throws IOException {
        String status = Files.readString(Path.of("/proc/thread-self/status"));
        String list = status.lines().filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst().orElseThrow()
                .substring("Cpus_allowed_list:".length());
        assertEquals(cpuList(list), Cpu.allowed());
    }

    @Test
    void shouldPassAPinAndItsUndoingToChildProcesses() throws IOException, InterruptedException {
        BitSet before = Cpu.allowed();
        int one = before.nextSetBit(0);
        try {
            Cpu.pin(one);
            BitSet pinned = new BitSet();
            pinned.set(one);
            assertEquals(pinned, Cpu.allowed());
            assertEquals(pinned, childAllowed());
            Cpu.pin(before);
            assertEquals(before, Cpu.allowed());
            assertEquals(before, childAllowed());
        } finally {
            Cpu.pin(before);
        }
    }

    @Test
    void shouldRefuseAnEmptySet() {
        assertThrows(IllegalArgumentException.class, () -> Cpu.pin(new BitSet()));
    }
}
