package io.ipcsh.demo;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
import io.ipcsh.testkit.Jvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A C peer built from {@code src/main/c/ipcsh_channel.h} takes part in the synchronized
 * protocol, as producer and as consumer, and the header agrees with {@link ChannelDescriptor}.
 */
class ChannelPeerInteropTest {
    private static final int COUNT = 2000;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @TempDir
    Path dir;

    @Test
    void shouldAgreeWithTheCHeaderOnEveryOffset() throws Exception {
        Path src = Files.writeString(dir.resolve("offsets.c"), """
                #include "%s"
                #include <stdio.h>
                int main(void) {
                    printf("%%d %%d %%d %%d %%d %%d %%d %%d %%d %%d %%d\\n", IPCSH_CHANNEL_VALUE_OFFSET,
                           IPCSH_CHANNEL_KIND_OFFSET, IPCSH_CHANNEL_MAGIC_OFFSET, IPCSH_CHANNEL_RESERVED_OFFSET,
                           IPCSH_CHANNEL_EMPTY_OFFSET, IPCSH_CHANNEL_FULL_OFFSET, IPCSH_CHANNEL_LENGTH,
                           IPCSH_CHANNEL_UNSYNCHRONIZED_LENGTH, IPCSH_CHANNEL_MAGIC, IPCSH_CHANNEL_KIND_ITEM,
                           IPCSH_CHANNEL_KIND_END);
                    return 0;
                }
                """.formatted(header()));
        CProgram.compile("channel_peer.c"); // skips without gcc
        Path exe = dir.resolve("offsets");
        Proc.Result built = Proc.run(TIMEOUT, List.of("gcc", "-std=gnu11", "-Wall", "-Werror", "-o", exe.toString(),
                src.toString()));
        assertEquals(0, built.exitCode(), built::describe);
        Proc.Result r = Proc.run(TIMEOUT, List.of(exe.toString()));
        assertEquals(List.of(ChannelDescriptor.VALUE_OFFSET, ChannelDescriptor.KIND_OFFSET,
                        ChannelDescriptor.MAGIC_OFFSET, ChannelDescriptor.RESERVED_OFFSET, ChannelDescriptor.EMPTY_OFFSET,
                        ChannelDescriptor.FULL_OFFSET, ChannelDescriptor.LENGTH, ChannelDescriptor.UNSYNCHRONIZED_LENGTH,
                        ChannelDescriptor.MAGIC, ChannelDescriptor.KIND_ITEM, ChannelDescriptor.KIND_END).toString(),
                "[" + String.join(", ", r.stdout().strip().split(" ")) + "]");
    }

    @Test
    void shouldTakeEveryValueFromTheCProducerExactlyOnce() {
        Path peer = CProgram.compile("channel_peer.c");
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, ChannelDescriptor.LENGTH, 0600));
        List<String> lines = new ArrayList<>();
        ChannelReport r;
        // The consumer comes first and waits for the C producer to initialise the channel.
        try (Proc p = Proc.start(List.of(peer.toString(), Integer.toString(seg.shmid()), "produce",
                Integer.toString(COUNT), "0"))) {
            r = Channel.of(seg).consume(1, TIMEOUT, lines::add);
            Proc.Result done = p.waitFor(TIMEOUT);
            assertEquals(0, done.exitCode(), done::describe);
            assertTrue(done.stdout().contains("sent " + COUNT), done::describe);
        }
        assertTrue(r.complete(), r::toString);
        assertEquals(List.of((long) COUNT, (long) COUNT, 0L, 0L),
                List.of(r.sent(), r.received(), r.missed(), r.duplicated()));
        assertEquals(IntStream.range(0, COUNT).mapToObj(i -> "Received: " + i).toList(), lines);
    }

    @Test
    void shouldHandEveryValueToTheCConsumerExactlyOnce() {
        Path peer = CProgram.compile("channel_peer.c");
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, ChannelDescriptor.LENGTH, 0600));
        try (Proc c = Proc.start(List.of(peer.toString(), Integer.toString(seg.shmid()), "consume"))) {
            c.awaitLine("attached", TIMEOUT);
            ChannelReport sent = Channel.of(seg).produce(COUNT, Duration.ZERO);
            assertEquals(COUNT, sent.sent());
            Proc.Result done = c.waitFor(TIMEOUT);
            assertEquals(0, done.exitCode(), done::describe);
            List<String> expected = new ArrayList<>(List.of("attached"));
            IntStream.range(0, COUNT).mapToObj(i -> "Received: " + i).forEach(expected::add);
            expected.add("end " + COUNT);
            assertEquals(expected, done.stdout().lines().toList());
        }
    }

    @Test
    void shouldHandOverBetweenTwoJvmsThroughThePeerMain() {
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, ChannelDescriptor.LENGTH, 0600));
        Channel.of(seg).init();
        String id = Integer.toString(seg.shmid());
        try (Proc consumer = Jvm.start(RoleProcess.class, "consume", "--id", id, "--count", "300");
             Proc producer = Jvm.start(RoleProcess.class, "produce", "--id", id, "--count", "300", "--interval", "0")) {
            Proc.Result c = consumer.waitFor(TIMEOUT);
            Proc.Result p = producer.waitFor(TIMEOUT);
            assertEquals(0, p.exitCode(), p::describe);
            assertEquals(0, c.exitCode(), c::describe);
            ChannelReport r = ChannelReport.parse(c.stdout().lines().filter(l -> l.startsWith("report ")).findFirst()
                    .orElseThrow());
            assertEquals(List.of(300L, 300L, 0L, 0L), List.of(r.sent(), r.received(), r.missed(), r.duplicated()));
            assertEquals(300, c.stdout().lines().filter(l -> l.startsWith("Received: ")).count());
        }
    }

    private static String header() {
        return CProgram.SOURCES.resolve("../../main/c/ipcsh_channel.h").normalize().toString();
    }
}
