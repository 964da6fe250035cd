package io.ipcsh.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line of the command language into commands ({@code ;}) and words
 * (whitespace). The rules are few, so that a person can predict them (help write lists
 * them too):
 * <ul>
 * <li>{@code ;} ends a command, whitespace ends a word.</li>
 * <li>A quote opens only at the start of a word: {@code 'a; b'} keeps everything,
 *     {@code "a; b"} keeps everything but {@code \"} and {@code \\}. Inside a word a quote
 *     is a plain character, so {@code it's} is the four characters it looks like.</li>
 * <li>{@code \} outside quotes keeps the next character ({@code a\;b}).</li>
 * <li>{@code #} starts a comment where a command would start ({@code # note},
 *     {@code echo hi; #note}), and after a command's words only as a word of its own
 *     followed by a space ({@code write 0 i32 5 # count}). {@code #42} in a command is text.</li>
 * Each command also records whether a comment or a {@code ;} between two characters
 * ({@code a;b}) cut it short, so that a command storing text can refuse instead of
 * storing less than was typed ({@link Shell}).
 */
final class Words {
    private Words() {
    }

    /** How a command's words ended, when not simply at a {@code ;} or the end of the line. */
    enum Cut {
        /** At the end of the line, or at a {@code ;} with a space (or the end) after it. */
        NONE,
        /** A comment followed its words. */
        COMMENT,
        /** A {@code ;} between two non-space characters, as in {@code a;b}. */
        JOINED
    }

    /**
     * One command of a line: its words, how it ended, and where its first word and each
     * word started in the line (for error lines that quote back what was typed).
     */
    record Command(List<String> words, Cut cut, int start, List<Integer> wordStarts, String line) {
        /** What was typed from word {@code index} to where the command was cut (raw, unparsed). */
        String rawFrom(int index) {
            int from = wordStarts.get(index);
            int to = line.length();
            if (cut == Cut.JOINED) {
                // Up to the next ";" that really ends a command (a space after it), if any.
                int next = line.indexOf("; ", from);
                to = next < 0 ? to : next;
            }
            return line.substring(from, to).strip();
        }
    }

    /** The commands on {@code line}, each as its words; empty commands are dropped. */
    static List<List<String>> split(String line) {
        return parse(line).stream().map(Command::words).toList();
    }

    /** The commands on {@code line} with how each ended; empty commands are dropped. */
    static List<Command> parse(String line) {
        List<Command> plain = plain(line);
        return plain != null ? plain : parse(line, null);
    }

    /** {@link #parse} by the full rules, without the shortcut for plain lines (for tests). */
    static List<Command> parseByTheRules(String line) {
        return parse(line, null);
    }

    /**
     * {@link #parse} of a line of plain words (printable ASCII, spaces and tabs between,
     * no quote, {@code \}, {@code ;}, {@code #} or {@code {}), as most script lines are;
     * null for any other line. Substrings instead of a character at a time through a
     * StringBuilder: splitting was a sixth of a {@code read 0 i32} line.
     */
    private static List<Command> plain(String line) {
        List<String> words = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (start >= 0) {
                    words.add(line.substring(start, i));
                    start = -1;
                }
            } else if (c > ' ' && c < 0x7f && c != '\'' && c != '"' && c != '\\' && c != ';' && c != '#' && c != '{') {
                if (start < 0) {
                    start = i;
                    starts.add(i);
                }
            } else {
                return null;
            }
        }
        if (start >= 0) {
            words.add(line.substring(start));
        }
        return words.isEmpty() ? List.of() : List.of(new Command(words, Cut.NONE, starts.get(0), starts, line));
    }

    /**
     * True if {@code text} opens a {@code {} it does not close: a script or the REPL then
     * reads the next line as part of the same command (a declaration over several lines).
     */
    static boolean inBlock(CharSequence text) {
        if (text.toString().indexOf('{') < 0) {
            return false; // only a { opens one; most lines have none, and parsing them twice cost a tenth of a script line
        }
        boolean[] open = {false};
        try {
            parse(text.toString(), open);
        } catch (UserError e) {
            return false;
        }
        return open[0];
    }

    /** As {@link #parse(String)}; with {@code open}, an unclosed {@code {} sets open[0] instead of failing. */
    private static List<Command> parse(String line, boolean[] open) {
        List<Command> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        int commandStart = -1;
        StringBuilder word = null;
        char quote = 0;
        int quoteAt = -1;
        Cut cut = Cut.NONE;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()
                        && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '{') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                int end = blockEnd(line, i);
                if (end < 0) {
                    if (open != null) {
                        open[0] = true;
                        return commands;
                    }
                    throw new UserError("unterminated { (a struct declaration ends with })");
                }
                starts.add(i);
                commandStart = commandStart < 0 ? i : commandStart;
                words.add(line.substring(i, end + 1));
                i = end;
                continue;
            }
            if (word == null && !Character.isWhitespace(c) && c != ';') {
                if (c == '#' && (words.isEmpty() || i + 1 == line.length() || Character.isWhitespace(line.charAt(i + 1)))) {
                    if (!words.isEmpty()) {
                        cut = Cut.COMMENT;
                    }
                    break;
                }
                word = new StringBuilder();
                starts.add(i);
                commandStart = commandStart < 0 ? i : commandStart;
                if (c == '\'' || c == '"') {
                    quote = c;
                    quoteAt = i;
                    continue;
                }
            }
            if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
            } else if (c == ';' || Character.isWhitespace(c)) {
                boolean joined = c == ';' && word != null && i + 1 < line.length()
                        && !Character.isWhitespace(line.charAt(i + 1)) && line.charAt(i + 1) != ';';
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                if ((c == ';' || c == '\n') && !words.isEmpty()) {
                    commands.add(new Command(words, joined ? Cut.JOINED : Cut.NONE, commandStart, starts, line));
                    words = new ArrayList<>();
                    starts = new ArrayList<>();
                    commandStart = -1;
                }
            } else {
                word.append(c);
            }
        }
        if (quote != 0) {
            String rest = line.substring(quoteAt);
            throw new UserError("unterminated " + (quote == '"' ? "double" : "single") + " quote at "
                    + (rest.length() > 20 ? rest.substring(0, 20) + "..." : rest)
                    + " (close it, or write \\" + quote + " for the character itself)");
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(new Command(words, cut, commandStart, starts, line));
        }
        return commands;
    }

    /** Where the {@code {} at {@code open} closes (braces nest), or -1 if it does not in {@code text}. */
    private static int blockEnd(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code text} quoted so that {@link #parse} gives it back as one word: in single
     * quotes, or in double quotes when it holds a single quote.
     */
    static String quote(String text) {
        if (text.indexOf('\'') < 0) {
            return "'" + text + "'";
        }
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
