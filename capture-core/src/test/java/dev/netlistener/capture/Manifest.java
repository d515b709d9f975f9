// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The frame count of each corpus file, read from the table in the corpus's MANIFEST.md. */
final class Manifest {
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (\\d+) \\| [^|]+ \\| [^|]+ \\| (\\d+) \\|");

    private Manifest() {
    }

    static Map<String, Integer> frameCounts(Path corpus) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(corpus.resolve("MANIFEST.md"))) {
                Matcher row = ROW.matcher(line);
                if (row.find()) {
                    counts.put(row.group(1), Integer.parseInt(row.group(3)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }
}
