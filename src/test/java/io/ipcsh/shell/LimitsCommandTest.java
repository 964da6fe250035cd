package io.ipcsh.shell;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code limits} against {@code lsipc -g} and the sysctls it reads. */
class LimitsCommandTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    /** RESOURCE -> LIMIT of every row, from a table whose first column is the resource and LIMIT the 3rd-from-last. */
    private static Map<String, String> limitsOf(String table) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : table.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (!f[0].equals("RESOURCE")) {
                m.put(f[0], f[f.length - 3]);
            }
        }
        return m;
    }

    @Test
    void shouldShowTheLimitsLsipcShows() {
        Assumptions.assumeTrue(java.util.stream.Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(d -> Files.isExecutable(Path.of(d, "lsipc"))), "lsipc is not installed");
        Proc.Result lsipc = Proc.run(Duration.ofSeconds(60),
                List.of("lsipc", "-g", "--bytes", "--raw", "--noheadings", "-o", "RESOURCE,LIMIT,USED,USE%"));
        assertEquals(0, lsipc.exitCode(), lsipc.describe());
        Shell.Result r = Shell.run("limits");
        assertEquals(0, r.status(), r.err());
        Map<String, String> ours = limitsOf(r.out());
        Map<String, String> theirs = limitsOf(lsipc.stdout());
        assertEquals(12, theirs.size(), lsipc.stdout());
        for (Map.Entry<String, String> e : theirs.entrySet()) {
            assertEquals(e.getValue(), ours.get(e.getKey()), e.getKey() + " in\n" + r.out());
        }
        assertEquals(List.of("MSGMNI", "MSGMAX", "MSGMNB", "SHMMNI", "SHMALL", "SHMMAX", "SHMMIN", "SEMMNI", "SEMMNS",
                "SEMMSL", "SEMOPM", "SEMVMX", "MQ_QUEUES_MAX", "MQ_MSG_MAX", "MQ_MSGSIZE_MAX", "MQ_MSG_DEFAULT",
                "MQ_MSGSIZE_DEFAULT"), List.copyOf(ours.keySet()));
    }

    @Test
    void shouldReadTheMqueueSysctls() throws Exception {
        Shell.Result r = Shell.run("limits");
        Map<String, String> ours = limitsOf(r.out());
        for (String s : List.of("queues_max", "msg_max", "msgsize_max", "msg_default", "msgsize_default")) {
            String expected = Files.readAllLines(Path.of("/proc/sys/fs/mqueue", s)).getFirst().strip();
            assertEquals(expected, ours.get("MQ_" + s.toUpperCase()), s);
        }
    }

    @Test
    void shouldCountOurSegmentsInUse() {
        // Others' tests make and remove segments meanwhile: only what is ours is certain.
        Segment a = ipc.track(Segment.createNew(IpcKey.PRIVATE, 3 * 4096 + 1, 0600));
        Shell.Result r = Shell.run("limits", "--json");
        assertEquals(0, r.status(), r.err());
        String shmmni = r.out().lines().filter(l -> l.contains("\"resource\":\"SHMMNI\"")).findFirst().orElseThrow();
        assertTrue(shmmni.matches("\\{\"resource\":\"SHMMNI\",\"description\":\"Shared memory segments\",\"limit\":\\d+,"
                + "\"used\":[1-9]\\d*,\"use%\":[0-9.]+}"), shmmni);
        String shmall = r.out().lines().filter(l -> l.contains("\"resource\":\"SHMALL\"")).findFirst().orElseThrow();
        long pages = Long.parseLong(shmall.replaceAll(".*\"used\":(\\d+).*", "$1"));
        assertTrue(pages >= 4, "a 3-page-and-a-byte segment takes 4 pages: " + shmall);
        String msgmax = r.out().lines().filter(l -> l.contains("\"resource\":\"MSGMAX\"")).findFirst().orElseThrow();
        assertTrue(msgmax.endsWith(",\"used\":null,\"use%\":null}"), msgmax);
        a.detach();
    }
}
