package io.ipcsh.shell;

import io.ipcsh.demo.ChannelDescriptor;
import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code produce}, {@code consume} and {@code demo} as shell commands, and the seed's producer under {@code watch}. */
class ProduceConsumeCommandTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @TempDir
    Path dir;

    @Test
    void shouldHandEveryValueFromOneShellToAnother() throws Exception {
        IpcKey key = ipc.freshKey();
        ipc.track(Segment.createNew(key, 4096, 0600));
        CompletableFuture<Shell.Result> consumer = CompletableFuture.supplyAsync(
                () -> Shell.run("attach " + key.hex() + "; consume --count 50 --timeout 60s"));
        Shell.Result producer = Shell.run("attach " + key.hex() + "; produce --count 50 --interval 0");
        Shell.Result c = consumer.get(60, TimeUnit.SECONDS);

        assertEquals(0, producer.status(), producer.all());
        assertTrue(producer.out().lines().toList().getLast().startsWith("producer synchronized: sent=50 in "),
                producer.out());
        assertEquals(0, c.status(), c.all());
        List<String> lines = c.out().lines().toList();
        assertEquals(IntStream.range(0, 50).mapToObj(i -> "Received: " + i).toList(), lines.subList(1, 51));
        assertTrue(lines.get(51).startsWith("consumer synchronized: sent=50 received=50 missed=0 duplicated=0 in "),
                lines.get(51));
    }

    @Test
    void shouldRefuseToProduceSynchronizedOnASegmentTooSmall() {
        IpcKey key = ipc.freshKey();
        ipc.track(Segment.createNew(key, 64, 0600));
        Shell.Result r = Shell.run("attach " + key.hex() + "; produce --count 1");
        assertEquals(1, r.status());
        assertEquals("error: segment too small for the synchronized channel: size=64 need=80"
                + " (attach one with --size 80 or more, or use --unsynchronized)\n", r.err());
    }

    @Test
    void shouldGiveUpConsumingAtTheTimeout() {
        IpcKey key = ipc.freshKey();
        ipc.track(Segment.createNew(key, ChannelDescriptor.LENGTH, 0600));
        Shell.Result r = Shell.run("attach " + key.hex() + "; consume --timeout 200ms; echo never");
        assertEquals(1, r.status(), r.all());
        assertEquals("error: timed out after 200ms with 0 values\n", r.err());
    }

    @Test
    void shouldWatchTheSeedsProducer() throws Exception {
        Path producer = seedProducer();
        Path shmfile = Files.createFile(dir.resolve("shmfile"));
        IpcKey key = IpcKey.ftok(shmfile, 65);
        Segment seg = ipc.track(Segment.create(key, 4, 0666));
        seg.putInt(0, -1);
        try (Proc p = Proc.start(List.of("/bin/sh", "-c", "cd \"$1\" && exec ./producer", "sh", dir.toString()))) {
            Shell.Result r = Shell.run("key " + shmfile + "; attach; watch 0 i32 --count 5 --interval 1ms --timeout 60s");
            assertEquals(0, r.status(), r.all());
            List<Integer> seen = r.out().lines().skip(2).map(Integer::parseInt).toList();
            assertEquals(5, seen.size(), r.out());
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i) > seen.get(i - 1), "the seed's counter only grows: " + seen);
            }
            assertEquals(0, p.waitFor(Duration.ofSeconds(60)).exitCode());
        }
    }

    @Test
    void shouldRunTheDemoFromTheCommandLine() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"demo", "--count", "20", "--interval", "0", "--no-lesson"},
                new ByteArrayInputStream(new byte[0]), out, err, false);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text + err.toString(StandardCharsets.UTF_8));
        List<String> lines = text.lines().collect(Collectors.toList());
        assertEquals("demo: 20 values, one every 0, producer and consumer in two processes on a fresh segment",
                lines.getFirst());
        assertEquals("mode              sent  received  missed  duplicated      time   throughput", lines.get(lines.size() - 3));
        assertTrue(lines.get(lines.size() - 2).startsWith("unsynchronized      20 "), text);
        assertTrue(lines.getLast().startsWith("synchronized        20        20       0           0 "), text);
    }

    /** The seed's producer (see io.ipcsh.demo.SeedPrograms), 300 values, built with g++ in {@link #dir}. */
    private Path seedProducer() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/g++")), "g++ is not installed");
        Path src = Files.writeString(dir.resolve("producer.cpp"), """
                #include <sys/shm.h>
                #include <iostream>
                #include <unistd.h>

                int main() {
                    key_t key = ftok("shmfile", 65);
                    int shmid = shmget(key, sizeof(int), 0666 | IPC_CREAT);
                    int* number = (int*) shmat(shmid, (void*)0, 0);

                    for (int i = 0; i < 300; ++i) {
                        *number = i;
                        usleep(1000); // Simulate some processing time
                    }

                    // Detach and destroy shared memory
                    shmdt(number);
                    shmctl(shmid, IPC_RMID, NULL);

                    return 0;
                }
                """);
        Proc.Result r = Proc.run(Duration.ofSeconds(120), List.of("/usr/bin/g++", "-o",
                dir.resolve("producer").toString(), src.toString()));
        assertEquals(0, r.exitCode(), r::describe);
        return dir.resolve("producer");
    }
}
