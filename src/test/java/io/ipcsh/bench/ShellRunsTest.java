package io.ipcsh.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ShellRunsTest {
    /** A checkout as bin/ipcsh leaves it: the built jar, its AOT copy, sources older than both. */
    private static Path checkout(Path home) throws IOException {
        Files.createDirectories(home.resolve("bin"));
        Files.createDirectories(home.resolve("src/main"));
        Files.createDirectories(home.resolve("target/aot/lib"));
        Path bin = Files.writeString(home.resolve("bin/ipcsh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path source = Files.writeString(home.resolve("src/main/A.java"), "");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(60)));
        Files.setLastModifiedTime(home.resolve("src/main"), FileTime.from(Instant.now().minusSeconds(60)));
        Files.writeString(home.resolve("target/ipcsh.jar"), "");
        Files.writeString(home.resolve("target/aot/ipcsh.jar"), "");
        return bin;
    }

    @Test
    void shouldFindTheLauncherFromTheJarOrItsAotCopy(@TempDir Path home) throws IOException {
        Path bin = checkout(home);
        assertEquals(bin, ShellRuns.findLauncher(home.resolve("target/ipcsh.jar") + File.pathSeparator + home.resolve("target/lib/*")));
        // bin/ipcsh with its AOT cache runs the bench from target/aot: the shell rows must
        // still go through bin/ipcsh, as a user's do, not a bare java command.
        assertEquals(bin, ShellRuns.findLauncher(home.resolve("target/aot/ipcsh.jar") + File.pathSeparator
                + home.resolve("target/aot/lib/*")));
    }

    @Test
    void shouldNotUseALauncherThatWouldRebuild(@TempDir Path home) throws IOException {
        checkout(home);
        Files.setLastModifiedTime(home.resolve("target/ipcsh.jar"), FileTime.from(Instant.now().minusSeconds(3600)));
        assertNull(ShellRuns.findLauncher(home.resolve("target/aot/ipcsh.jar").toString()));
    }
}
