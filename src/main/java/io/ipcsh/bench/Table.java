package io.ipcsh.bench;

import java.util.ArrayList;
import java.util.List;

/** Rows of text, rendered as aligned columns for a terminal or as a Markdown table. */
final class Table {
    private final String[] header;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        this.header = header;
    }

    void row(String... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.length);
        }
        rows.add(cells);
    }

    /** Columns padded to their widest cell; numbers (cells starting with a digit) right-aligned. */
    String render() {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
            for (String[] row : rows) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        boolean[] right = new boolean[header.length];
        for (int i = 0; i < header.length; i++) {
            right[i] = true;
            for (String[] row : rows) {
                right[i] &= row[i].isEmpty() || Character.isDigit(row[i].charAt(0));
            }
        }
        StringBuilder s = new StringBuilder();
        line(s, header, w, right);
        for (String[] row : rows) {
            line(s, row, w, right);
        }
        return s.toString();
    }

    /** A column of numbers only is right-aligned, any other left-aligned. */
    private static void line(StringBuilder s, String[] cells, int[] w, boolean[] right) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String pad = " ".repeat(w[i] - cells[i].length());
            l.append(i == 0 ? "" : "  ").append(right[i] ? pad + cells[i] : cells[i] + pad);
        }
        s.append(l.toString().stripTrailing()).append('\n');
    }

    String markdown() {
        StringBuilder s = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        for (String h : header) {
            s.append("---|");
        }
        s.append('\n');
        for (String[] row : rows) {
            s.append('|');
            for (String cell : row) {
                s.append(' ').append(cell.replace("|", "\\|")).append(" |");
            }
            s.append('\n');
        }
        return s.toString();
    }
}
