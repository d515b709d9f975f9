package dev.netlistener.export;

import dev.netlistener.capture.Direction;
import dev.netlistener.capture.FlowTable;
import dev.netlistener.capture.PacketTable;
import dev.netlistener.capture.decode.DecodeStatus;
import java.util.List;
import java.util.stream.Stream;

/**
 * The exported columns of a table type, declared once here and read by every format. Column names
 * are exactly the CSV headers ({@link PacketTable#CSV_HEADER}, {@link FlowTable#CSV_HEADER}), so
 * one recipe reads any format.
 */
record TableSchema<T>(List<Column<T>> columns, Rows<T> rows) {

    @FunctionalInterface
    interface Rows<T> {
        int count(T table);
    }

    private static final List<String> DIRECTIONS = names(Direction.values());
    private static final List<String> STATUSES = names(DecodeStatus.values());

    static final TableSchema<PacketTable> PACKETS = checked(PacketTable.CSV_HEADER, new TableSchema<>(List.of(
            Column.timestamp("timestamp", PacketTable::timestampNanos),
            Column.number("ethertype", ColumnType.UINT16, PacketTable::etherType),
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
            PacketTable::size));

    /**
     * Flows. Where the CSV writes a non-IP flow's EtherType in hex in {@code protocol}, the typed
     * formats hold the number: the IP protocol when {@code ip_version} is set, else the EtherType.
     */
    static final TableSchema<FlowTable> FLOWS = checked(FlowTable.CSV_HEADER, new TableSchema<>(List.of(
            Column.number("ip_version", ColumnType.UINT8, (t, row) -> t.flow(row).ipVersion() == 0 ? -1 : t.flow(row).ipVersion()),
            Column.number("protocol", ColumnType.UINT16, (t, row) -> t.flow(row).ipVersion() == 0
                    ? t.flow(row).etherType() : t.flow(row).protocol()),
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
            Column.number("tcp_flags", ColumnType.UINT16, (t, row) -> t.flow(row).protocol() == 6 ? t.flow(row).tcpFlags() : -1),
            Column.dictionary("direction", DIRECTIONS, (t, row) -> t.flow(row).direction().ordinal())),
            FlowTable::size));

    private static List<String> names(Enum<?>[] values) {
        return Stream.of(values).map(Enum::name).toList();
    }

    /** The schema, after checking that its names are the CSV header's, in order. */
    private static <T> TableSchema<T> checked(List<String> csvHeader, TableSchema<T> schema) {
        List<String> names = schema.columns.stream().map(Column::name).toList();
        if (!names.equals(csvHeader)) {
            throw new IllegalStateException("export columns " + names + " differ from the CSV header " + csvHeader);
        }
        return schema;
    }
}
