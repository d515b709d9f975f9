// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodeStatus;
import java.util.List;
import java.util.stream.Stream;

/**
 * The columns of a {@link PacketTable}, declared once for the printed table, CSV and every export
 * format: adding a column is adding a line here (and its accessor on the table). The default ones
 * are {@link PacketTable#CSV_HEADER}, which never changes; new ones go into the optional list, which
 * a user asks for by name.
 */
final class PacketColumns {
    private PacketColumns() {
    }

    static final List<String> DIRECTIONS = names(Direction.values());
    private static final List<String> STATUSES = names(DecodeStatus.values());

    static final ColumnSet<PacketTable> SET = new ColumnSet<>(List.of(
            Column.timestamp("timestamp", PacketTable::timestampNanos),
            Column.<PacketTable>number("ethertype", ColumnType.UINT16, PacketTable::etherType)
                    .writtenAs((t, row) -> String.format("0x%04x", t.etherType(row)))
                    .printedAs((t, row) -> Protocols.etherTypeName(t.etherType(row))),
            Column.dictionary("direction", DIRECTIONS, (t, row) -> t.direction(row).ordinal()),
            Column.text("source_mac", PacketTable::sourceMacText),
            Column.text("destination_mac", PacketTable::destinationMacText),
            Column.text("source_ip", PacketTable::sourceIpText),
            Column.number("source_port", ColumnType.UINT16, PacketTable::sourcePort),
            Column.text("destination_ip", PacketTable::destinationIpText),
            Column.number("destination_port", ColumnType.UINT16, PacketTable::destinationPort),
            Column.<PacketTable>number("protocol", ColumnType.UINT8, PacketTable::protocol)
                    .printedAs((t, row) -> Protocols.ipProtocolName(t.protocol(row))),
            Column.<PacketTable>number("operation", ColumnType.UINT16, PacketTable::arpOperation)
                    .printedAs((t, row) -> Protocols.arpOperationName(t.arpOperation(row))),
            Column.count("size", ColumnType.UINT32, PacketTable::wireLength),
            Column.count("captured", ColumnType.UINT32, PacketTable::capturedLength),
            Column.number("vlan", ColumnType.UINT16, PacketTable::vlan),
            Column.dictionary("status", STATUSES, (t, row) -> t.status(row).ordinal())),
            List.of(
            Column.text("tunnel", PacketTable::tunnelText),
            Column.number("tunnel_id", ColumnType.UINT32, PacketTable::tunnelId),
            Column.text("outer_source_ip", PacketTable::outerSourceIpText),
            Column.text("outer_destination_ip", PacketTable::outerDestinationIpText),
            // Short forms for a narrow printed table (listen's default), written too when asked for.
            Column.text("source", (t, row) -> endpoint(t.sourceIpText(row), t.sourcePort(row), t.sourceMacText(row))),
            Column.text("destination",
                    (t, row) -> endpoint(t.destinationIpText(row), t.destinationPort(row), t.destinationMacText(row))),
            Column.text("proto", PacketColumns::protocolName),
            Column.text("dns_query", PacketTable::dnsQuery),
            Column.number("dns_answers", ColumnType.UINT16, PacketTable::dnsAnswers),
            Column.text("tls_sni", PacketTable::tlsServerName),
            Column.text("http_host", PacketTable::httpHost)));

    /** The address a packet came from or went to as one types it: {@code 10.0.0.1:53}, {@code [fe80::1]:53}; the MAC without an IP address. */
    private static String endpoint(String ip, int port, String mac) {
        return ip.isEmpty() ? mac : InetAddresses.endpoint(ip, port);
    }

    /** The innermost protocol's name: the IP protocol's ({@code tcp}, {@code ipv6-icmp}), else the EtherType's ({@code arp}). */
    private static String protocolName(PacketTable table, int row) {
        if (table.protocol(row) >= 0) {
            return Protocols.ipProtocolName(table.protocol(row));
        }
        return table.etherType(row) >= 0 ? Protocols.etherTypeName(table.etherType(row)) : "";
    }

    static List<String> names(Enum<?>[] values) {
        return Stream.of(values).map(Enum::name).toList();
    }
}
