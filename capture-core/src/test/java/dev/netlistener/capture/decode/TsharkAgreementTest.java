package dev.netlistener.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.CaptureFile;
import dev.netlistener.capture.TestEnvironment;
import dev.netlistener.capture.TsharkCsv;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Decodes every frame of every corpus capture and compares it, column by column, with tshark's
 * decode beside the file. Every difference must be listed in known-differences.csv with its
 * reason, and every listed difference must still occur, so the list stays true.
 *
 * <p>Timestamps are compared as 64-bit nanoseconds read the way {@link TsharkCsv#timestampNanos}
 * and CaptureFileTest read them: pcapng-example.pcapng's second interface stores pre-1970
 * (negative) times, which tshark prints as unsigned; the decoder passes the reader's value through.
 */
class TsharkAgreementTest {
    private static final String KNOWN_DIFFERENCES = "/known-differences.csv";

    @Test
    void agreesWithTsharkOnEveryFieldOfEveryFrameExceptListedDifferences() throws Exception {
        Map<Difference, String> known = knownDifferences();
        Map<String, int[]> agreement = new LinkedHashMap<>();
        TsharkColumns.COMPARED.forEach(field -> agreement.put(field, new int[2]));
        List<Difference> unlisted = new ArrayList<>();
        Set<Difference> occurred = new HashSet<>();
        PacketDecoder decoder = new PacketDecoder();
        int frames = 0;
        for (Path file : TestEnvironment.corpusFiles()) {
            TsharkCsv tshark = TsharkCsv.of(file);
            String name = file.getFileName().toString();
            int framesBeforeFile = frames;
            try (CaptureFile capture = CaptureFile.open(file)) {
                for (int index = 0; capture.advance(); index++, frames++) {
                    DecodedPacket packet = decoder.decode(capture.segment(), capture.dataOffset(),
                            capture.capturedLength(), capture.wireLength(), capture.linkType(),
                            capture.timestampNanos());
                    Map<String, String> ours = TsharkColumns.of(packet);
                    for (String field : TsharkColumns.COMPARED) {
                        String theirs = field.equals("frame.time_epoch")
                                ? Long.toString(tshark.timestampNanos(index)) : tshark.get(index, field);
                        int[] counts = agreement.get(field);
                        counts[1]++;
                        if (theirs.equals(ours.get(field))) {
                            counts[0]++;
                            continue;
                        }
                        Difference difference = new Difference(name, index + 1, field, ours.get(field), theirs);
                        if (known.containsKey(difference)) {
                            occurred.add(difference);
                        } else {
                            unlisted.add(difference);
                        }
                    }
                }
            }
            assertEquals(tshark.size(), frames - framesBeforeFile, name + ": frames read vs tshark rows");
        }
        printAgreement(agreement, frames, occurred.size());
        Set<Difference> stale = new HashSet<>(known.keySet());
        stale.removeAll(occurred);
        assertTrue(unlisted.isEmpty(), unlisted.size() + " differences from tshark not in " + KNOWN_DIFFERENCES
                + " (file,frame,field,ours,tshark):\n" + join(unlisted));
        assertTrue(stale.isEmpty(), stale.size() + " differences listed in " + KNOWN_DIFFERENCES
                + " no longer occur; remove them:\n" + join(new ArrayList<>(stale)));
    }

    private static void printAgreement(Map<String, int[]> agreement, int frames, int knownDifferences) {
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
                "total", equal, total, 100.0 * equal / total, knownDifferences));
        System.out.println(report);
    }

    private static String join(List<Difference> differences) {
        StringBuilder text = new StringBuilder();
        differences.stream().sorted().forEach(d -> text.append(d.csv()).append('\n'));
        return text.toString();
    }

    /** file,frame,field,ours,tshark,reason; '#' starts a comment line. The reason may contain commas. */
    private static Map<Difference, String> knownDifferences() {
        Map<Difference, String> known = new TreeMap<>();
        try (InputStream in = TsharkAgreementTest.class.getResourceAsStream(KNOWN_DIFFERENCES)) {
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
            return byFrame != 0 ? byFrame : TsharkColumns.COMPARED.indexOf(field)
                    - TsharkColumns.COMPARED.indexOf(other.field);
        }
    }
}
