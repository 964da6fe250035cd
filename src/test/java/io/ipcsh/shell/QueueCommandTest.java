package io.ipcsh.shell;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Limits;
import io.ipcsh.ipc.MessageQueue;
import io.ipcsh.ipc.MessageQueueStat;
import io.ipcsh.ipc.PosixMessageQueue;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Jvm;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** queue, send, receive, stat, list, detach and destroy on both kinds of queue, as typed. */
class QueueCommandTest {
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private static Shell.Result run(String script, String... flags) {
        Shell.Result r = Shell.run(script, flags);
        assertFalse(r.err().contains("unexpected"), r.err());
        assertFalse(r.all().contains("\tat "), r.all());
        return r;
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static int msqidIn(String line) {
        Matcher m = Pattern.compile("msqid (\\d+)").matcher(line);
        assertTrue(m.find(), line);
        return Integer.parseInt(m.group(1));
    }

    @Test
    void shouldSendAndReceiveTypedMessagesOnASysvQueue() {
        IpcKey key = ipc.freshKey();
        Shell.Result r = run("queue " + key.hex() + " --create; send --type 2 first; send --type 1 second; send third -n --x;"
                + " receive --type 2; receive --type -1; receive; stat; destroy");
        assertEquals(0, r.status(), r.all());
        List<String> out = lines(r.out());
        int msqid = msqidIn(out.get(0));
        assertEquals("h1: SysV message queue key " + key.hex() + " msqid " + msqid + " mode 0600 messages 0 qbytes "
                + Limits.msgmnb() + " (created)", out.get(0));
        assertEquals("sent 5 bytes, type 2", out.get(1));
        assertEquals("sent 6 bytes, type 1", out.get(2));
        assertEquals("sent 12 bytes, type 1", out.get(3), "dashed words are text");
        assertEquals("type 2: first", out.get(4));
        assertEquals("type 1: second", out.get(5));
        assertEquals("type 1: third -n --x", out.get(6));
        assertEquals("msqid " + msqid + "  key " + key.hex() + "  handle h1", out.get(7));
        assertEquals("mode 0600  messages 0  bytes 0  qbytes " + Limits.msgmnb(), out.get(8));
        assertTrue(out.get(9).contains("lspid " + ProcessHandle.current().pid() + "  lrpid " + ProcessHandle.current().pid()),
                out.get(9));
        assertEquals("destroyed message queue msqid " + msqid, out.get(11));
        assertEquals("", r.err());
        assertEquals("", r.atExit(), "destroyed: nothing left on the host");
    }

    @Test
    void shouldSendAndReceiveByPriorityOnAPosixQueue() {
        String name = ipc.freshPosixName();
        Shell.Result r = run("queue " + name + " --new --max-messages 4 --message-size 128 --as jobs; send --priority 1 routine;"
                + " send --priority 9 urgent; send --hex de ad be ef; stat; receive; receive; receive --hex; detach; destroy jobs");
        assertEquals(0, r.status(), r.all());
        List<String> out = lines(r.out());
        assertEquals("jobs: POSIX message queue " + name + " mode 0600 maxmsg 4 msgsize 128 messages 0 (created)", out.get(0));
        assertEquals("sent 7 bytes, priority 1", out.get(1));
        assertEquals("sent 6 bytes, priority 9", out.get(2));
        assertEquals("sent 4 bytes, priority 0", out.get(3));
        assertEquals("name " + name + "  POSIX message queue  handle jobs", out.get(4));
        assertEquals("mode 0600  maxmsg 4  msgsize 128  curmsgs 3  flags 0", out.get(5));
        // The processes with a descriptor on it: this shell (and pid 1 of the sandbox is unreadable, even to root).
        assertTrue(out.get(8).matches("holders 1( \\(\\+\\d+ unreadable\\))?"), out.get(8));
        assertEquals("priority 9: urgent", out.get(9));
        assertEquals("priority 1: routine", out.get(10));
        assertEquals("priority 0: de ad be ef", out.get(11));
        assertEquals("detached jobs (" + name + ")", out.get(12));
        assertEquals("destroyed message queue " + name, out.get(13));
        assertEquals("", r.atExit());
    }

    @Test
    void shouldPrintJson() {
        String name = ipc.freshPosixName();
        Shell.Result r = run("queue " + name + " --new; send --priority 3 hi; receive; stat", "--json");
        assertEquals(0, r.status(), r.all());
        List<String> out = lines(r.out());
        assertTrue(out.get(0).startsWith("{\"kind\":\"posix-queue\",\"name\":\"" + name + "\",\"handle\":\"h1\",\"mode\":\"0600\",\"maxmsg\":" + Limits.mqMsgDefault() + ","), out.get(0));
        assertTrue(out.get(0).endsWith(",\"created\":true}"), out.get(0));
        assertEquals("{\"handle\":\"h1\",\"sent\":2,\"priority\":3}", out.get(1));
        assertEquals("{\"handle\":\"h1\",\"priority\":3,\"size\":2,\"text\":\"hi\"}", out.get(2));
        assertTrue(out.get(3).startsWith("{\"kind\":\"posix-queue\",\"name\":\"" + name + "\",\"handle\":\"h1\",\"mode\":\"0600\",\"maxmsg\":"), out.get(3));
        assertTrue(r.atExit().startsWith("left on the host: POSIX message queue " + name), r.atExit());
    }

    @Test
    void shouldListBothKindsWithTheirHandles() {
        IpcKey key = ipc.freshKey();
        String name = ipc.freshPosixName();
        Shell.Result r = run("queue " + key.hex() + " --new --as s; send hello; queue " + name + " --new --as p; send a b;"
                + " list --queues; list --queues --sysv; list --posix --queues", "--keep-going");
        assertEquals(0, r.status(), r.all());
        MessageQueueStat s = MessageQueue.open(key).stat();
        String sysvRow = String.format("%-10s %-10s %-10s %-6s %-10s %-6s %-7s %-7s %s", key.hex(), s.msqid(), "root", "600", 5, 1,
                ProcessHandle.current().pid(), 0, "s").strip();
        String posixRow = String.format("%-24s %-10s %-6s %-10s %-6s %-7s %-8s %s", name, "root", "600", 3, 1, 10, 8192, "p*").strip();
        List<String> out = lines(r.out());
        assertTrue(out.contains("key        msqid      owner      perms  usedbytes  msgs   lspid   lrpid   handle"), r.out());
        assertTrue(out.contains(sysvRow), r.out());
        assertTrue(out.contains(posixRow), r.out());
        assertEquals(2, out.stream().filter(sysvRow::equals).count(), "list --queues and --sysv");
        assertEquals(2, out.stream().filter(posixRow::equals).count(), "list --queues and --posix");
        assertEquals(List.of("left on the host: msqid " + s.msqid() + " key " + key.hex() + " messages 1 (queue --id " + s.msqid()
                + "; destroy removes it)", "left on the host: POSIX message queue " + name + " (queue " + name + "; destroy removes it)"),
                lines(r.atExit()));
        Shell.Result json = run("list --queues --sysv", "--json");
        assertTrue(lines(json.out()).stream().anyMatch(l -> l.startsWith("{\"msqid\":" + s.msqid() + ",\"key\":\"" + key.hex()
                + "\",\"handle\":null,\"mode\":\"0600\",\"qnum\":1,\"cbytes\":5,")), json.out());
        Shell.Result memory = run("list --memory");
        assertFalse(memory.out().contains("msqid"), memory.out());
    }

    @Test
    void shouldOpenByIdAndTheCurrentKey() {
        IpcCleanup.FreshKey k = ipc.freshKeyFile();
        MessageQueue q = ipc.track(MessageQueue.createNew(k.key(), 0600));
        q.send(5, "from the API");
        Shell.Result r = run("queue --id " + q.msqid() + "; receive --type 5; key " + k.file() + " " + k.projId()
                + "; queue --as again; send --type 9 back; handles");
        assertEquals(0, r.status(), r.all());
        List<String> out = lines(r.out());
        assertEquals("h1: SysV message queue key " + k.key().hex() + " msqid " + q.msqid() + " mode 0600 messages 1 qbytes "
                + Limits.msgmnb(), out.get(0));
        assertEquals("type 5: from the API", out.get(1));
        assertTrue(out.get(3).startsWith("again: SysV message queue key " + k.key().hex()), out.get(3));
        assertTrue(out.get(6).startsWith("* again    key " + k.key().hex() + " msqid " + q.msqid()), r.out());
        assertEquals("type 9: back", q.receive(0).toString());
        assertEquals("", r.atExit(), "opened, not created here");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "queue /a/b --create | error: not a POSIX name: '/a/b' has a slash after the first (a POSIX name is /NAME: one leading slash, no other slash, at most 255 bytes)",
            "queue / --create | error: not a POSIX name: '/' names nothing (a POSIX name is /NAME: one leading slash, no other slash, at most 255 bytes)",
            "queue 0x7a6b5c4d --max-messages 3 | error: --max-messages and --message-size size a POSIX queue (queue /NAME); a SysV queue holds up to its qbytes (kernel.msgmnb)",
            "queue /ipcsh-never --max-messages 3 | error: --max-messages and --message-size size a new queue: add --create or --new",
            "queue private | error: a private key always makes a new queue: add --new, or queue --id MSQID",
            "queue --id 5 --create | error: --id opens an existing SysV queue: it takes no KEY, /NAME, --create or --new",
            "queue | error: no key: give one (queue 0x1234, queue /NAME), or choose one first (key PATH, key private)",
            "queue /ipcsh-test-no-such-queue | error: no POSIX message queue /ipcsh-test-no-such-queue [mq_open: ENOENT] (create it first)",
            "receive | error: no segment attached (attach one first: key PATH; attach --create --size 4k)",
    })
    void shouldRefuseBadQueueInputInOneLine(String script, String error) {
        Shell.Result r = run(script);
        assertEquals(List.of(error), lines(r.err()), r.all());
        assertEquals("", r.out());
        assertEquals(1, r.status());
    }

    @Test
    void shouldRefuseAnOverlongPosixName() {
        Shell.Result r = run("queue /" + "n".repeat(255) + " --create");
        assertEquals(List.of("error: POSIX name too long: 256 bytes (a POSIX name is /NAME: one leading slash, no other slash, at most 255 bytes)"), lines(r.err()));
    }

    @Test
    void shouldSayWhatIsWrongWithEachMessageInOneLine() {
        String name = ipc.freshPosixName();
        String p = "queue " + name + " --new --max-messages 1 --message-size 4 --as p; ";
        String s = "key private; queue --new --as s; ";
        record Case(String script, String error) {
        }
        for (Case c : List.of(
                new Case(p + "receive --nowait", "error: would block: no message in " + name
                        + " (EAGAIN; without --nowait receive waits for one)"),
                new Case(p + "receive --timeout 20ms", "error: timed out after 20ms waiting for a message in " + name),
                new Case(p + "send 12345", "error: message too long for " + name + ": size=5 (its msgsize=4) [mq_timedsend: EMSGSIZE]"),
                new Case(p + "send --priority 1 full; send --nowait more", "error: would block: " + name
                        + " is full (EAGAIN; without --nowait send waits for room)"),
                new Case(p + "send full; send --timeout 20ms more", "error: timed out after 20ms waiting for room in " + name
                        + " (it is full)"),
                new Case(p + "send --type 2 x", "error: p's messages have a priority, not a type (send --priority N)"),
                new Case(p + "receive --type 2", "error: p's messages have a priority, not a type: the highest priority comes first"
                        + " (receive takes no --type)"),
                new Case(p + "send --priority 40000 x", "error: priority out of range: priority=40000 (use 0 to 32767)"),
                new Case(p + "read 0 i32", "error: p is a message queue; read needs memory"),
                new Case(p + "send --nowait --timeout 1s x", "error: give --nowait or --timeout, not both"),
                new Case(p + "detach; send x", "error: " + name + " is closed in this process (open it again)"),
                new Case(p + "destroy; destroy", "error: no POSIX message queue " + name + " [mq_unlink: ENOENT] (it may be removed already)"))) {
            Shell.Result r = run(c.script() + "; destroy");
            assertEquals(List.of(c.error()), lines(r.err()), c.script());
            assertEquals(1, r.status(), c.script());
            io.ipcsh.posix.Mqueue.mq_unlink(name); // ENOENT when the script's destroy ran
        }
        for (Case c : List.of(
                new Case(s + "receive --nowait --type 3", "error: would block: no message of type 3 in msqid {id}"
                        + " (ENOMSG; without --nowait receive waits for one)"),
                new Case(s + "receive --timeout 20ms --type -4", "error: timed out after 20ms waiting for a message of type 1 to 4 in msqid {id}"),
                new Case(s + "send --hex " + "00".repeat((int) Limits.msgmax() + 1), "error: message too long for a SysV queue: size="
                        + (Limits.msgmax() + 1) + " (kernel.msgmax=" + Limits.msgmax() + ") [msgsnd: EINVAL]"),
                new Case(s + "send --type 0 x", "error: message type out of range: type=0 (msgsnd takes 1 or more)"),
                new Case(s + "send --priority 1 x", "error: s's messages have a type, not a priority (send --type N)"),
                new Case(s + "send --hex zz", "error: not hex bytes: 'zz' (use pairs of hex digits: de ad be ef or deadbeef)"),
                new Case(s + "dump", "error: s is a message queue; dump needs memory"),
                new Case(s + "wait", "error: s is a message queue; wait needs a semaphore"),
                new Case("key private; attach --new --size 4k; send x", "error: h1 is a shared memory segment; send needs messages"),
                new Case("key private; attach --new --size 4k; receive", "error: h1 is a shared memory segment; receive needs messages"))) {
            Shell.Result r = run(c.script() + "; destroy");
            assertEquals(1, lines(r.err()).size(), c.script() + "\n" + r.all());
            String err = lines(r.err()).get(0);
            Matcher m = Pattern.compile("msqid (\\d+)").matcher(r.out());
            String expected = m.find() ? c.error().replace("{id}", m.group(1)) : c.error();
            assertEquals(expected, err, c.script());
            assertEquals(1, r.status(), c.script());
            if (m.find(0)) {
                try {
                    MessageQueue.open(Integer.parseInt(m.group(1))).destroy();
                } catch (RuntimeException e) {
                    // destroyed by the script
                }
            }
            if (r.out().contains("shmid")) {
                Matcher shm = Pattern.compile("shmid (\\d+)").matcher(r.out());
                assertTrue(shm.find());
                io.ipcsh.ipc.Segments.destroy(Integer.parseInt(shm.group(1)));
            }
        }
    }

    @Test
    void shouldWarnAboutAWorldWritableMode() {
        String name = ipc.freshPosixName();
        Shell.Result r = run("queue " + name + " --new --mode 0666; destroy");
        assertEquals(List.of("warning: mode 0666 lets other users write to this queue (world-writable)"), lines(r.err()));
        assertTrue(r.out().startsWith("h1: POSIX message queue " + name + " mode 0666 "), r.out());
    }

    @Test
    void shouldTraceTheCalls() {
        String name = ipc.freshPosixName();
        Shell.Result r = run("queue " + name + " --new --max-messages 2 --message-size 16; send --priority 3 hi; receive --nowait;"
                + " destroy; key private; queue --new; send --type 4 yo; receive; destroy", "--trace");
        assertEquals(0, r.status(), r.all());
        String t = r.err();
        assertTrue(t.contains("mq_open(\"" + name + "\", O_RDWR|O_CREAT|O_EXCL, 0600, {mq_maxmsg=2, mq_msgsize=16}) = "), t);
        assertTrue(t.matches("(?s).*mq_timedsend\\(\\d+, \"hi\", 2, 3, \\{tv_sec=\\d+, tv_nsec=\\d+}\\) = 0.*"), t);
        assertTrue(t.contains("mq_setattr("), t);
        assertTrue(t.matches("(?s).*mq_timedreceive\\(\\d+, \"hi\", 16, \\[3], NULL\\) = 2.*"), t);
        assertTrue(t.contains("mq_unlink(\"" + name + "\") = 0"), t);
        assertTrue(t.contains("msgget(IPC_PRIVATE, IPC_CREAT|IPC_EXCL|0600) = "), t);
        assertTrue(t.matches("(?s).*msgsnd\\(\\d+, \\{4, \"yo\"}, 2, IPC_NOWAIT\\) = 0.*"), t);
        assertTrue(t.matches("(?s).*msgrcv\\(\\d+, \\{4, \"yo\"}, " + Limits.msgmax() + ", 0, IPC_NOWAIT\\) = 2.*"), t);
        assertTrue(t.matches("(?s).*msgctl\\(\\d+, IPC_RMID, NULL\\) = 0.*"), t);
    }

    @Test
    void shouldHandMessagesBetweenTwoShells() {
        IpcCleanup.FreshKey k = ipc.freshKeyFile();
        String key = "key " + k.file() + " " + k.projId();
        // A makes the queue, then waits for B's type 2 message and answers with type 3.
        String a = key + "; queue --new --as s; echo ready; receive @s --type 2 --timeout 50s; send @s --type 3 answer from A";
        try (Proc shellA = Jvm.start(Main.class, "-c", a)) {
            shellA.awaitLine("ready", GENEROUS);
            String b1 = key + "; queue --as s; send @s --type 1 not for A; send @s --type 2 for A; "
                    + "receive @s --type 3 --timeout 50s; receive @s --type 1 --nowait; destroy s";
            try (Proc shellB = Jvm.start(Main.class, "-c", b1)) {
                Proc.Result b = shellB.waitFor(GENEROUS);
                Proc.Result ra = shellA.waitFor(GENEROUS);
                assertEquals(0, ra.exitCode(), ra.describe());
                assertEquals("type 2: for A", lines(ra.stdout()).get(3));
                assertEquals(0, b.exitCode(), b.describe());
                List<String> outB = lines(b.stdout());
                assertEquals("type 3: answer from A", outB.get(4));
                assertEquals("type 1: not for A", outB.get(5));
                assertEquals("", b.stderr());
            }
        }
    }

    @Test
    void shouldTellAShellWaitingInAnotherProcessThatTheQueueWasRemoved() {
        MessageQueue q = ipc.track(MessageQueue.create(IpcKey.PRIVATE));
        q.send(1, "keep the lspid ours");
        q.receive(0);
        try (Proc waiter = Jvm.start(Main.class, "-c", "queue --id " + q.msqid() + "; echo waiting; receive")) {
            waiter.awaitLine("waiting", GENEROUS);
            q.destroy();
            Proc.Result r = waiter.waitFor(GENEROUS);
            assertEquals(1, r.exitCode(), r.describe());
            assertEquals("error: msqid " + q.msqid() + " was removed [msgrcv: EINVAL]\n", r.stderr());
        }
    }
}
