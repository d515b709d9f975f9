// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import dev.netlistener.capture.TsharkCsv;
import dev.netlistener.pcap.LibPcap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A decoded packet written the way the corpus's tshark CSVs write a frame (see MANIFEST.md):
 * the same column names, decimal or {@code 0x%04x} values, empty for absent fields.
 */
final class TsharkColumns {
    /** Every column of the CSVs but frame.number; frame.time_epoch as nanoseconds. */
    static final List<String> COMPARED = List.of("frame.time_epoch", "frame.len", "frame.cap_len", "eth.src",
            "eth.dst", "eth.type", "vlan.id", "ip.version", "ip.src", "ip.dst", "ip.proto", "ip.hdr_len", "ipv6.src",
            "ipv6.dst", "ipv6.nxt", "arp.opcode", "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "tcp.srcport",
            "tcp.dstport", "udp.srcport", "udp.dstport");

    private TsharkColumns() {
    }

    static Map<String, String> of(DecodedPacket packet) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("frame.time_epoch", Long.toString(packet.timestampNanos()));
        columns.put("frame.len", Integer.toString(packet.wireLength()));
        columns.put("frame.cap_len", Integer.toString(packet.capturedLength()));
        boolean ethernet = packet.linkType() == LibPcap.DLT_EN10MB;
        columns.put("eth.src", packet.hasMacs() ? AddressText.mac(packet.sourceMac()) : "");
        columns.put("eth.dst", packet.hasMacs() ? AddressText.mac(packet.destinationMac()) : "");
        // tshark's eth.type is the Ethernet header's own type field: the outer TPID of a tagged frame.
        int ethType = packet.vlanCount() > 0 ? packet.vlanTpid() : packet.etherType();
        columns.put("eth.type", ethernet && ethType >= 0 ? String.format("0x%04x", ethType) : "");
        columns.put("vlan.id", present(packet.vlanId()));
        boolean v4 = packet.ipVersion() == 4;
        boolean v6 = packet.ipVersion() == 6;
        columns.put("ip.version", packet.ipVersion() != 0 ? Integer.toString(packet.ipVersion()) : "");
        columns.put("ip.src", v4 ? AddressText.ipv4(packet.ipv4Source()) : "");
        columns.put("ip.dst", v4 ? AddressText.ipv4(packet.ipv4Destination()) : "");
        columns.put("ip.proto", v4 ? Integer.toString(packet.ipProtocol()) : "");
        columns.put("ip.hdr_len", v4 ? Integer.toString(packet.ipHeaderLength()) : "");
        columns.put("ipv6.src", v6 ? AddressText.ipv6(packet.ipv6SourceHigh(), packet.ipv6SourceLow()) : "");
        columns.put("ipv6.dst",
                v6 ? AddressText.ipv6(packet.ipv6DestinationHigh(), packet.ipv6DestinationLow()) : "");
        columns.put("ipv6.nxt", v6 ? Integer.toString(packet.ipv6NextHeader()) : "");
        columns.put("arp.opcode", present(packet.arpOperation()));
        boolean arpIpv4 = packet.hasArpIpv4();
        columns.put("arp.src.proto_ipv4", arpIpv4 ? AddressText.ipv4(packet.arpSenderProtocol()) : "");
        columns.put("arp.dst.proto_ipv4", arpIpv4 ? AddressText.ipv4(packet.arpTargetProtocol()) : "");
        boolean tcp = packet.tcpFlags() >= 0;
        boolean udp = packet.udpLength() >= 0;
        columns.put("tcp.srcport", tcp ? Integer.toString(packet.sourcePort()) : "");
        columns.put("tcp.dstport", tcp ? Integer.toString(packet.destinationPort()) : "");
        columns.put("udp.srcport", udp ? Integer.toString(packet.sourcePort()) : "");
        columns.put("udp.dstport", udp ? Integer.toString(packet.destinationPort()) : "");
        return columns;
    }

    /** Compares every column of frame {@code index} (0-based) of {@code tshark} with {@code packet}'s. */
    static void compare(TsharkComparison comparison, String file, int index, DecodedPacket packet, TsharkCsv tshark) {
        Map<String, String> ours = of(packet);
        for (String field : COMPARED) {
            String theirs = field.equals("frame.time_epoch")
                    ? Long.toString(tshark.timestampNanos(index)) : tshark.get(index, field);
            comparison.compare(file, index + 1, field, ours.get(field), theirs);
        }
    }

    static String present(int value) {
        return value >= 0 ? Integer.toString(value) : "";
    }
}
