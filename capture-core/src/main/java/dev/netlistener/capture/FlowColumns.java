// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.util.List;

/**
 * The columns of a {@link FlowTable}, declared once for the printed table, CSV and every export
 * format. The default ones are {@link FlowTable#CSV_HEADER}; {@code tunnel_kind} and
 * {@code tunnel_id}, the tunnel identifier that is part of a flow's key (a GTP-U TEID, a VXLAN
 * VNI, ...), {@code end} ({@link FlowEnd}: {@code ACTIVE} for a flow still tracked, else why it
 * ended) and {@code sensor} (who saw it, {@link FlowTable#seenBy}) are written when asked for.
 *
 * <p>{@code protocol} holds the IP protocol when {@code ip_version} is set, else the flow's
 * EtherType: the typed formats hold that number, text writes the EtherType in hex.
 */
final class FlowColumns {
    private FlowColumns() {
    }

    static final ColumnSet<FlowTable> SET = new ColumnSet<>(List.of(
            Column.number("ip_version", ColumnType.UINT8, (t, row) -> t.flow(row).ipVersion() == 0 ? -1 : t.flow(row).ipVersion()),
            Column.<FlowTable>number("protocol", ColumnType.UINT16, (t, row) -> t.flow(row).ipVersion() == 0
                    ? t.flow(row).etherType() : t.flow(row).protocol())
                    .writtenAs((t, row) -> t.flow(row).ipVersion() == 0
                            ? String.format("0x%04x", t.flow(row).etherType()) : Integer.toString(t.flow(row).protocol()))
                    .printedAs((t, row) -> t.flow(row).ipVersion() == 0
                            ? Protocols.etherTypeName(t.flow(row).etherType()) : Protocols.ipProtocolName(t.flow(row).protocol())),
            Column.text("address_a", (t, row) -> t.flow(row).addressAText()),
            Column.number("port_a", ColumnType.UINT16, (t, row) -> t.flow(row).portA()),
            Column.text("address_b", (t, row) -> t.flow(row).addressBText()),
            Column.number("port_b", ColumnType.UINT16, (t, row) -> t.flow(row).portB()),
            Column.count("packets_a_to_b", ColumnType.INT64, (t, row) -> t.flow(row).packetsAToB()),
            Column.count("bytes_a_to_b", ColumnType.INT64, (t, row) -> t.flow(row).bytesAToB()),
            Column.count("packets_b_to_a", ColumnType.INT64, (t, row) -> t.flow(row).packetsBToA()),
            Column.count("bytes_b_to_a", ColumnType.INT64, (t, row) -> t.flow(row).bytesBToA()),
            Column.timestamp("first_seen", (t, row) -> t.flow(row).firstSeenNanos()),
            Column.timestamp("last_seen", (t, row) -> t.flow(row).lastSeenNanos()),
            Column.<FlowTable>number("tcp_flags", ColumnType.UINT16, (t, row) -> t.flow(row).protocol() == 6
                    ? t.flow(row).tcpFlags() : -1)
                    .writtenAs((t, row) -> String.format("0x%02x", t.flow(row).tcpFlags()))
                    .printedAs((t, row) -> Protocols.tcpFlagsText(t.flow(row).tcpFlags())),
            Column.dictionary("direction", PacketColumns.DIRECTIONS, (t, row) -> t.flow(row).direction().ordinal())),
            List.of(
            Column.text("tunnel_kind", (t, row) -> t.flow(row).tunnelKind() == null ? "" : t.flow(row).tunnelKind().text()),
            Column.number("tunnel_id", ColumnType.UINT32, (t, row) -> t.flow(row).tunnelId()),
            Column.dictionary("end", PacketColumns.names(FlowEnd.values()), (t, row) -> t.flow(row).end().ordinal()),
            Column.text("sensor", FlowTable::sensor)));
}
