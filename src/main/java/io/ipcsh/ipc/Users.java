package io.ipcsh.ipc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** User names for uids, from /etc/passwd as ipcs shows them; the number when unknown. */
public final class Users {
    private static Map<Integer, String> names;

    private Users() {
    }

    /** The user name for {@code uid}, or the number as text. */
    public static synchronized String name(int uid) {
        if (names == null) {
            names = new HashMap<>();
            try {
                for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                    String[] f = line.split(":");
                    if (f.length > 2) {
                        try {
                            names.putIfAbsent(Integer.parseInt(f[2]), f[0]);
                        } catch (NumberFormatException e) {
                            // a malformed line: skip it
                        }
                    }
                }
            } catch (IOException e) {
                // no passwd file: numbers it is
            }
        }
        return names.getOrDefault(uid, Integer.toString(uid));
    }
}
