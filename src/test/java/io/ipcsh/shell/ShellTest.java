package io.ipcsh.shell;

import io.ipcsh.ipc.IpcKey;
import io.ipcsh.testkit.IpcCleanup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command language through {@link Shell#run}: output, error lines and statuses. */
class ShellTest {
    @RegisterExtension
    final IpcCleanup ipc = new IpcCleanup();

    private String key;

    private String fresh() {
        IpcKey k = ipc.freshKey();
        key = k.hex();
        return key;
    }

    @Test
    void shouldWriteAndReadBackAnInt() {
        Shell.Result r = Shell.run("key " + fresh() + "; attach --new --size 4k; write 0 i32 42; read 0 i32; destroy");
        assertEquals(0, r.status(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("key " + key, lines[0]);
        assertTrue(lines[1].startsWith("h1: key " + key + " shmid "), lines[1]);
        assertTrue(lines[1].endsWith(" size 4096 mode 0600 nattch 1 (created)"), lines[1]);
        assertEquals("42", lines[2]);
        assertTrue(lines[3].startsWith("destroyed shmid "), lines[3]);
        assertEquals("", r.err());
    }

    @Test
    void shouldSayNoSegmentWithExitOne() {
        Shell.Result r = Shell.run("attach " + fresh() + "; echo never");
        assertEquals(1, r.status());
        assertEquals("error: no segment with key " + key + " [shmget: ENOENT] (attach --create --size N makes one)\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void shouldCallAnUnknownCommandAUsageError() {
        Shell.Result r = Shell.run("frobnicate 1 2");
        assertEquals(2, r.status());
        assertEquals("error: unknown command 'frobnicate' (help lists the commands)\n", r.err());
    }
}
