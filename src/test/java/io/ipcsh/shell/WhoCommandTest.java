package io.ipcsh.shell;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.MessageQueue;
import io.ipcsh.ipc.PosixMessageQueue;
import io.ipcsh.ipc.Segment;
import io.ipcsh.ipc.SemaphoreSet;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code who} and the holder count of {@code stat}, against C holders. */
class WhoCommandTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    @Test
    void shouldListTheShellAndACReadOnlyHolder() {
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        seg.detach();
        Path exe = CProgram.compile("holder.c");
        try (Proc ro = Proc.start(List.of(exe.toString(), "attach", Integer.toString(seg.shmid()), "ro"))) {
            ro.awaitLine("attached", PATIENCE);
            Shell.Result r = Shell.run("who --id " + seg.shmid() + "; attach --id " + seg.shmid() + " --as s; who; stat");
            assertEquals(0, r.status(), r.err());
            // pid 1 of this sandbox is unreadable even to root: counted and said (checked below).
            String[] out = r.out().lines().filter(l -> !l.contains("could not be read")).toArray(String[]::new);
            assertEquals("shmid " + seg.shmid() + ": 1 process holds it", out[0]);
            assertEquals("pid      user       how                          command", out[1]);
            assertEquals(String.format("%-8d %-10s %-28s %s", ro.pid(), "root", "SysV attach read-only",
                    exe + " attach " + seg.shmid() + " ro"), out[2]);
            assertTrue(out[3].startsWith("s: "), out[3]);
            assertEquals("shmid " + seg.shmid() + ": 2 processes hold it", out[4]);
            String me = out[6].startsWith(Long.toString(ro.pid())) ? out[7] : out[6];
            assertTrue(me.startsWith(String.format("%-8d %-10s %-28s ", ProcessHandle.current().pid(), "root",
                    "SysV attach read-write")) && me.endsWith("  (this shell)"), me);
            assertTrue(r.out().matches("(?s).*  nattch 2  holders 2( \\(\\+\\d+ unreadable\\))?  status -.*"), r.out());
            for (String line : r.out().split("\n")) {
                if (line.contains("could not be read")) {
                    assertTrue(line.matches("\\d+ process(es)? could not be read \\(another user's /proc/PID/maps or fd;"
                            + " run as root to see them\\): they may hold it too"), line);
                }
            }
        }
    }

    @Test
    void shouldAnswerInJson() {
        Segment seg = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        Shell.Result r = Shell.run("who --id " + seg.shmid() + "; attach --id " + seg.shmid() + "; stat", "--json");
        assertEquals(0, r.status(), r.err());
        String[] out = r.out().split("\n");
        long me = ProcessHandle.current().pid();
        assertTrue(out[0].matches("\\{\"object\":\"shmid " + seg.shmid() + "\",\"holders\":1,\"unreadable\":\\d+,"
                + "\"processes\":\\[\\{\"pid\":" + me + ",\"uid\":0,\"user\":\"root\",\"how\":\\[\"SysV attach read-write\"],.*"), out[0]);
        // The shell's attach and the test's are two attaches (nattch 2) by one process.
        assertTrue(out[2].matches(".*\"nattch\":2,\"holders\":1,\"holders_unreadable\":\\d+,.*\"locked\":false}"), out[2]);
    }

    @Test
    void shouldFindANamedSemaphoreByInodeThoughItsMappingCarriesGlibcsTemporaryName() throws Exception {
        String name = "/ipcsh-test-" + ProcessHandle.current().pid() + "-whosem";
        Path file = Path.of("/dev/shm/sem." + name.substring(1));
        try (Proc c = Proc.start(List.of(CProgram.compile("holder.c").toString(), "sem", name))) {
            c.awaitLine("opened", PATIENCE);
            Shell.Result r = Shell.run("who --name " + name);
            assertEquals(0, r.status(), r.err());
            List<String> out = r.out().lines().filter(l -> !l.contains("could not be read")).toList();
            assertTrue(out.get(0).matches(file + " \\(dev [0-9a-f]+:[0-9a-f]+ inode \\d+\\): 1 process holds it"), out.get(0));
            // sem_open made it as sem.XXXXXX, linked it under its name and unlinked the temporary one.
            assertTrue(out.get(2).matches(c.pid() + " +root +mapping of /dev/shm/sem\\.\\w{6} \\(deleted\\) read-write +"
                    + CProgram.compile("holder.c") + " sem " + name), out.get(2));
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldFindPosixSharedMemoryMappedAndOpen() throws Exception {
        String name = "/ipcsh-test-" + ProcessHandle.current().pid() + "-whoshm";
        Path file = Path.of("/dev/shm" + name);
        try (Proc c = Proc.start(List.of(CProgram.compile("holder.c").toString(), "shm", name))) {
            c.awaitLine("mapped", PATIENCE);
            Shell.Result r = Shell.run("who --name " + name, "--json");
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().matches("\\{\"object\":\"" + file + " \\(dev [0-9a-f:]+ inode \\d+\\)\",\"holders\":1,"
                    + "\"unreadable\":\\d+,\"processes\":\\[\\{\"pid\":" + c.pid() + ",\"uid\":0,\"user\":\"root\","
                    + "\"how\":\\[\"mapping of " + file + " read-write\",\"descriptor \\d+ \\(" + file + "\\)\"\\],.*\n"), r.out());
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldFindThePosixMessageQueueDescriptorsOfACPeerAndThisShell() {
        String name = ipc.freshPosixName();
        ipc.track(PosixMessageQueue.createNew(name, 0600, 0, 0)).detach();
        String exe = CProgram.compile("mq_peer.c").toString();
        try (Proc c = Proc.start(List.of(exe))) {
            c.awaitLine("ready", PATIENCE);
            c.println("open " + name);
            c.awaitLineStartingWith("ok maxmsg", PATIENCE);
            // The handle's who, then who --name (no handle: the queue is opened for a moment, or found on a mount).
            Shell.Result r = Shell.run("queue " + name + " --as q; who; who --name " + name + "; stat");
            assertEquals(0, r.status(), r.err());
            List<String> out = r.out().lines().filter(l -> !l.contains("could not be read")).toList();
            String header = "message queue " + name + " \\(dev [0-9a-f]+:[0-9a-f]+ inode \\d+\\): ";
            assertTrue(out.get(1).matches(header + "2 processes hold it"), out.get(1));
            // mq_peer's open keeps two descriptors: one blocking, one O_NONBLOCK.
            String peer = c.pid() + " +root +descriptor (\\d+) \\(" + name + "\\), descriptor (\\d+) \\(" + name + "\\) +" + exe;
            String shell = ProcessHandle.current().pid() + " +root +descriptor \\d+ \\(" + name + "\\) .*  \\(this shell\\)";
            assertTrue(out.get(3).matches(peer) || out.get(4).matches(peer), r.out());
            assertTrue(out.get(3).matches(shell) || out.get(4).matches(shell), r.out());
            int second = out.indexOf(out.stream().skip(2).filter(l -> l.matches(header + ".*")).findFirst().orElseThrow());
            assertEquals(out.get(1), out.get(second), "who --name finds the same queue");
            assertTrue(r.out().matches("(?s).*\nholders 2( \\(\\+\\d+ unreadable\\))?\n.*"), "stat counts them too: " + r.out());
        }
    }

    @Test
    void shouldSayInOneLineThatNothingHoldsASysvQueueOrSet() {
        MessageQueue q = ipc.track(MessageQueue.createNew(IpcKey.PRIVATE, 0600));
        SemaphoreSet set = ipc.track(SemaphoreSet.createNew(IpcKey.PRIVATE, 1, 0600));
        Shell.Result rq = Shell.run("queue --id " + q.msqid() + " --as q; who");
        assertEquals(1, rq.status());
        assertEquals("error: q is a message queue (msqid " + q.msqid() + "): nothing attaches to or opens one, so no process"
                + " holds it in /proc (stat shows the last pid that used it)\n", rq.err());
        Shell.Result rs = Shell.run("semset --id " + set.semid() + " --as s; who");
        assertEquals(1, rs.status());
        assertEquals("error: s is a semaphore set (semid " + set.semid() + "): nothing attaches to or opens one, so no process"
                + " holds it in /proc (stat shows the last pid that used it)\n", rs.err());
    }

    @Test
    void shouldSayOneLineForWhatItCannotFind() {
        Shell.Result r = Shell.run("who --name /ipcsh-test-" + ProcessHandle.current().pid() + "-none");
        assertEquals(1, r.status());
        assertEquals("error: no POSIX object named /ipcsh-test-" + ProcessHandle.current().pid() + "-none (no /dev/shm/ipcsh-test-"
                + ProcessHandle.current().pid() + "-none, no /dev/shm/sem.ipcsh-test-" + ProcessHandle.current().pid()
                + "-none, no message queue /ipcsh-test-" + ProcessHandle.current().pid() + "-none)\n", r.err());
        assertEquals("error: not a POSIX name: 'a/b' has no leading slash"
                + " (a POSIX name is /NAME: one leading slash, no other slash, at most 255 bytes)\n",
                Shell.run("who --name a/b").err());
        // The same rule as every other POSIX command: 255 bytes with the slash, not 255 after it.
        assertEquals("error: POSIX name too long: 256 bytes (a POSIX name is /NAME: one leading slash, no other slash,"
                + " at most 255 bytes)\n", Shell.run("who --name /" + "x".repeat(255)).err());
        assertEquals("error: no segment attached (attach one first: key PATH; attach --create --size 4k)\n", Shell.run("who").err());
        assertEquals("error: give a HANDLE or --key/--id/--name, not both\n", Shell.run("who h1 --id 1").err());
    }
}
