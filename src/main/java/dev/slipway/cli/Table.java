package dev.slipway.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Left-aligned columns two spaces apart, the way {@code kubectl get} and {@code docker ps} print. */
final class Table {
    private static final String GAP = "  ";

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... headers) {
        columns = headers.length;
        rows.add(headers.clone());
    }

    Table row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + Arrays.toString(cells));
        }
        String[] row = new String[columns];
        for (int i = 0; i < columns; i++) {
            // Tabs and newlines inside a cell would break the alignment of every row after it.
            row[i] = cells[i] == null || cells[i].isEmpty() ? "" : cells[i].replaceAll("\\s", " ");
        }
        rows.add(row);
        return this;
    }

    void print(PrintWriter out) {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == 0 ? "" : GAP).append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length()));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
