package io.ipcsh.testkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pids of every process this test JVM started through the kit, so that
 * {@link IpcCleanup} can recognise segments they created (their {@code shm_cpid}).
 */
final class Children {
    private static final Set<Integer> PIDS = ConcurrentHashMap.newKeySet();

    private Children() {
    }

    static void register(long pid) {
        PIDS.add((int) pid);
        // A setpriv/runuser wrapper execs the real program in the same pid; a shell may
        // fork: remember its descendants too, as far as they exist by now.
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> PIDS.add((int) d.pid())));
    }

    static boolean contains(int pid) {
        if (PIDS.contains(pid)) {
            return true;
        }
        // A grandchild that appeared after register(): is it still below one of ours?
        return ProcessHandle.of(pid)
                .flatMap(ProcessHandle::parent)
                .map(parent -> PIDS.contains((int) parent.pid()))
                .orElse(false);
    }
}
