// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.export;

import dev.netlistener.capture.Column;
import dev.netlistener.capture.FlowTable;
import dev.netlistener.capture.PacketTable;
import java.util.List;

/**
 * The columns a writer exports from a table type, in order, and how many rows a table has. The
 * columns are the tables' own ({@link PacketTable#columns()}, {@link FlowTable#columns()}), so the
 * names are exactly the CSV's and one recipe reads any format.
 */
record TableSchema<T>(List<Column<T>> columns, Rows<T> rows) {

    @FunctionalInterface
    interface Rows<T> {
        int count(T table);
    }

    /** Packet tables in the columns named (any of {@link PacketTable#columns()}, each once). */
    static TableSchema<PacketTable> packets(List<String> names) {
        return new TableSchema<>(PacketTable.columns().select(names), PacketTable::size);
    }

    /** Flow tables in the columns named (any of {@link FlowTable#columns()}, each once). */
    static TableSchema<FlowTable> flows(List<String> names) {
        return new TableSchema<>(FlowTable.columns().select(names), FlowTable::size);
    }
}
