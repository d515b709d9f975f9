// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every column a table type can write, by name: those written by default (the CSV header), then
 * those written only when asked for. {@link #select} turns the names a user gives (as tshark's
 * {@code -T fields -e}) into columns, or says which name is wrong and which there are.
 *
 * @param <T> the table type
 */
public final class ColumnSet<T> {
    private final Map<String, Column<T>> byName = new LinkedHashMap<>();
    private final List<Column<T>> defaults;
    private final List<String> defaultNames;

    ColumnSet(List<Column<T>> defaults, List<Column<T>> optional) {
        this.defaults = List.copyOf(defaults);
        this.defaultNames = this.defaults.stream().map(Column::name).toList();
        for (List<Column<T>> columns : List.of(defaults, optional)) {
            for (Column<T> column : columns) {
                if (byName.put(column.name(), column) != null) {
                    throw new IllegalStateException("two columns are named " + column.name());
                }
            }
        }
    }

    /** {@return the names of every column, the default ones first} */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** {@return the names of the columns written when none are asked for, in order}: the CSV header. */
    public List<String> defaultNames() {
        return defaultNames;
    }

    List<Column<T>> defaults() {
        return defaults;
    }

    /**
     * The columns named, in the order given. Each name may appear once: Arrow, Parquet and JSON
     * lines hold one value per name, and pandas and DuckDB rename a repeated CSV header.
     *
     * @param names the names of the columns wanted, each once
     * @return the columns, in the order of {@code names}
     * @throws IllegalArgumentException naming an unknown or repeated name (and listing the columns
     *                                  there are), or when no name is given
     */
    public List<Column<T>> select(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no column named; the columns are: " + String.join(", ", byName.keySet()));
        }
        List<Column<T>> columns = new ArrayList<>(names.size());
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            Column<T> column = byName.get(name);
            if (column == null) {
                throw new IllegalArgumentException("\"" + name + "\" is not a column; the columns are: "
                        + String.join(", ", byName.keySet()));
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("\"" + name + "\" is named twice; each column can be written once");
            }
            columns.add(column);
        }
        return List.copyOf(columns);
    }
}
