// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Protocols} names numbers; the printed tables show those names while CSV keeps the numbers,
 * byte for byte as before the names existed.
 */
class ProtocolNamesTest {
    private static PacketTable packets;
    private static FlowTable flows;

    @BeforeAll
    static void readMixedCapture() throws Exception {
        try (Capture capture = Capture.open(TestEnvironment.corpus().resolve("example2.pcap"))) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(60)));
            packets = capture.get();
            flows = capture.flows().all();
        }
    }

    @Test
    void namesTheCommonNumbers() {
        assertEquals(List.of("icmp", "tcp", "udp", "gre", "ipv6-icmp", "sctp"),
                List.of(1, 6, 17, 47, 58, 132).stream().map(Protocols::ipProtocolName).toList());
        assertEquals(List.of("ipv4", "ipv6", "arp", "vlan", "qinq", "mpls", "pppoe", "lldp"),
                List.of(0x0800, 0x86dd, 0x0806, 0x8100, 0x88a8, 0x8847, 0x8864, 0x88cc).stream()
                        .map(Protocols::etherTypeName).toList());
        assertEquals("request", Protocols.arpOperationName(1));
        assertEquals("reply", Protocols.arpOperationName(2));
        assertEquals("SYN,ACK", Protocols.tcpFlagsText(0x12));
        assertEquals("FIN,PSH,ACK", Protocols.tcpFlagsText(0x19));
        assertEquals("SYN", Protocols.tcpFlagsText(0x02));
        assertEquals("none", Protocols.tcpFlagsText(0));
        assertEquals("FIN,SYN,RST,PSH,ACK,URG,ECE,CWR,NS", Protocols.tcpFlagsText(0x1ff));
    }

    @Test
    void unknownNumbersComeBackAsTheirNumber() {
        assertEquals("253", Protocols.ipProtocolName(253));
        assertEquals("0x88b5", Protocols.etherTypeName(0x88b5));
        assertEquals("7", Protocols.arpOperationName(7));
        assertEquals("0x200", Protocols.tcpFlagsText(0x200));
    }

    @Test
    void knownNamesAreConstantsNotNewStrings() {
        assertConstantWhereNamed(Protocols::ipProtocolName, 256);
        assertConstantWhereNamed(Protocols::etherTypeName, 1 << 16);
        assertConstantWhereNamed(Protocols::arpOperationName, 1 << 16);
        for (int flags = 0; flags < 0x200; flags++) {
            assertSame(Protocols.tcpFlagsText(flags), Protocols.tcpFlagsText(flags));
        }
    }

    private static void assertConstantWhereNamed(IntFunction<String> name, int values) {
        int named = 0;
        for (int value = 0; value < values; value++) {
            String text = name.apply(value);
            if (!text.matches("[0-9]+|0x[0-9a-f]+")) {
                assertSame(text, name.apply(value), text);
                named++;
            }
        }
        assertTrue(named > 0);
    }

    @Test
    void thePrintedPacketTableShowsNamesWhereCsvHasNumbers() {
        List<Column<PacketTable>> columns = PacketTable.columns().select(List.of("ethertype", "protocol", "operation"));
        java.util.Set<String> printed = new java.util.TreeSet<>();
        for (int row = 0; row < packets.size(); row++) {
            for (Column<PacketTable> column : columns) {
                String cell = column.cell(packets, row, Long::toString);
                String shown = column.printedCell(packets, row, Long::toString);
                if (cell.isEmpty()) {
                    assertEquals("", shown);
                    continue;
                }
                long value = column.value(packets, row);
                assertEquals(switch (column.name()) {
                    case "ethertype" -> String.format("0x%04x", value);
                    default -> Long.toString(value);
                }, cell, "CSV keeps the number");
                assertEquals(switch (column.name()) {
                    case "ethertype" -> Protocols.etherTypeName((int) value);
                    case "protocol" -> Protocols.ipProtocolName((int) value);
                    default -> Protocols.arpOperationName((int) value);
                }, shown);
                printed.add(shown);
            }
        }
        assertTrue(printed.containsAll(List.of("ipv4", "ipv6", "arp", "tcp", "udp", "icmp", "request", "reply")),
                printed.toString());
        String table = packets.render(List.of("ethertype", "protocol", "operation"));
        assertTrue(table.lines().skip(1).limit(5).allMatch(line -> line.matches(" +[0-9]+ +ipv4 +icmp +<NA>")), table);
    }

    @Test
    void thePrintedFlowTableShowsNames() {
        List<Flow> some = List.of(
                flows.flows().stream().filter(f -> f.etherType() == 0x0806).findFirst().orElseThrow(),
                flows.flows().stream().filter(f -> f.protocol() == 6 && f.tcpFlags() == 0x1b).findFirst().orElseThrow(),
                flows.flows().stream().filter(f -> f.protocol() == 17).findFirst().orElseThrow());
        List<String> lines = FlowTable.of(some).render(List.of("protocol", "tcp_flags")).lines().toList();
        assertTrue(lines.get(1).matches(" +0 +arp +<NA>"), lines.get(1));
        assertTrue(lines.get(2).matches(" +1 +tcp +FIN,SYN,PSH,ACK"), lines.get(2));
        assertTrue(lines.get(3).matches(" +2 +udp +<NA>"), lines.get(3));
        StringBuilder csv = new StringBuilder();
        FlowTable.of(some).writeCsv(csv, TimeFormat.SECONDS, List.of("protocol", "tcp_flags"));
        assertEquals("protocol,tcp_flags\n0x0806,\n6,0x1b\n17,\n", csv.toString());
    }

    /** The default CSVs of a mixed capture, pinned as they were written before names were printed. */
    @Test
    void csvIsUnchanged() throws Exception {
        StringBuilder packetCsv = new StringBuilder();
        packets.writeCsv(packetCsv, true, TimeFormat.EPOCH_NS);
        StringBuilder flowCsv = new StringBuilder();
        FlowTable.of(flows.top(flows.size(), FlowOrder.BYTES).flows()).writeCsv(flowCsv, TimeFormat.EPOCH_NS);
        assertEquals(PACKET_CSV_SHA256, sha256(packetCsv));
        assertEquals(FLOW_CSV_SHA256, sha256(flowCsv));
    }

    private static final String PACKET_CSV_SHA256 = "00c03425916695545df9aa91a086e37a8254b0c64eefb330b921001e374bc937";
    private static final String FLOW_CSV_SHA256 = "56886357ab3a318e848a904ff5e28c4d4bfd7e01bb731d698502687b5fa74356";

    private static String sha256(CharSequence text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
