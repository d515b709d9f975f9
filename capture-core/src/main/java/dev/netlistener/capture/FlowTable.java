// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A set of {@link Flow}s with the same text forms as {@link PacketTable}: {@link #toString()}
 * aligned like a pandas DataFrame, {@link #writeCsv} with {@link #CSV_HEADER}. Each row may name
 * the sensor that saw its flow ({@link #seenBy}, the optional column {@code sensor}), for tables
 * that gather the flows of several captures. Immutable.
 */
public final class FlowTable {
    /**
     * The CSV header, exactly: {@code ip_version,protocol,address_a,port_a,address_b,port_b,packets_a_to_b,
     * bytes_a_to_b,packets_b_to_a,bytes_b_to_a,first_seen,last_seen,tcp_flags,direction}, the columns
     * written when none are asked for.
     */
    public static final List<String> CSV_HEADER = FlowColumns.SET.defaultNames();

    private final List<Flow> flows;
    /** Each row's sensor, "" for none; null when no row has one. */
    private final List<String> sensors;

    FlowTable(List<Flow> flows) {
        this(flows, null);
    }

    private FlowTable(List<Flow> flows, List<String> sensors) {
        this.flows = List.copyOf(flows);
        this.sensors = sensors == null ? null : List.copyOf(sensors);
    }

    /**
     * A table of the given flows, in that order.
     *
     * @param flows the rows, copied
     * @return a new table
     */
    public static FlowTable of(List<Flow> flows) {
        return new FlowTable(flows);
    }

    /** {@return the number of flows} */
    public int size() {
        return flows.size();
    }

    /** {@return whether the table has no flow} */
    public boolean isEmpty() {
        return flows.isEmpty();
    }

    /**
     * The flow in one row.
     *
     * @param row from 0 to {@link #size()} - 1
     * @return the flow in that row
     * @throws IndexOutOfBoundsException for a row outside the table
     */
    public Flow flow(int row) {
        return flows.get(row);
    }

    /**
     * The sensor that saw the flow in one row, as {@link #seenBy} named it.
     *
     * @param row from 0 to {@link #size()} - 1
     * @return the sensor's name, or "" when none was given
     * @throws IndexOutOfBoundsException for a row outside the table
     */
    public String sensor(int row) {
        Objects.checkIndex(row, flows.size());
        return sensors == null ? "" : sensors.get(row);
    }

    /**
     * The same flows, every row saying that {@code sensor} saw it (the column {@code sensor}).
     *
     * @param sensor the sensor's name (a capture's device, a Kafka sensor id, ...)
     * @return a new table
     */
    public FlowTable seenBy(String sensor) {
        Objects.requireNonNull(sensor, "sensor");
        return new FlowTable(flows, Collections.nCopies(flows.size(), sensor));
    }

    /**
     * The rows of every table in turn, each keeping its sensor.
     *
     * @param tables the tables, in order
     * @return a new table
     */
    public static FlowTable concat(List<FlowTable> tables) {
        List<Flow> all = new ArrayList<>();
        List<String> sensors = new ArrayList<>();
        boolean named = false;
        for (FlowTable table : tables) {
            all.addAll(table.flows);
            for (int row = 0; row < table.size(); row++) {
                sensors.add(table.sensor(row));
            }
            named |= table.sensors != null;
        }
        return new FlowTable(all, named ? sensors : null);
    }

    /** {@return every flow in table order, as an unmodifiable list} */
    public List<Flow> flows() {
        return flows;
    }

    /**
     * The {@code n} largest flows by {@code order}, largest first (fewer when the table is smaller).
     *
     * @param n     the most flows kept
     * @param order by packets or by bytes
     * @return a new table
     */
    public FlowTable top(int n, FlowOrder order) {
        Comparator<Integer> size = order == FlowOrder.BYTES
                ? Comparator.comparingLong(row -> flows.get(row).bytes()) : Comparator.comparingLong(row -> flows.get(row).packets());
        List<Integer> rows = IntStream.range(0, flows.size()).boxed().sorted(size.reversed()).limit(n).toList();
        return new FlowTable(rows.stream().map(flows::get).toList(), sensors == null ? null : rows.stream().map(sensors::get).toList());
    }

    static FlowTable concat(FlowTable first, FlowTable second) {
        return concat(List.of(first, second));
    }

    /** {@return every column a flow table can write}: the {@link #CSV_HEADER} ones, then those written only when asked for. */
    public static ColumnSet<FlowTable> columns() {
        return FlowColumns.SET;
    }

    /**
     * CSV with {@link #CSV_HEADER}, one row per flow, times as epoch seconds with nine decimals.
     *
     * @param out where the CSV goes
     */
    public void writeCsv(Appendable out) {
        writeCsv(out, TimeFormat.SECONDS);
    }

    /**
     * CSV with {@link #CSV_HEADER}, one row per flow, times written as {@code time}.
     *
     * @param out  where the CSV goes
     * @param time how the first and last seen times are written
     */
    public void writeCsv(Appendable out, TimeFormat time) {
        TextTable.writeCsv(out, this, size(), FlowColumns.SET.defaults(), true, time);
    }

    /**
     * CSV in the columns named (any of {@link #columns()}, each once), in that order, times written as {@code time}.
     *
     * @param out     where the CSV goes
     * @param time    how times are written
     * @param columns the names of the columns to write
     * @throws IllegalArgumentException for a name that is no column, or a name given twice
     */
    public void writeCsv(Appendable out, TimeFormat time, List<String> columns) {
        TextTable.writeCsv(out, this, size(), FlowColumns.SET.select(columns), true, time);
    }

    /**
     * Writes the CSV to a file (UTF-8), replacing it.
     *
     * @param file the file to write
     */
    public void writeCsv(Path file) {
        TextTable.writeFile(file, this::writeCsv);
    }

    @Override
    public String toString() {
        return TextTable.render(this, size(), FlowColumns.SET.defaults(), TimeFormat.SECONDS::format);
    }

    /**
     * As {@link #toString()}, in the columns named (any of {@link #columns()}, each once), in that order.
     *
     * @param columns the names of the columns to show
     * @return the aligned table as text
     * @throws IllegalArgumentException for a name that is no column, or a name given twice
     */
    public String render(List<String> columns) {
        return TextTable.render(this, size(), FlowColumns.SET.select(columns), TimeFormat.SECONDS::format);
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
