package io.ipcsh.ipc;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One message taken from a queue: its number ({@code type 2} on a SysV queue,
 * {@code priority 9} on a POSIX one, see {@link CarriesMessages#tagName()}) and its bytes.
 * {@code toString()} reads as the shell's receive prints it: {@code type 2: first}.
 */
public record Message(String tagName, long tag, byte[] bytes) {
    public Message {
        bytes = bytes.clone();
    }

    /** A copy of the bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** How many bytes it has. */
    public int size() {
        return bytes.length;
    }

    /** The bytes as UTF-8 (malformed bytes become U+FFFD). */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The bytes in hex, two digits each, separated by spaces: {@code de ad be ef}. */
    public String hex() {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(s.isEmpty() ? "" : " ").append(HexFormat.of().toHexDigits(b));
        }
        return s.toString();
    }

    /**
     * The text for one line of output: UTF-8, with control characters and bytes that are
     * not UTF-8 shown as {@code \xNN}. One trailing NUL, as a C sender's
     * {@code strlen(s) + 1} leaves, is left out.
     */
    public String printable() {
        int n = bytes.length > 0 && bytes[bytes.length - 1] == 0 ? bytes.length - 1 : bytes.length;
        StringBuilder s = new StringBuilder(n);
        int i = 0;
        while (i < n) {
            int len = utf8Length(bytes, i, n);
            if (len < 0) {
                s.append(String.format("\\x%02x", bytes[i] & 0xff));
                i++;
                continue;
            }
            String ch = new String(bytes, i, len, StandardCharsets.UTF_8);
            int cp = ch.codePointAt(0);
            if (cp < 0x20 || cp == 0x7f) {
                s.append(String.format("\\x%02x", cp));
            } else {
                s.append(ch);
            }
            i += len;
        }
        return s.toString();
    }

    /** The length of the well-formed UTF-8 sequence at {@code i}, or -1. */
    private static int utf8Length(byte[] b, int i, int end) {
        int first = b[i] & 0xff;
        int len = first < 0x80 ? 1 : first >= 0xc2 && first < 0xe0 ? 2 : first >= 0xe0 && first < 0xf0 ? 3
                : first >= 0xf0 && first < 0xf5 ? 4 : -1;
        if (len < 0 || i + len > end) {
            return -1;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, i, len));
            return len;
        } catch (CharacterCodingException e) {
            return -1;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Message m && m.tagName.equals(tagName) && m.tag == tag && Arrays.equals(m.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(tag) * 31 + Arrays.hashCode(bytes);
    }

    /** {@code type 2: first}. */
    @Override
    public String toString() {
        return tagName + " " + tag + ": " + printable();
    }
}
