package io.ipcsh.testkit;

import io.ipcsh.posix.Unistd;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a command as the unprivileged user {@code nobody} (uid and gid 65534), for
 * permission tests: the tests run as root, and root passes every IPC permission check.
 * Skips the test (an assumption) when not root or when neither setpriv nor runuser exists.
 *
 * <pre>{@code
 * try (Proc p = Proc.start(AsUser.nobody(Jvm.commandForOtherUser(ScriptedPeer.class, key.hex())))) { ... }
 * }</pre>
 */
public final class AsUser {
    /** uid and gid of {@code nobody} / {@code nogroup}. */
    public static final int NOBODY = 65534;

    private AsUser() {
    }

    /** {@code command} prefixed so that it runs as uid/gid 65534 with no supplementary groups. */
    public static List<String> nobody(List<String> command) {
        Assumptions.assumeTrue(Unistd.geteuid() == 0, "needs root to start a peer as another user");
        List<String> cmd = new ArrayList<>();
        Optional<String> setpriv = which("setpriv");
        Optional<String> runuser = which("runuser");
        if (setpriv.isPresent()) {
            cmd.addAll(List.of(setpriv.get(), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        } else if (runuser.isPresent()) {
            cmd.addAll(List.of(runuser.get(), "-u", "nobody", "--"));
        } else {
            Assumptions.abort("neither setpriv nor runuser is installed");
        }
        cmd.addAll(command);
        return cmd;
    }

    /** The full path of {@code program} on PATH or in the usual bin and sbin directories. */
    static Optional<String> which(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin:/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Optional.of(Path.of(dir, program).toString());
            }
        }
        return Optional.empty();
    }
}
