package dev.netlistener.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A set of {@link Flow}s with the same text forms as {@link PacketTable}: {@link #toString()}
 * aligned like a pandas DataFrame, {@link #writeCsv} with {@link #CSV_HEADER}. Immutable.
 */
public final class FlowTable {
    /** The CSV header, exactly. */
    public static final List<String> CSV_HEADER = List.of("ip_version", "protocol", "address_a", "port_a",
            "address_b", "port_b", "packets_a_to_b", "bytes_a_to_b", "packets_b_to_a", "bytes_b_to_a",
            "first_seen", "last_seen", "tcp_flags", "direction");

    private final List<Flow> flows;

    FlowTable(List<Flow> flows) {
        this.flows = List.copyOf(flows);
    }

    /** A table of the given flows, in that order. */
    public static FlowTable of(List<Flow> flows) {
        return new FlowTable(flows);
    }

    public int size() {
        return flows.size();
    }

    public boolean isEmpty() {
        return flows.isEmpty();
    }

    public Flow flow(int row) {
        return flows.get(row);
    }

    public List<Flow> flows() {
        return flows;
    }

    /** The {@code n} largest flows by {@code order}, largest first (fewer when the table is smaller). */
    public FlowTable top(int n, FlowOrder order) {
        Comparator<Flow> size = order == FlowOrder.BYTES
                ? Comparator.comparingLong(Flow::bytes) : Comparator.comparingLong(Flow::packets);
        return new FlowTable(flows.stream().sorted(size.reversed()).limit(n).toList());
    }

    static FlowTable concat(FlowTable first, FlowTable second) {
        List<Flow> all = new ArrayList<>(first.flows);
        all.addAll(second.flows);
        return new FlowTable(all);
    }

    private String csvCell(int row, int column, TimeFormat time) {
        Flow flow = flows.get(row);
        boolean ip = flow.ipVersion() != 0;
        return switch (column) {
            case 0 -> ip ? Integer.toString(flow.ipVersion()) : "";
            // Non-IP rows aggregate one EtherType, written in hex where the IP protocol would be.
            case 1 -> ip ? number(flow.protocol()) : flow.etherType() < 0 ? "" : String.format("0x%04x", flow.etherType());
            case 2 -> flow.addressAText();
            case 3 -> number(flow.portA());
            case 4 -> flow.addressBText();
            case 5 -> number(flow.portB());
            case 6 -> Long.toString(flow.packetsAToB());
            case 7 -> Long.toString(flow.bytesAToB());
            case 8 -> Long.toString(flow.packetsBToA());
            case 9 -> Long.toString(flow.bytesBToA());
            case 10 -> time.format(flow.firstSeenNanos());
            case 11 -> time.format(flow.lastSeenNanos());
            case 12 -> flow.protocol() == 6 ? String.format("0x%02x", flow.tcpFlags()) : "";
            case 13 -> flow.direction().name();
            default -> throw new IllegalArgumentException("column " + column);
        };
    }

    private static String number(int value) {
        return value < 0 ? "" : Integer.toString(value);
    }

    /** CSV with {@link #CSV_HEADER}, one row per flow, times as epoch seconds with nine decimals. */
    public void writeCsv(Appendable out) {
        writeCsv(out, TimeFormat.SECONDS);
    }

    /** CSV with {@link #CSV_HEADER}, one row per flow, times written as {@code time}. */
    public void writeCsv(Appendable out, TimeFormat time) {
        TextTable.writeCsv(out, CSV_HEADER, CSV_HEADER.size(), size(), (row, column) -> csvCell(row, column, time));
    }

    /** Writes the CSV to a file (UTF-8), replacing it. */
    public void writeCsv(Path file) {
        TextTable.writeFile(file, this::writeCsv);
    }

    @Override
    public String toString() {
        return TextTable.render(CSV_HEADER, size(), (row, column) -> csvCell(row, column, TimeFormat.SECONDS));
    }

    /** Reads a flow slot of {@link FlowTracker} at {@code at}, oriented so that A sent first. */
    static Flow fromSlot(long[] slots, int at, FlowEnd end) {
        long attributes = slots[at + FlowTracker.ATTRIBUTES];
        boolean aIsLow = (attributes & FlowTracker.A_IS_LOW) != 0;
        long lowHigh = slots[at + FlowTracker.LOW_HIGH];
        long lowLow = slots[at + FlowTracker.LOW_LOW];
        long highHigh = slots[at + FlowTracker.HIGH_HIGH];
        long highLow = slots[at + FlowTracker.HIGH_LOW];
        long ports = slots[at + FlowTracker.PORTS];
        int lowPort = (int) (ports >> 32);
        int highPort = (int) ports;
        long protocolEtherType = slots[at + FlowTracker.PROTOCOL_ETHER_TYPE];
        return new Flow(
                (int) (slots[at + FlowTracker.KEY] >>> 32),
                FlowTracker.protocol(protocolEtherType),
                FlowTracker.etherType(protocolEtherType),
                aIsLow ? lowHigh : highHigh, aIsLow ? lowLow : highLow, aIsLow ? lowPort : highPort,
                aIsLow ? highHigh : lowHigh, aIsLow ? highLow : lowLow, aIsLow ? highPort : lowPort,
                slots[at + FlowTracker.PACKETS_AB],
                slots[at + FlowTracker.BYTES_AB],
                slots[at + FlowTracker.PACKETS_BA],
                slots[at + FlowTracker.BYTES_BA],
                slots[at + FlowTracker.FIRST_SEEN],
                slots[at + FlowTracker.LAST_SEEN],
                (int) (attributes >>> 32),
                Direction.of((int) attributes & 0xFF),
                end,
                FlowTracker.tunnelKind(protocolEtherType),
                FlowTracker.tunnelId(protocolEtherType));
    }
}
