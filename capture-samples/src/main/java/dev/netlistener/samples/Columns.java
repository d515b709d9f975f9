// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import java.util.List;

/** Left-aligned text columns for the samples' plain-text output. */
final class Columns {
    private Columns() {
    }

    static String align(List<String[]> rows) {
        int columns = rows.getFirst().length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                line.append(row[c]).append(" ".repeat(width[c] - row[c].length() + (c < columns - 1 ? 2 : 0)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
