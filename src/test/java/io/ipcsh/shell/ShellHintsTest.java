package io.ipcsh.shell;

import io.ipcsh.ipc.IpcException;
import io.ipcsh.ipc.IpcKey;
import io.ipcsh.ipc.Segment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The shell words the library's advice in its own commands; the library never does. */
class ShellHintsTest {
    @ParameterizedTest
    @EnumSource(IpcException.Advice.class)
    void shouldHaveItsOwnWordsForEveryAdvice(IpcException.Advice advice) {
        assertFalse(ShellHints.hint(advice).equals(advice.text()), advice.name());
    }

    @Test
    void shouldReplaceTheApiAdviceWithTheShellHint() throws IOException {
        Path file = Files.createTempFile("ipcsh-hints", ".key");
        try {
            IpcKey key = IpcKey.ftok(file, 77);
            IpcException e = assertThrows(IpcException.class, () -> Segment.open(key));
            assertEquals("no segment with key " + key.hex() + " [shmget: ENOENT] (create it first: Segment.create(key, size))",
                    e.getMessage());
            assertEquals("no segment with key " + key.hex() + " [shmget: ENOENT] (attach --create --size N makes one)",
                    ShellHints.message(e));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void shouldLeaveAMessageWithoutAdviceAsItIs() {
        IpcException e = IpcException.of("shmat", 24, "cannot attach shmid=7", null);
        assertEquals(e.getMessage(), ShellHints.message(e));
    }
}
