package io.ipcsh.shell;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
import io.ipcsh.testkit.SysvShm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A segment a C process made, as one shell session sees it: what {@code attach},
 * {@code stat}, {@code handles}, {@code list} and the prompt say of it, removed and locked
 * or not, held by one handle or two. The session runs in this JVM so that its prompt can be
 * read between commands.
 */
class ForeignSegmentTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final long SELF = ProcessHandle.current().pid();

    /**
     * {@code peer KEY [lock-rm]}: shmget(KEY, 4096, IPC_CREAT|0600) + shmat; with lock-rm
     * also SHM_LOCK and IPC_RMID. Prints "holding SHMID", then holds it until stdin ends.
     */
    private static final String PEER = """
            #include <stdio.h>
            #include <stdlib.h>
            #include <string.h>
            #include <sys/shm.h>
            int main(int argc, char **argv) {
                int id = shmget((key_t) strtoul(argv[1], NULL, 0), 4096, IPC_CREAT | 0600);
                if (id < 0 || shmat(id, NULL, 0) == (void *) -1) { perror("shmget/shmat"); return 3; }
                if (argc > 2 && strcmp(argv[2], "lock-rm") == 0) {
                    if (shmctl(id, SHM_LOCK, NULL) != 0) { perror("shmctl SHM_LOCK"); shmctl(id, IPC_RMID, NULL); return 4; }
                    if (shmctl(id, IPC_RMID, NULL) != 0) { perror("shmctl IPC_RMID"); return 5; }
                }
                printf("holding %d\\n", id);
                fflush(stdout);
                while (getchar() != EOF) { }
                return 0;
            }
            """;

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Session session = new Session(new PrintWriter(out, true), new PrintWriter(err, true));
    private final Shell shell = new Shell(session);

    /** Detaches what the session holds before the kit sweeps, as exit does. */
    @AfterEach
    void closeSession() {
        session.close();
    }

    /** Runs one line in the session; its standard output, which must come with no error. */
    private String run(String line) {
        out.getBuffer().setLength(0);
        int status = shell.runLine(line);
        assertEquals(Shell.OK, status, () -> line + ": " + err);
        return out.toString();
    }

    private static Proc startPeer(IpcKey key, String... how) {
        Path exe = CProgram.compileText("foreign_segment_peer", PEER);
        List<String> command = new java.util.ArrayList<>(List.of(exe.toString(), key.hex()));
        command.addAll(List.of(how));
        return Proc.start(command);
    }

    private static int holding(Proc peer) {
        String line = peer.awaitLine(l -> l.startsWith("holding "), PATIENCE, "the peer holding its segment");
        return Integer.parseInt(line.substring("holding ".length()));
    }

    @Test
    void shouldSayASegmentRemovedAndLockedElsewhereIsBothAndNeverCallItPrivate() {
        try (Proc peer = startPeer(ipc.freshKey(), "lock-rm")) {
            int shmid = ipc.track(holding(peer));

            String attached = run("attach --id " + shmid);
            assertEquals("h1: key 0x00000000 (cleared by IPC_RMID) shmid " + shmid + " size 4096 mode 0600 nattch 2"
                    + " dest locked (removed: freed at the last detach)\n", attached);
            assertEquals("ipcsh h1 shmid " + shmid + "> ", session.prompt(), "its key is unknown, not private");

            List<String> stat = run("stat").lines().toList();
            assertEquals("shmid " + shmid + "  key 0x00000000 (cleared by IPC_RMID)  handle h1", stat.get(0));
            assertTrue(stat.get(1).matches("mode 0600  size 4096  nattch 2  holders \\d+( \\(\\+\\d+ unreadable\\))?"
                    + "  status dest locked \\(removed: freed at the last detach\\)"), stat.get(1));
            assertTrue(stat.get(2).endsWith("  cpid " + peer.pid() + "  lpid " + SELF), stat.get(2));

            assertEquals(String.format("* h1       key 0x00000000 (cleared by IPC_RMID) shmid %-8d size %-10d readwrite removed%n",
                    shmid, 4096), run("handles"));

            String row = run("list --memory --sysv").lines().filter(l -> l.startsWith("0x00000000 " + shmid + " "))
                    .findFirst().orElseThrow();
            assertTrue(row.matches("0x00000000 " + shmid + " +root +600 +4096 +2 +dest locked +" + peer.pid() + " +" + SELF
                    + " +h1\\* +.*foreign_segment_peer .*"), row);

            session.json(true);
            String statJson = run("stat");
            session.json(false);
            assertTrue(statJson.contains("\"dest\":true,\"locked\":true"), statJson);
            assertFalse((attached + String.join("\n", stat) + row).contains("private"), "never called private");
        }
    }

    @Test
    void shouldListEveryHandleOnASegmentWithItsCreatorsPidsAndCommandAsLsipcDoes() {
        IpcKey key = ipc.freshKey();
        try (Proc peer = startPeer(key)) {
            int shmid = ipc.track(holding(peer));
            run("attach " + key.hex() + " --as a");
            run("attach --id " + shmid + " --as b");

            String header = run("list --memory --sysv").lines().findFirst().orElseThrow();
            assertEquals("key        shmid      owner      perms  bytes      nattch  status      cpid     lpid     handle   command",
                    header);
            String row = out.toString().lines().filter(l -> l.startsWith(key.hex() + " ")).findFirst().orElseThrow();
            String command = CProgram.compileText("foreign_segment_peer", PEER) + " " + key.hex();
            assertEquals(String.format("%s %-10d %-10s %-6s %-10d %-7d %-11s %-8d %-8d %-8s %s", key.hex(), shmid, "root", "600",
                    4096, 3, "", peer.pid(), SELF, "a,b*", command), row, "both handles, the current one starred");

            // At a terminal the command is cut to the width; the columns before it stay whole.
            session.interactive(true);
            session.width(row.length() - 10);
            String cut = run("list --memory --sysv").lines().filter(l -> l.startsWith(key.hex() + " ")).findFirst().orElseThrow();
            session.interactive(false);
            assertEquals(row.substring(0, row.length() - 11) + "…", cut);

            session.json(true);
            String json = run("list --memory --sysv").lines().filter(l -> l.startsWith("{\"shmid\":" + shmid + ","))
                    .findFirst().orElseThrow();
            session.json(false);
            assertTrue(json.startsWith("{\"shmid\":" + shmid + ",\"key\":\"" + key.hex() + "\",\"handle\":\"b\","), json);
            assertTrue(json.contains("\"cpid\":" + peer.pid() + ",\"lpid\":" + SELF + ","), json);
            assertTrue(json.endsWith(",\"handles\":[\"a\",\"b\"],\"command\":\"" + command + "\"}"), json);

            // lsipc's own columns for the same segment, read while this session still holds it.
            Assumptions.assumeTrue(java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
                    .anyMatch(d -> java.nio.file.Files.isExecutable(Path.of(d, "lsipc"))), "lsipc is not installed");
            Proc.Result lsipc = Proc.run(PATIENCE, List.of("lsipc", "-m", "--json",
                    "-o", "ID,CPID,LPID,COMMAND", "--notruncate"));
            assertEquals(0, lsipc.exitCode(), lsipc::describe);
            Matcher m = Pattern.compile("\"id\":\\s*\"?" + shmid + "\"?,\\s*\"cpid\":\\s*\"?(\\d+)\"?,\\s*\"lpid\":\\s*\"?(\\d+)\"?,"
                    + "\\s*\"command\":\\s*\"([^\"]*)\"").matcher(lsipc.stdout());
            assertTrue(m.find(), lsipc.stdout());
            assertEquals(List.of(Long.toString(peer.pid()), Long.toString(SELF), command),
                    List.of(m.group(1), m.group(2), m.group(3)));
        }
    }

    @Test
    void shouldShowInThePromptTheKeyTheNextAttachUsesWhenItIsNotTheCurrentHandles() {
        IpcKey first = ipc.freshKey();
        IpcKey second = ipc.freshKey();
        run("key " + first.hex());
        assertEquals("ipcsh " + first.hex() + "> ", session.prompt());
        run("attach --new --size 4k");
        assertEquals("ipcsh h1 " + first.hex() + "> ", session.prompt(), "the key is the handle's: said once");

        run("key " + second.hex());
        assertEquals("ipcsh h1 " + first.hex() + " key " + second.hex() + "> ", session.prompt());

        String h2 = run("attach --new --size 4k");
        int shmid = Integer.parseInt(h2.replaceFirst("(?s)h2: key \\S+ shmid (\\d+) .*", "$1"));
        ipc.track(shmid);
        assertEquals(second.value(), SysvShm.byId(shmid).orElseThrow().key(), "the kernel has h2 under the second key");
        assertEquals("ipcsh h2 " + second.hex() + "> ", session.prompt());

        run("use h1");
        assertEquals("ipcsh h1 " + first.hex() + " key " + second.hex() + "> ", session.prompt());
        run("key private");
        assertEquals("ipcsh h1 " + first.hex() + " key private> ", session.prompt());
    }
}
