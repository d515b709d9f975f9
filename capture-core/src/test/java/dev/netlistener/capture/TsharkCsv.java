// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tshark decode beside each corpus file ({@code <stem>.tshark.csv}, see the corpus's
 * MANIFEST.md; the tunnel corpus has {@code <stem>.inner.csv} and {@code <stem>.outer.csv}): one
 * row per frame, every present value double-quoted, absent values empty.
 */
public final class TsharkCsv {
    private final List<Map<String, String>> rows;

    private TsharkCsv(List<Map<String, String>> rows) {
        this.rows = rows;
    }

    /** The CSV that belongs to a capture file of the corpus. */
    public static TsharkCsv of(Path capture) {
        return of(capture, ".tshark.csv");
    }

    /** The CSV beside a capture file named as the capture with {@code suffix} for its extension ({@code .inner.csv}). */
    public static TsharkCsv of(Path capture, String suffix) {
        String name = capture.getFileName().toString();
        Path csv = capture.resolveSibling(name.substring(0, name.lastIndexOf('.')) + suffix);
        try {
            return parse(Files.readAllLines(csv));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CSV of these lines, the first of them its header (as tshark's {@code -E header=y} writes it). */
    public static TsharkCsv parse(List<String> lines) {
        List<String> header = split(lines.getFirst());
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> cells = split(line);
            Map<String, String> row = new HashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), i < cells.size() ? cells.get(i) : "");
            }
            rows.add(row);
        }
        return new TsharkCsv(rows);
    }

    public int size() {
        return rows.size();
    }

    /** The value of {@code field} in frame {@code index} (0-based); empty when tshark had none. */
    public String get(int index, String field) {
        return rows.get(index).getOrDefault(field, "");
    }

    /** {@code frame.time_epoch} as nanoseconds. */
    public long timestampNanos(int index) {
        String[] parts = get(index, "frame.time_epoch").split("\\.");
        return Long.parseLong(parts[0]) * 1_000_000_000L + Long.parseLong(parts[1]);
    }

    /** Splits one line; cells are either empty or double-quoted (quotes inside are doubled). */
    private static List<String> split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }
}
