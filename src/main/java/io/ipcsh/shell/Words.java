package io.ipcsh.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line of the command language into commands ({@code ;}) and words
 * (whitespace), as a POSIX shell would: single quotes keep everything, double quotes
 * keep spaces and {@code ;}, a backslash escapes the next character, and {@code #} at
 * the start of a word begins a comment.
 */
final class Words {
    private Words() {
    }

    /** The commands on {@code line}, each as its words; empty commands are dropped. */
    static List<List<String>> split(String line) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == '\\' && i + 1 < line.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(line.charAt(++i));
            } else if (c == ';' || Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                if (c == ';' && !words.isEmpty()) {
                    commands.add(words);
                    words = new ArrayList<>();
                }
            } else if (c == '#' && word == null) {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new UserError("unterminated " + (quote == '"' ? "double" : "single") + " quote");
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (!words.isEmpty()) {
            commands.add(words);
        }
        return commands;
    }
}
