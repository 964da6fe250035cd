package io.ipcsh.ipc;

import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The POSIX message queue API in one process: priorities, waits, sizes, names, stat, listing. */
class PosixMessageQueueTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldHandOutTheHighestPriorityFirst() {
        PosixMessageQueue q = ipc.track(PosixMessageQueue.createNew(ipc.freshPosixName(), 0600, 0, 0));
        q.send(1, "routine");
        q.send(9, "urgent");
        q.send(1, "routine too");
        q.send("default");
        assertEquals("priority 9: urgent", q.receive().toString());
        assertEquals("priority 1: routine", q.receive().toString());
        assertEquals("priority 1: routine too", q.receive().toString(), "oldest first within a priority");
        assertEquals("priority 0: default", q.receive().toString());
        assertEquals(Optional.empty(), q.tryReceive(0));
    }

    @Test
    void shouldTakeTheKernelDefaultsOrTheSizesAskedFor() {
        PosixMessageQueue d = ipc.track(PosixMessageQueue.create(ipc.freshPosixName()));
        PosixQueueStat s = d.stat();
        assertEquals(Limits.mqMsgDefault(), s.maxmsg());
        assertEquals(Limits.mqMsgsizeDefault(), s.msgsize());
        assertEquals(0600, s.mode());
        assertEquals(0, s.curmsgs());
        PosixMessageQueue small = ipc.track(PosixMessageQueue.createNew(ipc.freshPosixName(), 0640, 3, 64));
        PosixQueueStat t = small.stat();
        assertEquals(3, t.maxmsg());
        assertEquals(64, t.msgsize());
        assertEquals(0640, t.mode());
        assertEquals(64, small.maxMessageSize());
        PosixMessageQueue half = ipc.track(PosixMessageQueue.createNew(ipc.freshPosixName(), 0600, 4, 0));
        assertEquals(Limits.mqMsgsizeDefault(), half.stat().msgsize(), "the size not given is the default");
    }

    @Test
    void shouldSayEmptyFullAndTooLongInOneMessageEach() {
        String name = ipc.freshPosixName();
        PosixMessageQueue q = ipc.track(PosixMessageQueue.createNew(name, 0600, 2, 16));
        assertEquals(Optional.empty(), q.tryReceive(0), "EAGAIN on an empty queue");
        assertTrue(q.trySend(0, "one".getBytes()));
        assertTrue(q.trySend(0, "two".getBytes()));
        assertFalse(q.trySend(0, "three".getBytes()), "EAGAIN on a full queue");
        assertFalse(q.send(0, "three".getBytes(), Duration.ofMillis(30)), "ETIMEDOUT");
        IpcException tooLong = assertThrows(IpcException.class, () -> q.trySend(0, new byte[17]));
        assertEquals("message too long for " + name + ": size=17 (its msgsize=16) [mq_timedsend: EMSGSIZE]", tooLong.getMessage());
        assertEquals(2, q.stat().curmsgs());
        assertFalse(q.stat().nonblock(), "O_NONBLOCK is only set for the call");
        assertEquals("priority 0: one", q.receive(0, PATIENCE).orElseThrow().toString());
        assertEquals("priority out of range: priority=32768 (use 0 to 32767)",
                assertThrows(IpcException.InvalidArgumentException.class, () -> q.send(32768, "x")).getMessage());
        assertEquals("a POSIX queue has no message types: " + name + " hands out its highest priority first (receive takes no type)",
                assertThrows(IpcException.InvalidArgumentException.class, () -> q.receive(2)).getMessage());
    }

    @Test
    void shouldTimeOutAndBeCancelled() throws Exception {
        String name = ipc.freshPosixName();
        PosixMessageQueue q = ipc.track(PosixMessageQueue.createNew(name, 0600, 0, 0));
        assertEquals(Optional.empty(), q.receive(0, Duration.ofMillis(30)));
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Message> got = CompletableFuture.supplyAsync(() -> {
            waiter.set(Thread.currentThread());
            return q.receive();
        });
        Await.until(() -> waiter.get() != null, PATIENCE, "the receiver started");
        waiter.get().interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> got.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(IpcException.InterruptedIpcException.class, e.getCause());
        assertEquals("receive from " + name + " cancelled", e.getCause().getMessage());
    }

    @Test
    void shouldOpenCreateAndUnlinkByName() {
        String name = ipc.freshPosixName();
        assertEquals("no POSIX message queue " + name + " [mq_open: ENOENT] (create it first)",
                assertThrows(IpcException.NotFoundException.class, () -> PosixMessageQueue.open(name)).getMessage());
        PosixMessageQueue q = ipc.track(PosixMessageQueue.createNew(name, 0600, 0, 0));
        assertTrue(q.created());
        assertEquals("a POSIX message queue " + name + " already exists [mq_open: EEXIST] (open it as it is, or destroy it first)",
                assertThrows(IpcException.AlreadyExistsException.class,
                        () -> PosixMessageQueue.createNew(name, 0600, 0, 0)).getMessage());
        try (PosixMessageQueue other = PosixMessageQueue.create(name)) {
            assertFalse(other.created());
            other.send(4, "through another descriptor");
        }
        assertEquals("priority 4: through another descriptor", q.receive().toString());
        assertTrue(q.leftOnHost().isPresent());
        q.destroy();
        assertEquals(Optional.empty(), q.leftOnHost());
        q.send(1, "unlinked, still open");
        assertEquals("priority 1: unlinked, still open", q.receive().toString(), "the descriptor outlives the name");
        assertThrows(IpcException.NotFoundException.class, () -> PosixMessageQueue.open(name));
        q.detach();
        q.detach();
        assertEquals(name + " is closed in this process (open it again)",
                assertThrows(IpcException.DetachedException.class, () -> q.send(1, "x")).getMessage());
    }

    @Test
    void shouldRefuseQueueSizesTheKernelRefuses() {
        String name = ipc.freshPosixName();
        IpcException e = assertThrows(IpcException.class, () -> PosixMessageQueue.createNew(name, 0600, 1L << 40, 0));
        assertTrue(e.getMessage().startsWith("the kernel refused maxmsg=1099511627776 msgsize=" + Limits.mqMsgsizeDefault()
                + " for a new queue " + name + " [mq_open: "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jobs", "/", "/a/b", "", "//x"})
    void shouldRefuseABadNameInOneLine(String name) {
        IpcException e = assertThrows(IpcException.InvalidArgumentException.class, () -> PosixMessageQueue.create(name));
        assertTrue(e.getMessage().contains("POSIX name"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(a POSIX name is /NAME: one leading slash, no other slash, at most 255 bytes)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void shouldRefuseANameOverNameMax() {
        String longest = "/" + "q".repeat(254);
        assertEquals(longest, PosixName.of(longest).value());
        String rule = " (a POSIX name is /NAME: one leading slash, no other slash, at most 255 bytes)";
        assertEquals("POSIX name too long: 256 bytes" + rule, assertThrows(IpcException.InvalidArgumentException.class,
                () -> PosixMessageQueue.create(longest + "q")).getMessage());
        assertEquals("POSIX name too long: 257 bytes" + rule, assertThrows(IpcException.InvalidArgumentException.class,
                () -> PosixName.of("/" + "é".repeat(128))).getMessage());
    }

    @Test
    void shouldListItFromTheMqueueFilesystem() {
        String name = ipc.freshPosixName();
        PosixMessageQueue q = ipc.track(PosixMessageQueue.createNew(name, 0640, 5, 128));
        q.send(2, "hello");
        q.send(3, "there");
        PosixQueueStat s = PosixMessageQueues.list().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow();
        assertEquals(0640, s.mode());
        assertEquals(5, s.maxmsg());
        assertEquals(128, s.msgsize());
        assertEquals(2, s.curmsgs());
        assertEquals(10, s.usedBytes(), "QSIZE");
        assertEquals(ProcessHandle.current().pid() > 0 ? 0 : -1, s.uid());
        q.destroy();
        assertTrue(PosixMessageQueues.list().stream().noneMatch(l -> l.name().equals(name)));
    }
}
