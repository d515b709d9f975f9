// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.decode.Tunnel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tunnel columns of a capture's tables ({@code Capture.open(path)}, TABLE delivery) against
 * tshark's outermost decode beside each file of the tunnel corpus ({@code .outer.csv}, the first
 * occurrence of each field): the outermost IP header's addresses and the tunnel identifier, and
 * the same values in the CSV's {@code tunnel_id}, {@code outer_source_ip} and
 * {@code outer_destination_ip}. A field known to differ between the decoders and tshark
 * (known-tunnel-differences.csv, whose reasons TunnelAgreementTest checks) is left out here.
 * And the flows' {@code tunnel_kind} and {@code tunnel_id}.
 */
class TunnelColumnsTest {
    private static final List<String> COLUMNS = List.of("tunnel", "tunnel_id", "outer_source_ip", "outer_destination_ip");
    /** The {@code .outer.csv} field holding each kind's identifier. */
    private static final Map<Tunnel, String> ID_FIELDS = Map.of(Tunnel.PPPOE, "pppoe.session_id", Tunnel.MPLS, "mpls.label",
            Tunnel.GRE, "gre.key", Tunnel.VXLAN, "vxlan.vni", Tunnel.GENEVE, "geneve.vni", Tunnel.GTPU, "gtp.teid",
            Tunnel.ERSPAN, "erspan.spanid");

    static Stream<Path> tunnelCorpusFiles() {
        return TestEnvironment.tunnelCorpusFiles().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tunnelCorpusFiles")
    void theTunnelColumnsAgreeWithTshark(Path file) throws Exception {
        PacketTable table;
        try (Capture capture = Capture.open(file)) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(60)));
            table = capture.get();
        }
        TsharkCsv outer = TsharkCsv.of(file, ".outer.csv");
        assertEquals(outer.size(), table.size(), "a row per frame");
        Set<String> differences = knownDifferences(file.getFileName().toString());
        StringBuilder csv = new StringBuilder();
        table.writeCsv(csv, true, TimeFormat.SECONDS, COLUMNS);
        List<String> lines = csv.toString().lines().toList();
        assertEquals(String.join(",", COLUMNS), lines.getFirst());
        for (int row = 0; row < table.size(); row++) {
            String what = file.getFileName() + " frame " + (row + 1);
            int version = table.outerIpVersion(row);
            String source = table.outerSourceIpText(row);
            String destination = table.outerDestinationIpText(row);
            if (version != 0) {
                String family = version == 4 ? "ip" : "ipv6";
                if (!differences.contains((row + 1) + ",outer:" + family + ".src")) {
                    assertEquals(outer.get(row, family + ".src"), source, what);
                }
                if (!differences.contains((row + 1) + ",outer:" + family + ".dst")) {
                    assertEquals(outer.get(row, family + ".dst"), destination, what);
                }
            } else {
                assertEquals("", source + destination, what + ": no outer IP header");
            }
            Tunnel kind = table.tunnelIdKind(row);
            long id = table.tunnelId(row);
            for (Map.Entry<Tunnel, String> field : ID_FIELDS.entrySet()) {
                String theirs = outer.get(row, field.getValue());
                if (differences.contains((row + 1) + ",outer:" + field.getValue())) {
                    continue;
                }
                if (field.getKey() == kind) {
                    assertTrue(!theirs.isEmpty(), what + ": identifier " + id + ", but tshark has no " + field.getValue());
                    assertEquals(Long.decode(theirs), id, what + " " + field.getValue());
                } else if (kind == null) {
                    assertEquals("", theirs, what + ": no identifier, but tshark has " + field.getValue());
                }
            }
            String tunnelId = id < 0 ? "" : Long.toString(id);
            assertEquals(String.join(",", table.tunnelText(row), tunnelId, source, destination), lines.get(row + 1), what);
            assertEquals(kind == null, id < 0, what);
        }
    }

    /** The flows of a GTP-U capture carry the TEID in their optional tunnel columns; the default header stays as it was. */
    @Test
    void flowsWriteTheirTunnelIdentifierWhenAskedFor() throws Exception {
        Path file = TestEnvironment.tunnelCorpus().resolve("gtp-u.pcap");
        FlowTable flows;
        try (Capture capture = Capture.open(file)) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(60)));
            flows = capture.flows().all();
        }
        assertTrue(flows.size() > 0);
        StringBuilder csv = new StringBuilder();
        flows.writeCsv(csv, TimeFormat.SECONDS, List.of("address_a", "tunnel_kind", "tunnel_id"));
        List<String> lines = csv.toString().lines().toList();
        assertEquals("address_a,tunnel_kind,tunnel_id", lines.getFirst());
        for (int row = 0; row < flows.size(); row++) {
            // Every frame of the file is in GTP-U tunnel 0x00000001 (gtp-u.outer.csv's gtp.teid).
            assertEquals(flows.flow(row).addressAText() + ",gtpu,1", lines.get(row + 1));
        }
        StringBuilder plain = new StringBuilder();
        flows.writeCsv(plain);
        assertEquals(String.join(",", FlowTable.CSV_HEADER), plain.toString().lines().findFirst().orElseThrow());
    }

    /** The {@code frame,field} pairs of {@code file} listed in known-tunnel-differences.csv ({@code outer:} fields are .outer.csv's). */
    private static Set<String> knownDifferences(String file) throws IOException {
        Set<String> listed = new HashSet<>();
        try (InputStream in = TunnelColumnsTest.class.getResourceAsStream("/known-tunnel-differences.csv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).toList()) {
                String[] cells = line.split(",", 4);
                if (!line.startsWith("#") && cells.length == 4 && cells[0].equals(file)) {
                    listed.add(cells[1] + "," + cells[2]);
                }
            }
        }
        return listed;
    }
}
