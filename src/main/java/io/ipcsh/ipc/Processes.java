package io.ipcsh.ipc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What {@code /proc} says of a process by pid, as ps and lsipc read it. */
public final class Processes {
    private static final Path PROC = Path.of("/proc");

    private Processes() {
    }

    /**
     * The command line of process {@code pid}: {@code /proc/PID/cmdline} with its NULs as
     * spaces, as lsipc's COMMAND column shows a creator; {@code [comm]} for a process with
     * none (a kernel thread, a zombie). Empty when the process is gone or unreadable, as
     * lsipc leaves the cell empty.
     */
    public static Optional<String> commandLine(long pid) {
        if (pid <= 0) {
            return Optional.empty();
        }
        Path dir = PROC.resolve(Long.toString(pid));
        try {
            String command = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ').strip();
            if (command.isEmpty()) {
                command = "[" + new String(Files.readAllBytes(dir.resolve("comm")), StandardCharsets.UTF_8).strip() + "]";
            }
            return Optional.of(command);
        } catch (IOException | RuntimeException e) {
            // ended meanwhile, or another user's and hidden: nothing to show
            return Optional.empty();
        }
    }
}
