package io.ipcsh.ipc;

import io.ipcsh.posix.Unistd;
import io.ipcsh.testkit.AsUser;
import io.ipcsh.testkit.Await;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.Proc;
import io.ipcsh.testkit.QueuePeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Java and C on the same message queues, the C peers ({@code src/test/c/msg_peer.c},
 * {@code mq_peer.c}) built with gcc here: typed SysV messages and prioritised POSIX ones
 * both ways, a C receiver blocked in msgrcv when Java removes the queue (EIDRM), and a
 * peer that is not root refused by the kernel (EACCES).
 */
class QueueInteropTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String MSGRCV = "70";
    private static final String MQ_TIMEDRECEIVE = "243";

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldPassTypedMessagesBothWaysWithACProgram() {
        String exe = CProgram.compile("msg_peer.c").toString();
        IpcCleanup.FreshKey k = ipc.freshKeyFile();
        MessageQueue q = ipc.track(MessageQueue.createNew(k.key(), 0600));
        try (Proc c = Proc.start(List.of(exe))) {
            c.awaitLine("ready", PATIENCE);
            c.println("ftok " + k.file() + " " + k.projId());
            assertEquals("ok key " + k.key().hex() + " msqid " + q.msqid(), answer(c), "the same ftok key and queue in C");

            q.send(2, "first from Java");
            q.send(1, "second from Java");
            c.println("recv 2");
            assertEquals("ok 2 first from Java", answer(c), "C's msgrcv(msgtyp=2) skips the type 1");
            c.println("recv-nowait -5");
            assertEquals("ok 1 second from Java", answer(c));
            c.println("recv-nowait 0");
            assertEquals("error ENOMSG", answer(c));

            c.println("send 7 seven from C");
            assertEquals("ok", answer(c));
            c.println("send 3 three from C");
            assertEquals("ok", answer(c));
            assertEquals("type 3: three from C", q.receive(-4).toString(), "the lowest type up to 4");
            assertEquals("type 7: seven from C", q.receive(7).toString());

            // C blocks first; Java's msgsnd must wake it.
            c.println("recv 4");
            c.awaitLine("waiting", PATIENCE);
            awaitBlockedIn(c, MSGRCV);
            q.send(4, "wake up");
            assertEquals("ok 4 wake up", answer(c));
            assertEquals(ProcessHandle.current().pid(), q.stat().lspid());
            assertEquals(c.pid(), q.stat().lrpid());
        }
    }

    @Test
    void shouldTellACReceiverBlockedInMsgrcvThatTheQueueWasRemoved() {
        String exe = CProgram.compile("msg_peer.c").toString();
        MessageQueue q = ipc.track(MessageQueue.create(IpcKey.PRIVATE));
        try (Proc c = Proc.start(List.of(exe))) {
            c.awaitLine("ready", PATIENCE);
            c.println("id " + q.msqid());
            assertEquals("ok", answer(c));
            c.println("recv 0");
            c.awaitLine("waiting", PATIENCE);
            awaitBlockedIn(c, MSGRCV);
            q.destroy();
            assertEquals("error EIDRM", answer(c));
        }
    }

    @Test
    void shouldPassPrioritisedMessagesBothWaysWithACProgram() {
        String exe = CProgram.compile("mq_peer.c").toString();
        String name = ipc.freshPosixName();
        PosixMessageQueue q = ipc.track(PosixMessageQueue.createNew(name, 0600, 4, 256));
        try (Proc c = Proc.start(List.of(exe))) {
            c.awaitLine("ready", PATIENCE);
            c.println("open " + name);
            assertEquals("ok maxmsg 4 msgsize 256", answer(c));

            q.send(1, "routine from Java");
            q.send(9, "urgent from Java");
            c.println("recv");
            assertEquals("ok 9 urgent from Java", answer(c));
            c.println("recv-nowait");
            assertEquals("ok 1 routine from Java", answer(c));
            c.println("recv-nowait");
            assertEquals("error EAGAIN", answer(c));

            c.println("send 2 two from C");
            assertEquals("ok", answer(c));
            c.println("send 30000 high from C");
            assertEquals("ok", answer(c));
            assertEquals("priority 30000: high from C", q.receive().toString());
            assertEquals("priority 2: two from C", q.receive().toString());

            c.println("recv");
            c.awaitLine("waiting", PATIENCE);
            awaitBlockedIn(c, MQ_TIMEDRECEIVE);
            q.send(5, "wake up");
            assertEquals("ok 5 wake up", answer(c));
        }
    }

    @Test
    void shouldHaveTheKernelRefuseAPeerThatIsNotRoot() throws IOException {
        IpcCleanup.FreshKey k = ipc.freshKeyFile();
        MessageQueue sysv = ipc.track(MessageQueue.createNew(k.key(), 0600));
        String name = ipc.freshPosixName();
        PosixMessageQueue posix = ipc.track(PosixMessageQueue.createNew(name, 0600, 0, 0));
        // The key file must be reachable by nobody for its ftok.
        Files.setPosixFilePermissions(k.file(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

        try (Proc c = Proc.start(AsUser.nobody(List.of(CProgram.compile("msg_peer.c").toString())))) {
            c.awaitLine("ready", PATIENCE);
            c.println("ftok " + k.file() + " " + k.projId());
            // msgget(key, 0) asks for no permission, so it works; msgsnd and msgrcv don't.
            assertEquals("ok key " + k.key().hex() + " msqid " + sysv.msqid(), answer(c));
            c.println("send 1 let me in");
            assertEquals("error EACCES", answer(c));
            c.println("recv-nowait 0");
            assertEquals("error EACCES", answer(c));
        }
        try (Proc c = Proc.start(AsUser.nobody(List.of(CProgram.compile("mq_peer.c").toString())))) {
            c.awaitLine("ready", PATIENCE);
            c.println("open " + name);
            assertEquals("error EACCES", answer(c));
        }
        String owner = "(mode 0600, owner uid " + Unistd.geteuid() + ", you are uid " + AsUser.NOBODY + ")";
        try (Proc java = Proc.start(AsUser.nobody(Jvm.commandForOtherUser(QueuePeer.class)))) {
            java.awaitLine("ready", PATIENCE);
            java.println("sysv " + k.key().hex());
            assertEquals("error PermissionDeniedException: permission denied on msqid " + sysv.msqid() + " " + owner
                    + " [msgctl: EACCES] (ask its owner for access)", answer(java));
            java.println("posix " + name);
            assertEquals("error PermissionDeniedException: permission denied on the POSIX message queue " + name
                    + " [mq_open: EACCES] (ask its owner for access)", answer(java));
        }
        assertEquals(0, sysv.stat().qnum(), "nothing got in");
        assertEquals(0, posix.stat().curmsgs());
    }

    /** Waits until the peer sleeps inside syscall {@code nr} (/proc/PID/syscall), so a wake-up can't come early. */
    private static void awaitBlockedIn(Proc p, String nr) {
        Path syscall = Path.of("/proc", Long.toString(p.pid()), "syscall");
        Await.until(() -> {
            try {
                return Files.readString(syscall).startsWith(nr + " ");
            } catch (IOException e) {
                return false;
            }
        }, PATIENCE, "the peer blocked in syscall " + nr);
    }

    /** The peer's next answer: every command gets exactly one "ok" or "error" line. */
    private static String answer(Proc peer) {
        return peer.awaitLine(l -> l.startsWith("ok") || l.startsWith("error"), PATIENCE, "an answer");
    }
}
