package io.ipcsh.ipc;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LimitsTest {
    /** The sysctl as the kernel prints it, read line-wise (which sees all of it). */
    static String sysctl(String name) throws IOException {
        return Files.readAllLines(Path.of("/proc/sys/kernel", name)).get(0).strip();
    }

    private static long clamped(String value) {
        long v = Long.parseUnsignedLong(value);
        return v < 0 ? Long.MAX_VALUE : v;
    }

    @Test
    void shouldReadEveryDigitOfTheSysctls() throws IOException {
        assertEquals(clamped(sysctl("shmmax")), Limits.shmmax());
        assertEquals(clamped(sysctl("shmall")), Limits.shmall());
        assertEquals(Long.parseLong(sysctl("shmmni")), Limits.shmmni());
        assertEquals(sysctl("shmmax"), Limits.shmmaxText());
    }
}
