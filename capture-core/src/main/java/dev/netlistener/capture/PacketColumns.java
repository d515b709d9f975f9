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
                    .writtenAs((t, row) -> String.format("0x%04x", t.etherType(row))),
            Column.dictionary("direction", DIRECTIONS, (t, row) -> t.direction(row).ordinal()),
            Column.text("source_mac", PacketTable::sourceMacText),
            Column.text("destination_mac", PacketTable::destinationMacText),
            Column.text("source_ip", PacketTable::sourceIpText),
            Column.number("source_port", ColumnType.UINT16, PacketTable::sourcePort),
            Column.text("destination_ip", PacketTable::destinationIpText),
            Column.number("destination_port", ColumnType.UINT16, PacketTable::destinationPort),
            Column.number("protocol", ColumnType.UINT8, PacketTable::protocol),
            Column.number("operation", ColumnType.UINT16, PacketTable::arpOperation),
            Column.count("size", ColumnType.UINT32, PacketTable::wireLength),
            Column.count("captured", ColumnType.UINT32, PacketTable::capturedLength),
            Column.number("vlan", ColumnType.UINT16, PacketTable::vlan),
            Column.dictionary("status", STATUSES, (t, row) -> t.status(row).ordinal())),
            List.of(
            Column.text("tunnel", PacketTable::tunnelText),
            Column.number("tunnel_id", ColumnType.UINT32, PacketTable::tunnelId),
            Column.text("outer_source_ip", PacketTable::outerSourceIpText),
            Column.text("outer_destination_ip", PacketTable::outerDestinationIpText),
            Column.text("dns_query", PacketTable::dnsQuery),
            Column.number("dns_answers", ColumnType.UINT16, PacketTable::dnsAnswers),
            Column.text("tls_sni", PacketTable::tlsServerName),
            Column.text("http_host", PacketTable::httpHost)));

    static List<String> names(Enum<?>[] values) {
        return Stream.of(values).map(Enum::name).toList();
    }
}
