package io.ipcsh.ipc;

import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SysV message queue API in one process: types, waits, limits, stat, errors. */
class MessageQueueTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldHandOutMessagesByType() {
        MessageQueue q = ipc.track(MessageQueue.createNew(ipc.freshKey(), 0600));
        q.send(2, "first");
        q.send(1, "second");
        q.send(3, "third");
        q.send(1, "fourth");
        assertEquals("type 2: first", q.receive(2).toString(), "exactly type 2");
        assertEquals("type 1: second", q.receive(-3).toString(), "the lowest type up to 3, oldest first");
        assertEquals("type 3: third", q.receive(0).toString(), "the oldest of any type");
        assertEquals(Optional.empty(), q.tryReceive(3));
        assertEquals("type 1: fourth", q.receive().toString());
    }

    @Test
    void shouldCarryBytesExactly() {
        MessageQueue q = ipc.track(MessageQueue.createNew(ipc.freshKey(), 0600));
        byte[] bytes = {0, 1, (byte) 0xff, '\n', 'x', 0};
        q.send(7, bytes);
        q.send(1, new byte[0]);
        Message m = q.receive(7);
        assertTrue(Arrays.equals(bytes, m.bytes()));
        assertEquals("00 01 ff 0a 78 00", m.hex());
        assertEquals("\\x00\\x01\\xff\\x0ax", m.printable(), "controls and non-UTF-8 as \\xNN, the trailing NUL dropped");
        assertEquals(0, q.receive(1).size());
        q.send(1, "héllo 日本");
        assertEquals("héllo 日本", q.receive(0).text());
    }

    @Test
    void shouldSayEmptyAndFullWithoutWaiting() {
        MessageQueue q = ipc.track(MessageQueue.createNew(ipc.freshKey(), 0600));
        assertEquals(Optional.empty(), q.tryReceive(0), "ENOMSG");
        long qbytes = q.stat().qbytes();
        byte[] big = new byte[(int) q.maxMessageSize()];
        int sent = 0;
        while (q.trySend(1, big)) {
            sent++;
            assertTrue(sent <= qbytes / big.length, "more fit than qbytes allows");
        }
        assertEquals(qbytes / big.length, sent, "full at qbytes");
        assertFalse(q.send(1, big, Duration.ofMillis(30)), "a timed send on a full queue runs out of time");
        assertEquals(sent, q.stat().qnum());
    }

    @Test
    void shouldTimeOutOnAnEmptyQueue() {
        MessageQueue q = ipc.track(MessageQueue.createNew(ipc.freshKey(), 0600));
        q.send(5, "five");
        assertEquals(Optional.empty(), q.receive(4, Duration.ofMillis(30)), "no type 4 in time");
        assertEquals(Optional.of("type 5: five"), q.receive(5, Duration.ofSeconds(30)).map(Message::toString));
    }

    @Test
    void shouldRefuseWhatMsgsndCannotTake() {
        MessageQueue q = ipc.track(MessageQueue.createNew(ipc.freshKey(), 0600));
        long max = Limits.msgmax();
        IpcException tooLong = assertThrows(IpcException.InvalidArgumentException.class, () -> q.send(1, new byte[(int) max + 1]));
        assertEquals("message too long for a SysV queue: size=" + (max + 1) + " (kernel.msgmax=" + max + ") [msgsnd: EINVAL]",
                tooLong.getMessage());
        assertEquals("message type out of range: type=0 (msgsnd takes 1 or more)",
                assertThrows(IpcException.InvalidArgumentException.class, () -> q.send(0, "x")).getMessage());
        assertEquals(0, q.stat().qnum());
    }

    @Test
    void shouldCancelABlockedReceiveOnInterrupt() throws Exception {
        MessageQueue q = ipc.track(MessageQueue.createNew(ipc.freshKey(), 0600));
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Message> got = CompletableFuture.supplyAsync(() -> {
            waiter.set(Thread.currentThread());
            return q.receive(0);
        });
        Await.until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING, PATIENCE,
                "the receiver is waiting between polls");
        waiter.get().interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> got.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(IpcException.InterruptedIpcException.class, e.getCause());
        assertEquals("receive from msqid " + q.msqid() + " cancelled", e.getCause().getMessage());
        q.send(1, "still works");
        assertEquals("type 1: still works", q.receive(0).toString());
    }

    @Test
    void shouldTellAWaitingReceiverThatTheQueueWasRemoved() throws Exception {
        MessageQueue q = ipc.track(MessageQueue.createNew(ipc.freshKey(), 0600));
        AtomicReference<Thread> waiter = new AtomicReference<>();
        CompletableFuture<Message> got = CompletableFuture.supplyAsync(() -> {
            waiter.set(Thread.currentThread());
            return q.receive(0);
        });
        Await.until(() -> waiter.get() != null && waiter.get().getState() == Thread.State.TIMED_WAITING, PATIENCE,
                "the receiver is waiting");
        q.destroy();
        ExecutionException e = assertThrows(ExecutionException.class, () -> got.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        assertInstanceOf(IpcException.RemovedException.class, e.getCause());
        assertEquals("msqid " + q.msqid() + " was removed [msgrcv: EINVAL]", e.getCause().getMessage());
    }

    @Test
    void shouldStatAsIpcsDoes() {
        IpcKey key = ipc.freshKey();
        MessageQueue q = ipc.track(MessageQueue.createNew(key, 0640));
        assertTrue(q.created());
        MessageQueueStat fresh = q.stat();
        assertEquals(key, fresh.key());
        assertEquals(0640, fresh.mode());
        assertEquals(0, fresh.qnum());
        assertNull(fresh.stime());
        assertNotNull(fresh.ctime());
        assertEquals(Limits.msgmnb(), fresh.qbytes());
        q.send(3, "hello".getBytes(StandardCharsets.UTF_8));
        MessageQueueStat s = q.stat();
        assertEquals(1, s.qnum());
        assertEquals(5, s.cbytes());
        assertEquals(ProcessHandle.current().pid(), s.lspid());
        assertEquals(0, s.lrpid());
        assertNotNull(s.stime());
        assertEquals("msqid " + q.msqid() + "  key " + key.hex(), s.lines().get(0));
        assertEquals("mode 0640  messages 1  bytes 5  qbytes " + s.qbytes(), s.lines().get(1));
        q.receive(0);
        assertEquals(ProcessHandle.current().pid(), q.stat().lrpid());
        assertEquals("MessageQueue[key=" + key.hex() + " msqid=" + q.msqid() + " mode=0640 qnum=0 cbytes=0 qbytes=" + s.qbytes()
                + " lspid=" + s.lspid() + " lrpid=" + s.lspid() + "]", q.toString());
        assertTrue(MessageQueueStat.list().stream().anyMatch(l -> l.msqid() == q.msqid() && l.key().equals(key)),
                "MSG_STAT_ANY lists it");
    }

    @Test
    void shouldOpenByKeyAndByIdAndNameEachError() {
        IpcKey key = ipc.freshKey();
        assertEquals("no message queue with key " + key.hex() + " [msgget: ENOENT] (create it first)",
                assertThrows(IpcException.NotFoundException.class, () -> MessageQueue.open(key)).getMessage());
        MessageQueue q = ipc.track(MessageQueue.createNew(key, 0600));
        assertEquals("a message queue with key " + key.hex() + " already exists [msgget: EEXIST]"
                        + " (open it as it is, or destroy it first)",
                assertThrows(IpcException.AlreadyExistsException.class, () -> MessageQueue.createNew(key, 0600)).getMessage());
        MessageQueue again = MessageQueue.create(key);
        assertFalse(again.created(), "IPC_CREAT found it there");
        assertEquals(q.msqid(), again.msqid());
        MessageQueue byId = MessageQueue.open(q.msqid());
        assertEquals(key, byId.key());
        byId.send(1, "by id");
        assertEquals("type 1: by id", MessageQueue.open(key).receive(0).toString());
        assertThrows(IpcException.InvalidArgumentException.class, () -> MessageQueue.open(IpcKey.PRIVATE));

        byId.detach();
        assertFalse(byId.isOpen());
        assertEquals("msqid " + q.msqid() + " is detached from this handle (open it again)",
                assertThrows(IpcException.DetachedException.class, () -> byId.send(1, "x")).getMessage());
        q.destroy();
        assertEquals(Optional.empty(), q.leftOnHost());
        assertEquals("no message queue with msqid " + q.msqid() + ": it was removed, or never existed [msgctl: EINVAL]", assertThrows(IpcException.class, () -> MessageQueue.open(q.msqid())).getMessage());
    }

    @Test
    void shouldMakePrivateQueuesEveryTime() {
        MessageQueue a = ipc.track(MessageQueue.create(IpcKey.PRIVATE));
        MessageQueue b = ipc.track(MessageQueue.create(IpcKey.PRIVATE));
        assertTrue(a.created() && b.created());
        assertTrue(a.msqid() != b.msqid());
        assertEquals("private", a.name());
    }
}
