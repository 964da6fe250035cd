package io.ipcsh.ipc;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Each thread's Cpus_allowed_list, from the kernel's /proc/self/task/TID/status. */
    private static java.util.Map<String, BitSet> threadMasks() throws IOException {
        java.util.Map<String, BitSet> masks = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String list = Files.readString(t.resolve("status")).lines().filter(l -> l.startsWith("Cpus_allowed_list:"))
                            .findFirst().orElseThrow().substring("Cpus_allowed_list:".length());
                    masks.put(t.getFileName().toString(), cpuList(list));
                } catch (java.nio.file.NoSuchFileException e) {
                    // the thread ended after the listing
                }
            }
        }
        return masks;
    }

    @Test
    void shouldPinEveryThreadOfTheProcessAndGiveThemBack() throws Exception {
        BitSet before = Cpu.allowed();
        BitSet one = new BitSet();
        one.set(before.nextSetBit(0));
        // A thread that exists before the pin, and is not the caller: the JVM's own (GC, JIT) are others.
        java.util.concurrent.CountDownLatch stop = new java.util.concurrent.CountDownLatch(1);
        Thread idle = Thread.ofPlatform().daemon().start(() -> {
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            Cpu.pinProcess(one);
            java.util.Map<String, BitSet> pinned = threadMasks();
            assertTrue(pinned.size() > 2, pinned::toString);
            pinned.forEach((tid, mask) -> assertEquals(one, mask, "thread " + tid));
            // A thread started afterwards inherits the mask, and so does a process.
            BitSet[] inherited = new BitSet[1];
            Thread later = Thread.ofPlatform().start(() -> inherited[0] = Cpu.allowed());
            later.join();
            assertEquals(one, inherited[0]);
            assertEquals(one, childAllowed());
            Cpu.pinProcess(before);
            threadMasks().forEach((tid, mask) -> assertEquals(before, mask, "thread " + tid));
        } finally {
            Cpu.pinProcess(before);
            stop.countDown();
            idle.join();
        }
    }

    @Test
    void shouldRefuseAnEmptySet() {
        assertThrows(IllegalArgumentException.class, () -> Cpu.pin(new BitSet()));
        assertThrows(IllegalArgumentException.class, () -> Cpu.pinProcess(new BitSet()));
        assertThrows(IllegalArgumentException.class, () -> Cpu.pinProcess(-1));
    }
}
