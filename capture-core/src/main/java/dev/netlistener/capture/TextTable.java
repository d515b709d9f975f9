// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Renders a columnar table as text the way pandas prints a DataFrame (aligned columns, the first
 * and last rows with "..." between, and the shape), and as CSV, in the {@link Column}s asked for.
 * Absent values print as {@code <NA>} in text, as nothing in CSV; numbers with a name (protocols,
 * EtherTypes, TCP flags) print as that name in text, as the number in CSV.
 */
final class TextTable {
    /** Rows shown from each end of a long table, as pandas does. */
    static final int EDGE_ROWS = 5;

    private TextTable() {
    }

    /** {@code rows} rows of {@code table} in {@code columns}, times written by {@code time}. */
    static <T> String render(T table, int rows, List<Column<T>> columns, LongFunction<String> time) {
        return render(table, rows, columns, time, Integer.MAX_VALUE);
    }

    /**
     * As {@link #render(Object, int, List, LongFunction)}, with each cell longer than {@code maxCellWidth}
     * shortened in the middle to that width ({@code [2a01:e35:8bd...7fe8:d397]:42513}): its start and
     * its end, a port among them, stay readable, as pandas' {@code max_colwidth} keeps a table narrow.
     */
    static <T> String render(T table, int rows, List<Column<T>> columns, LongFunction<String> time, int maxCellWidth) {
        List<Integer> shown = new ArrayList<>();
        boolean elided = rows > 2 * EDGE_ROWS;
        for (int row = 0; row < rows; row++) {
            if (!elided || row < EDGE_ROWS || row >= rows - EDGE_ROWS) {
                shown.add(row);
            }
        }
        int count = columns.size();
        String[][] text = new String[shown.size()][count];
        int[] width = new int[count + 1];
        width[0] = Math.max(3, Integer.toString(Math.max(rows - 1, 0)).length());
        for (int c = 0; c < count; c++) {
            width[c + 1] = columns.get(c).name().length();
        }
        for (int i = 0; i < shown.size(); i++) {
            for (int c = 0; c < count; c++) {
                String value = columns.get(c).printedCell(table, shown.get(i), time);
                text[i][c] = value.isEmpty() ? "<NA>" : shortened(value, maxCellWidth);
                width[c + 1] = Math.max(width[c + 1], text[i][c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        pad(out, "", width[0]);
        for (int c = 0; c < count; c++) {
            out.append("  ");
            pad(out, columns.get(c).name(), width[c + 1]);
        }
        out.append('\n');
        for (int i = 0; i < shown.size(); i++) {
            if (elided && i == EDGE_ROWS) {
                pad(out, "...", width[0]);
                for (int c = 0; c < count; c++) {
                    out.append("  ");
                    pad(out, "...", width[c + 1]);
                }
                out.append('\n');
            }
            pad(out, Integer.toString(shown.get(i)), width[0]);
            for (int c = 0; c < count; c++) {
                out.append("  ");
                pad(out, text[i][c], width[c + 1]);
            }
            out.append('\n');
        }
        return out.append('[').append(rows).append(rows == 1 ? " row x " : " rows x ").append(count)
                .append(" columns]").toString();
    }

    private static String shortened(String text, int width) {
        if (text.length() <= width) {
            return text;
        }
        int tail = (width - 3) / 2;
        return text.substring(0, width - 3 - tail) + "..." + text.substring(text.length() - tail);
    }

    private static void pad(StringBuilder out, String text, int width) {
        out.append(" ".repeat(Math.max(0, width - text.length()))).append(text);
    }

    /**
     * {@code rows} rows of {@code table} as CSV in {@code columns}, headed by their names when
     * {@code header}; cells never contain commas, quotes or newlines, so none is quoted.
     */
    static <T> void writeCsv(Appendable out, T table, int rows, List<Column<T>> columns, boolean header,
                             TimeFormat time) {
        try {
            if (header) {
                out.append(String.join(",", columns.stream().map(Column::name).toList())).append('\n');
            }
            LongFunction<String> times = time::format;
            StringBuilder line = new StringBuilder(256);
            for (int row = 0; row < rows; row++) {
                line.setLength(0);
                for (int c = 0; c < columns.size(); c++) {
                    if (c > 0) {
                        line.append(',');
                    }
                    appendCsvCell(line, columns.get(c).cell(table, row, times));
                }
                out.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A cell as RFC 4180 wants it: quoted, with its quotes doubled, when it holds a comma, a quote or
     * a line break. Names read from packets (a DNS name, an HTTP Host) may hold any of them.
     */
    private static void appendCsvCell(StringBuilder line, String cell) {
        boolean plain = true;
        for (int i = 0; i < cell.length() && plain; i++) {
            char ch = cell.charAt(i);
            plain = ch != ',' && ch != '"' && ch != '\n' && ch != '\r';
        }
        if (plain) {
            line.append(cell);
        } else {
            line.append('"').append(cell.replace("\"", "\"\"")).append('"');
        }
    }

    /** Writes a text file (UTF-8) through {@code content}, replacing the file. */
    static void writeFile(Path file, java.util.function.Consumer<Appendable> content) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            content.accept(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
