// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.CaptureFile;
import dev.netlistener.capture.PcapException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Our decode against tshark's, field by field, with a list of known differences (a resource of
 * {@code file,frame,field,ours,tshark,reason} lines, '#' starting a comment). Every difference must
 * be listed with its reason, and every listed difference must still occur, so the list stays true.
 */
final class TsharkComparison {
    private final String knownDifferences;
    private final Map<Difference, String> known;
    private final Map<String, int[]> agreement = new LinkedHashMap<>();
    private final List<Difference> unlisted = new ArrayList<>();
    private final Set<Difference> occurred = new HashSet<>();

    /** @param fields the fields compared, in the order the agreement is printed */
    TsharkComparison(String knownDifferences, List<String> fields) {
        this.knownDifferences = knownDifferences;
        this.known = load(knownDifferences);
        fields.forEach(field -> agreement.put(field, new int[2]));
    }

    /** What is compared of one frame: its index in its file (0-based), its decode, and the segment holding its bytes. */
    interface Frame {
        void compare(int index, DecodedPacket packet, MemorySegment bytes);
    }

    /** Decodes every frame of {@code file} in turn and hands it to {@code frame}; returns how many there were. */
    static int decodeEach(Path file, PacketDecoder decoder, Frame frame) throws PcapException {
        int index = 0;
        try (CaptureFile capture = CaptureFile.open(file)) {
            for (; capture.advance(); index++) {
                frame.compare(index, decoder.decode(capture.segment(), capture.dataOffset(), capture.capturedLength(),
                        capture.wireLength(), capture.linkType(), capture.timestampNanos()), capture.segment());
            }
        }
        return index;
    }

    /** Compares one field of one frame (1-based), counting it and noting a difference. */
    void compare(String file, int frame, String field, String ours, String tshark) {
        int[] counts = agreement.get(field);
        counts[1]++;
        if (tshark.equals(ours)) {
            counts[0]++;
            return;
        }
        Difference difference = new Difference(file, frame, field, ours, tshark);
        if (known.containsKey(difference)) {
            occurred.add(difference);
        } else {
            unlisted.add(difference);
        }
    }

    /** Prints the agreement per field, then fails on any unlisted difference and on any listed one that did not occur. */
    void assertEveryDifferenceListed(int frames) {
        print(frames);
        Set<Difference> stale = new HashSet<>(known.keySet());
        stale.removeAll(occurred);
        assertTrue(unlisted.isEmpty(), unlisted.size() + " differences from tshark not in " + knownDifferences
                + " (file,frame,field,ours,tshark):\n" + join(unlisted));
        assertTrue(stale.isEmpty(), stale.size() + " differences listed in " + knownDifferences
                + " no longer occur; remove them:\n" + join(new ArrayList<>(stale)));
    }

    private void print(int frames) {
        long equal = 0;
        long total = 0;
        StringBuilder report = new StringBuilder("Agreement with tshark over " + frames + " frames:\n");
        for (Map.Entry<String, int[]> field : agreement.entrySet()) {
            int[] counts = field.getValue();
            equal += counts[0];
            total += counts[1];
            report.append(String.format("  %-20s %6d / %6d  %8.4f%%%n", field.getKey(), counts[0], counts[1],
                    100.0 * counts[0] / counts[1]));
        }
        report.append(String.format("  %-20s %6d / %6d  %8.4f%%  (%d known differences, each listed with its reason)",
                "total", equal, total, 100.0 * equal / total, occurred.size()));
        System.out.println(report);
    }

    private static String join(List<Difference> differences) {
        StringBuilder text = new StringBuilder();
        differences.stream().sorted().forEach(d -> text.append(d.csv()).append('\n'));
        return text.toString();
    }

    /** file,frame,field,ours,tshark,reason; '#' starts a comment line. The reason may contain commas. */
    private static Map<Difference, String> load(String resource) {
        Map<Difference, String> known = new TreeMap<>();
        try (InputStream in = TsharkComparison.class.getResourceAsStream(resource)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("file,")) {
                    continue;
                }
                String[] cells = line.split(",", 6);
                assertEquals(6, cells.length, "a known difference needs a reason: " + line);
                Difference difference = new Difference(cells[0], Integer.parseInt(cells[1]), cells[2], cells[3],
                        cells[4]);
                assertTrue(known.put(difference, cells[5]) == null, "listed twice: " + line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return known;
    }

    private record Difference(String file, int frame, String field, String ours, String tshark)
            implements Comparable<Difference> {
        String csv() {
            return file + "," + frame + "," + field + "," + ours + "," + tshark;
        }

        @Override
        public int compareTo(Difference other) {
            int byFile = file.compareTo(other.file);
            if (byFile != 0) {
                return byFile;
            }
            int byFrame = Integer.compare(frame, other.frame);
            return byFrame != 0 ? byFrame : field.compareTo(other.field);
        }
    }
}
