// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static dev.netlistener.samples.SampleRun.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netlistener.capture.FlowTable;
import dev.netlistener.capture.PacketTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --fields a,b,c} on listen and top: the columns printed and written, in that order, in every output. */
class FieldsOptionTest {

    private static String dns() {
        return SampleRun.corpus().resolve("DnsPackets.pcap").toString();
    }

    @Test
    void listenPrintsAndWritesTheColumnsAskedForInTheirOrder(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("out.csv");
        Path json = dir.resolve("out.jsonl");
        SampleRun run = SampleRun.of("listen", "--read", dns(), "--fields", "destination_port, source_ip,timestamp",
                "--csv", csv.toString(), "--json", json.toString(), "--time", "epoch-ns");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("destination_port,source_ip,timestamp", lines.getFirst());
        assertEquals(465, lines.size(), "a header and one row per packet");
        assertEquals("53,10.0.0.1,1413054930198203000", lines.get(1));
        assertTrue(lines.stream().skip(1).allMatch(line -> line.split(",", -1).length == 3), "3 cells per row");
        assertEquals("{\"destination_port\":53,\"source_ip\":\"10.0.0.1\",\"timestamp\":1413054930198203000}",
                Files.readAllLines(json).getFirst());
        String header = run.out().lines().findFirst().orElseThrow();
        assertEquals(List.of("destination_port", "source_ip", "timestamp"), List.of(header.strip().split("\\s+")));
        assertTrue(run.out().contains("[464 rows x 3 columns]"), run.out());
    }

    /** The tunnel columns, in no default output, on a GTP-U capture: the conversation inside, then the tunnel's. */
    @Test
    void listenWritesTheTunnelColumnsAskedFor(@TempDir Path dir) throws Exception {
        Path gtpu = SampleRun.corpus().resolveSibling("pcaps-tunnels").resolve("gtp-u.pcap");
        assumeTrue(Files.isRegularFile(gtpu), "the tunnel corpus is not at " + gtpu.getParent());
        Path csv = dir.resolve("out.csv");
        SampleRun run = SampleRun.of("listen", "--read", gtpu.toString(), "--fields",
                "source_ip,destination_ip,protocol,tunnel,tunnel_id,outer_source_ip,outer_destination_ip", "--csv",
                csv.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("source_ip,destination_ip,protocol,tunnel,tunnel_id,outer_source_ip,outer_destination_ip",
                lines.getFirst());
        assertEquals("202.11.40.158,192.168.40.178,1,gtpu,1,192.168.40.179,192.168.40.178", lines.get(1));
        assertEquals(103, lines.size());
        assertTrue(run.out().contains("[102 rows x 7 columns]"), run.out());
        assertEquals(0, SampleRun.of("listen", "--read", gtpu.toString(), "--csv", csv.toString()).exitCode());
        assertEquals(String.join(",", PacketTable.CSV_HEADER), Files.readAllLines(csv).getFirst(), "not by default");
    }

    /** The name columns, in no default output: DNS queries and answer counts, and on the IMIX sample TLS and HTTP names. */
    @Test
    void listenWritesTheNameColumnsAskedFor(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("out.csv");
        Path json = dir.resolve("out.jsonl");
        SampleRun run = SampleRun.of("listen", "--read", dns(), "--fields", "timestamp,dns_query,dns_answers", "--csv",
                csv.toString(), "--json", json.toString(), "--time", "epoch-ns");
        assertEquals(0, run.exitCode(), run.err());
        assertNoStackTrace(run);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("timestamp,dns_query,dns_answers", lines.getFirst());
        assertEquals(465, lines.size());
        assertEquals("1413054930198203000,www.google.com,0", lines.get(1));
        assertEquals("www.google.com,5", lines.get(2).substring(lines.get(2).indexOf(',') + 1));
        assertEquals("{\"timestamp\":1413054930198203000,\"dns_query\":\"www.google.com\",\"dns_answers\":0}",
                Files.readAllLines(json).getFirst());
        assertTrue(run.out().contains("www.google.com"), run.out());

        Path example = SampleRun.corpus().resolve("example2.pcap");
        SampleRun names = SampleRun.of("listen", "--read", example.toString(), "--fields", "tls_sni,http_host,dns_query",
                "--csv", csv.toString());
        assertEquals(0, names.exitCode(), names.err());
        lines = Files.readAllLines(csv);
        assertEquals("www.google.com,,", lines.get(58), "frame 58: a ClientHello");
        assertEquals(",clients1.google.com,", lines.get(73), "frame 73: an HTTP request");
        assertEquals(",,", lines.get(1), "frame 1: no name");
    }

    @Test
    void withoutFieldsListenWritesTheFifteenColumnsOfTheHeader(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("out.csv");
        SampleRun run = SampleRun.of("listen", "--read", dns(), "--csv", csv.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(String.join(",", PacketTable.CSV_HEADER), Files.readAllLines(csv).getFirst());
        assertTrue(run.out().contains("[464 rows x 6 columns]"), "the narrow table printed: " + run.out());
    }

    @Test
    void topShowsAndWritesTheColumnsAskedFor(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("flows.csv");
        SampleRun run = SampleRun.of("top", "--read", dns(), "--fields", "packets_a_to_b,address_a", "--csv", csv.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("packets_a_to_b,address_a", lines.getFirst());
        assertTrue(lines.stream().skip(1).allMatch(line -> line.matches("\\d+,[0-9a-f.:]+")), lines.toString());
        assertTrue(run.out().lines().anyMatch(line -> List.of(line.strip().split("\\s+"))
                .equals(List.of("packets_a_to_b", "address_a"))), run.out());
        assertFalse(run.out().contains("port_a"), run.out());
    }

    @Test
    void anUnknownColumnIsOneLineNamingItAndListingTheColumns() {
        SampleRun run = SampleRun.of("listen", "--read", dns(), "--fields", "source_ip,sport");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("listen: --fields must be column names separated by commas: \"sport\" is not a "
                + "column; the columns are: timestamp, ethertype, "), run.err());
        PacketTable.columns().names().forEach(name -> assertTrue(run.err().contains(name), name + ": " + run.err()));
        assertEquals("", run.out(), "nothing ran");
        assertNoStackTrace(run);

        SampleRun top = SampleRun.of("top", "--read", dns(), "--fields", "source_ip");
        assertEquals(2, top.exitCode(), top.err());
        FlowTable.columns().names().forEach(name -> assertTrue(top.err().contains(name), name + ": " + top.err()));
    }

    @Test
    void aColumnTwiceIsRefused() {
        SampleRun run = SampleRun.of("listen", "--read", dns(), "--fields", "size,protocol,size");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("listen: --fields must be column names separated by commas: \"size\" is named twice; each column "
                + "can be written once; see --help", run.err().strip());
    }
}
