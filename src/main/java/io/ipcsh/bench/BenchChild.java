package io.ipcsh.bench;

import io.ipcsh.ipc.ByteStream;
import io.ipcsh.ipc.Cpu;
import io.ipcsh.ipc.Fifo;
import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import io.ipcsh.ipc.Semaphore;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The second JVM of a Java measurement: started by {@link BenchChildProcess} with the same
 * class path, it takes one command per line on standard input and plays the child's
 * part of ipcbench.c:
 *
 * <pre>
 *   rtt  MECH ROUNDS_PLUS_WARMUP CPU ADDRESS   ->  ready, done
 *   tput MECH SIZE COUNT CPU ADDRESS           ->  ready, done
 *   agrona SIZE COUNT CPU SHMID                ->  ready, done   (AgronaAnchor)
 *   idle SHMID                                 ->  ready, done   (one awaitAdaptive on sem A)
 *   sempair COUNT                              ->  ns NANOS, done (post + tryAcquire pairs)
 *   fifopair COUNT                             ->  ns NANOS, done (8-byte write + read pairs on one FIFO)
 *   quit
 * </pre>
 *
 * ADDRESS is a shmid, a directory holding FIFOs or a socket, or a TCP port. Any failure
 * is one line {@code error MESSAGE}, and the peer goes on to the next command.
 */
public final class BenchChild {
    private BenchChild() {
    }

    public static void main(String[] args) throws Exception {
        // A peer spinning on shared memory must not outlive a parent that was killed.
        Thread.ofPlatform().daemon().name("bench-peer-orphan-check").start(() -> {
            ProcessHandle.current().parent().ifPresent(p -> p.onExit().join());
            Runtime.getRuntime().halt(3);
        });
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] w = line.strip().split(" ");
            if (w[0].equals("quit")) {
                return;
            }
            try {
                run(w, out);
                out.println("done");
            } catch (Throwable t) {
                out.println("error " + String.valueOf(t.getMessage()).replace('\n', ' '));
            }
        }
    }

    private static void run(String[] w, PrintStream out) throws Exception {
        switch (w[0]) {
            case "rtt" -> {
                Mechanism m = Mechanism.of(w[1]);
                long total = Long.parseLong(w[2]);
                pin(Integer.parseInt(w[3]));
                try (Transport.Child end = m.transport().connect(m, w[4])) {
                    out.println("ready");
                    end.rtt(total);
                }
            }
            case "tput" -> {
                Mechanism m = Mechanism.of(w[1]);
                int size = Integer.parseInt(w[2]);
                long count = Long.parseLong(w[3]);
                pin(Integer.parseInt(w[4]));
                try (Transport.Child end = m.transport().connect(m, w[5])) {
                    out.println("ready");
                    end.tput(size, count);
                }
            }
            case "agrona" -> {
                int size = Integer.parseInt(w[1]);
                long count = Long.parseLong(w[2]);
                pin(Integer.parseInt(w[3]));
                try (Segment seg = Segment.attach(Integer.parseInt(w[4]))) {
                    out.println("ready");
                    AgronaAnchor.receive(seg.memory(), size, count);
                }
            }
            case "idle" -> {
                try (Segment seg = Segment.attach(Integer.parseInt(w[1]))) {
                    out.println("ready");
                    seg.semaphore(BenchDescriptor.SEM_A).awaitAdaptive();
                }
            }
            case "sempair" -> {
                long count = Long.parseLong(w[1]);
                try (Segment seg = Segment.create(IpcKey.PRIVATE, 4096)) {
                    seg.destroy();
                    out.println("ns " + semPairs(seg.semaphore(0).init(0), count));
                }
            }
            case "fifopair" -> out.println("ns " + fifoPairs(Long.parseLong(w[1])));
            default -> throw new IllegalArgumentException("unknown command: " + w[0]);
        }
    }

    /** Nanoseconds per {@code post()} + {@code tryAcquire()} pair over {@code count} pairs. */
    private static double semPairs(Semaphore s, long count) {
        long t0 = System.nanoTime();
        for (long i = 0; i < count; i++) {
            s.post();
            s.tryAcquire();
        }
        return (System.nanoTime() - t0) / (double) count;
    }

    /**
     * Nanoseconds per 8-byte {@code writeFully} + {@code readFully} pair on one FIFO,
     * ipcbench's fifopair through ipcsh's {@link ByteStream}: neither call can block, the
     * FIFO holding the 8 bytes until the read takes them.
     */
    private static double fifoPairs(long count) throws IOException {
        Path dir = Files.createTempDirectory("ipcsh-bench");
        Path path = dir.resolve("pair");
        try { // from here on, a failure (mkfifo's too) leaves no directory behind
            Fifo fifo = Fifo.create(path, 0600);
            try (ByteStream in = fifo.tryOpenReader(); ByteStream out = fifo.openWriter(); Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(8);
                long t0 = System.nanoTime();
                for (long i = 0; i < count; i++) {
                    out.writeFully(buf);
                    in.readFully(buf);
                }
                return (System.nanoTime() - t0) / (double) count;
            }
        } finally {
            Files.deleteIfExists(path);
            Files.delete(dir);
        }
    }

    /**
     * The whole peer JVM, its compiler and GC threads with its working one, as the parent
     * pinned itself. A negative cpu: the parent didn't pin, so neither does the child.
     */
    private static void pin(int cpu) {
        if (cpu >= 0) {
            Cpu.pinProcess(cpu);
        }
    }
}
