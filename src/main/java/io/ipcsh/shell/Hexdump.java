package io.ipcsh.shell;

import java.io.PrintWriter;
import java.util.Arrays;

/**
 * {@code hexdump -C} output, identical lines folded into {@code *} as hexdump does. Fed
 * in chunks, so that dumping a segment of gigabytes needs no array of its size.
 */
final class Hexdump {
    private final PrintWriter out;
    private long at;
    private byte[] previous;
    private boolean folded;

    /** A dump whose first byte is at {@code base} in the segment. */
    Hexdump(PrintWriter out, long base) {
        this.out = out;
        this.at = base;
    }

    /** The next bytes; every chunk but the last must be a multiple of 16 long. */
    void feed(byte[] bytes) {
        for (int i = 0; i < bytes.length; i += 16, at += 16) {
            byte[] line = Arrays.copyOfRange(bytes, i, Math.min(i + 16, bytes.length));
            if (previous != null && line.length == 16 && Arrays.equals(line, previous)) {
                if (!folded) {
                    out.println("*");
                    folded = true;
                }
                continue;
            }
            folded = false;
            previous = line;
            StringBuilder s = new StringBuilder(String.format("%08x  ", at));
            for (int j = 0; j < 16; j++) {
                s.append(j < line.length ? String.format("%02x ", line[j]) : "   ");
                if (j == 7) {
                    s.append(' ');
                }
            }
            s.append(" |");
            for (byte b : line) {
                s.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            }
            out.println(s.append('|'));
            if (line.length < 16) {
                at += line.length - 16;
            }
        }
    }

    /** Prints the end offset, as hexdump does. */
    void finish() {
        out.println(String.format("%08x", at));
    }
}
