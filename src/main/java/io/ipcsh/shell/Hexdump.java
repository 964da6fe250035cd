package io.ipcsh.shell;

import java.io.PrintWriter;
import java.util.Arrays;

/** {@code hexdump -C} output, identical lines folded into {@code *} as hexdump does. */
final class Hexdump {
    private Hexdump() {
    }

    /** Prints {@code bytes}, which start at {@code base} in the segment, then the end offset. */
    static void print(PrintWriter out, byte[] bytes, long base) {
        byte[] previous = null;
        boolean folded = false;
        for (int at = 0; at < bytes.length; at += 16) {
            byte[] line = Arrays.copyOfRange(bytes, at, Math.min(at + 16, bytes.length));
            if (previous != null && line.length == 16 && Arrays.equals(line, previous)) {
                if (!folded) {
                    out.println("*");
                    folded = true;
                }
                continue;
            }
            folded = false;
            previous = line;
            StringBuilder s = new StringBuilder(String.format("%08x  ", base + at));
            for (int i = 0; i < 16; i++) {
                s.append(i < line.length ? String.format("%02x ", line[i]) : "   ");
                if (i == 7) {
                    s.append(' ');
                }
            }
            s.append(" |");
            for (byte b : line) {
                s.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            }
            out.println(s.append('|'));
        }
        out.println(String.format("%08x", base + bytes.length));
    }
}
