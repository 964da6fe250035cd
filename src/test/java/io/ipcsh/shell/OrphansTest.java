package io.ipcsh.shell;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import io.ipcsh.testkit.CProgram;
import io.ipcsh.testkit.IpcCleanup;
import io.ipcsh.testkit.Proc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code list --orphans}: what nobody holds, with the command that removes it. */
class OrphansTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String PREFIX = "ipcsh-test-" + ProcessHandle.current().pid() + "-orphan";

    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private static String row(String kind, String name, long size, String remove) {
        return String.format("%-22s %-24s %-10s %-8s %s", kind, name, size, "root", remove);
    }

    @Test
    void shouldListWhatNobodyHoldsWithTheCommandThatRemovesIt() throws Exception {
        Segment orphan = ipc.track(Segment.createNew(IpcKey.PRIVATE, 4096, 0600));
        orphan.detach();
        Segment held = ipc.track(Segment.createNew(IpcKey.PRIVATE, 2048, 0600));
        Segment removed = ipc.track(Segment.createNew(IpcKey.PRIVATE, 1024, 0600));
        removed.destroy();
        Path shm = Path.of("/dev/shm", PREFIX + "-shm");
        Path sem = Path.of("/dev/shm", "sem." + PREFIX + "-sem");
        Path mapped = Path.of("/dev/shm", PREFIX + "-mapped");
        Path mappedNow = Path.of("/dev/shm", PREFIX + "-mapped-now");
        Files.write(shm, new byte[100]);
        Files.write(sem, new byte[32]);
        Files.write(mapped, new byte[4096]);
        try (Proc holder = Proc.start(List.of(CProgram.compile("holder.c").toString(), "map", mapped.toString(),
                mappedNow.toString()))) {
            holder.awaitLine("mapped", PATIENCE);
            Shell.Result r = Shell.run("list --orphans");
            assertEquals(0, r.status(), r.err());
            List<String> out = r.out().lines().toList();
            assertEquals("kind                   name                     bytes      owner    remove with", out.getFirst());
            assertTrue(out.contains(row("SysV shared memory", "shmid " + orphan.shmid(), 4096, "destroy --id " + orphan.shmid())),
                    r.out());
            assertTrue(out.contains(row("POSIX shared memory", "/" + PREFIX + "-shm", 100, "destroy --name /" + PREFIX + "-shm")),
                    r.out());
            assertTrue(out.contains(row("POSIX named semaphore", "/" + PREFIX + "-sem", 32,
                    "sem open /" + PREFIX + "-sem; destroy")), r.out());
            assertFalse(r.out().contains("shmid " + held.shmid() + " "), "attached here: " + r.out());
            assertFalse(r.out().contains("shmid " + removed.shmid() + " "), "removed: " + r.out());
            assertFalse(r.out().contains(PREFIX + "-mapped"), "mapped by the holder: " + r.out());

            Shell.Result json = Shell.run("list --orphans", "--json");
            String line = json.out().lines().filter(l -> l.contains("\"name\":\"/" + PREFIX + "-shm\"")).findFirst().orElseThrow();
            assertTrue(line.matches("\\{\"kind\":\"POSIX shared memory\",\"name\":\"/" + PREFIX + "-shm\",\"key\":null,"
                    + "\"size\":100,\"uid\":0,\"owner\":\"root\",\"remove\":\"destroy --name /" + PREFIX + "-shm\","
                    + "\"remove_from_bash\":\"rm /dev/shm/" + PREFIX + "-shm\",\"unreadable\":\\d+}"), line);
            String sysv = json.out().lines().filter(l -> l.contains("\"name\":\"shmid " + orphan.shmid() + "\"")).findFirst()
                    .orElseThrow();
            assertTrue(sysv.contains("\"key\":\"0x00000000\",\"size\":4096,") && sysv.contains("\"remove_from_bash\":\"ipcrm -m "
                    + orphan.shmid() + "\""), sysv);

            // Once its holder is gone, what it mapped is an orphan too.
            holder.closeStdin();
            assertEquals(0, holder.waitFor(PATIENCE).exitCode());
            assertTrue(Shell.run("list --orphans").out().contains(row("POSIX shared memory", "/" + PREFIX + "-mapped-now", 4096,
                    "destroy --name /" + PREFIX + "-mapped-now")));
        } finally {
            Files.deleteIfExists(shm);
            Files.deleteIfExists(sem);
            Files.deleteIfExists(mapped);
            Files.deleteIfExists(mappedNow);
        }
    }
}
