// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netlistener.capture.TestEnvironment;
import dev.netlistener.capture.TsharkCsv;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Decodes every frame of the tunnel corpus (../shared/pcaps-tunnels, beside the corpus; see its
 * MANIFEST.md) and compares it with tshark's two decodes beside each capture: the innermost layers
 * ({@code .inner.csv}, tshark's last occurrence of each field) with the packet's fields, and the
 * outermost IP header and the tunnel identifiers ({@code .outer.csv}, the first occurrence) with
 * its tunnel fields, and its chain of tunnels with the one tshark's {@code frame.protocols} names
 * (these are named {@code outer:...} in the comparison). Every difference must be listed in
 * known-tunnel-differences.csv with its reason, and every listed difference must still occur.
 */
class TunnelAgreementTest {
    /** The columns of the outer CSV compared, and the chain of tunnels. */
    private static final List<String> OUTER = List.of("ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
            "pppoe.session_id", "mpls.label", "gre.key", "vxlan.vni", "geneve.vni", "gtp.teid", "erspan.spanid",
            "tunnels");
    /** An outer column's name in the comparison and the known differences, apart from the inner one of that name. */
    private static final String OUTER_PREFIX = "outer:";

    @Test
    void agreesWithTsharkOnTheInnermostPacketAndTheTunnelsExceptListedDifferences() throws Exception {
        List<String> fields = Stream.concat(TsharkColumns.COMPARED.stream(), OUTER.stream().map(f -> OUTER_PREFIX + f))
                .toList();
        TsharkComparison comparison = new TsharkComparison("/known-tunnel-differences.csv", fields);
        PacketDecoder decoder = new PacketDecoder();
        int frames = 0;
        for (Path file : TestEnvironment.tunnelCorpusFiles()) {
            TsharkCsv inner = TsharkCsv.of(file, ".inner.csv");
            TsharkCsv outer = TsharkCsv.of(file, ".outer.csv");
            String name = file.getFileName().toString();
            int read = TsharkComparison.decodeEach(file, decoder, (index, packet, bytes) -> {
                TsharkColumns.compare(comparison, name, index, packet, inner);
                Map<String, String> ours = outerColumns(packet);
                for (String field : OUTER) {
                    String theirs = field.equals("tunnels")
                            ? tunnels(inner.get(index, "frame.protocols")) : outer.get(index, field);
                    comparison.compare(name, index + 1, OUTER_PREFIX + field, ours.get(field), theirs);
                }
            });
            assertEquals(inner.size(), read, name + ": frames read vs tshark's inner rows");
            assertEquals(outer.size(), read, name + ": frames read vs tshark's outer rows");
            frames += read;
        }
        comparison.assertEveryDifferenceListed(frames);
    }

    /**
     * The outer columns as tshark's first occurrences write them: the first IP header of the
     * packet (the outermost one of a tunnelled packet, else its own) and the identifier of the
     * tunnel that has one, in tshark's formats.
     */
    private static Map<String, String> outerColumns(DecodedPacket packet) {
        Map<String, String> columns = new LinkedHashMap<>();
        boolean tunnelledInIp = packet.outerIpVersion() != 0;
        int version = tunnelledInIp ? packet.outerIpVersion() : packet.ipVersion();
        String source = tunnelledInIp ? packet.outerSourceIpText() : packet.sourceIpText();
        String destination = tunnelledInIp ? packet.outerDestinationIpText() : packet.destinationIpText();
        columns.put("ip.src", version == 4 ? source : "");
        columns.put("ip.dst", version == 4 ? destination : "");
        columns.put("ipv6.src", version == 6 ? source : "");
        columns.put("ipv6.dst", version == 6 ? destination : "");
        Tunnel kind = packet.tunnelIdKind();
        long id = packet.tunnelId();
        columns.put("pppoe.session_id", kind == Tunnel.PPPOE ? String.format("0x%04x", id) : "");
        columns.put("mpls.label", kind == Tunnel.MPLS ? Long.toString(id) : "");
        columns.put("gre.key", kind == Tunnel.GRE ? String.format("0x%08x", id) : "");
        columns.put("vxlan.vni", kind == Tunnel.VXLAN ? Long.toString(id) : "");
        columns.put("geneve.vni", kind == Tunnel.GENEVE ? String.format("0x%06x", id) : "");
        columns.put("gtp.teid", kind == Tunnel.GTPU ? String.format("0x%08x", id) : "");
        columns.put("erspan.spanid", kind == Tunnel.ERSPAN ? Long.toString(id) : "");
        String chain = packet.tunnelText();
        columns.put("tunnels", chain == null ? "" : chain);
        return columns;
    }

    /**
     * The tunnels in tshark's chain of protocols, outermost first, in our names: an IP header right
     * after another (its extension headers between them) is IP in IP.
     */
    private static String tunnels(String protocols) {
        List<String> chain = new ArrayList<>();
        String previous = "";
        for (String protocol : protocols.split(":")) {
            String tunnel = switch (protocol) {
                case "pppoes" -> "pppoe";
                case "mpls", "gre", "erspan", "vxlan", "geneve" -> protocol;
                case "gtp" -> "gtpu";
                case "ip", "ipv6" -> previous.equals("ip") || previous.startsWith("ipv6") ? "ipip" : null;
                default -> null;
            };
            if (tunnel != null) {
                chain.add(tunnel);
            }
            previous = protocol;
        }
        return String.join(":", chain);
    }
}
