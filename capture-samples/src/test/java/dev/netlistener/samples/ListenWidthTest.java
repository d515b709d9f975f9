// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.PacketTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** listen prints a table that fits 120 columns by default, the CSV header's columns with --wide, and --fields over both. */
class ListenWidthTest {

    static Stream<Path> corpusFiles() throws IOException {
        try (Stream<Path> files = Files.list(SampleRun.corpus())) {
            return files.filter(file -> file.toString().matches(".*\\.(pcap|pcapng|cap)")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("corpusFiles")
    void theDefaultTableOfEveryCorpusFileFitsIn120Columns(Path file) {
        SampleRun run = SampleRun.of("listen", "-r", file.toString(), "--interval", "3600");
        assertTrue(run.exitCode() <= 1, run.err());
        List<String> table = run.out().lines().filter(line -> !line.startsWith("--- ")).toList();
        assertTrue(table.getFirst().matches(" +timestamp +source +destination +proto +size +status"), table.getFirst());
        for (String line : table) {
            assertTrue(line.length() <= 120, line.length() + " characters: " + line);
        }
    }

    @Test
    void theDefaultTableShowsTimeOfDayEndpointsAndProtocolNames(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("dns.csv");
        SampleRun run = SampleRun.of("listen", "-r", SampleRun.dnsPackets().toString(), "--csv", csv.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> rows = run.out().lines().filter(line -> line.matches(" *[0-9]+ .*")).toList();
        assertEquals(10, rows.size(), run.out());
        assertTrue(run.out().contains("\n... "), "the middle rows elided");
        assertTrue(rows.getFirst().matches(" +0 +[0-9]{2}:[0-9]{2}:30\\.198203 +10\\.0\\.0\\.1:56520 +10\\.0\\.0\\.138:53 +udp +74 +OK"),
                rows.getFirst());
        assertTrue(rows.getLast().matches("463 +\\S+ +\\[fe80::5a1f:aaff:fe4f:3f9d\\]:5353 +\\[ff02::fb\\]:5353 +udp +332 +OK"),
                rows.getLast());
        assertEquals(String.join(",", PacketTable.CSV_HEADER), Files.readAllLines(csv).getFirst(), "files keep every column");
    }

    @Test
    void wideShowsTheCsvHeadersColumns() {
        SampleRun run = SampleRun.of("listen", "-r", SampleRun.dnsPackets().toString(), "--wide");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(PacketTable.CSV_HEADER.toArray()), List.of(run.out().lines().findFirst().orElseThrow().strip().split(" +")));
        assertTrue(run.out().contains("2014-10-11T19:15:30.198203Z"), run.out());
    }

    @Test
    void fieldsOverridesBoth() {
        for (String wide : List.of("--wide", "--quiet=false")) {
            SampleRun run = SampleRun.of("listen", "-r", SampleRun.dnsPackets().toString(), wide, "--fields", "size,source");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().lines().findFirst().orElseThrow().matches(" +size +source"), run.out());
        }
    }
}
