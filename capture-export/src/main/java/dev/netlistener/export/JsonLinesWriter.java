// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.export;

import dev.netlistener.capture.Column;
import dev.netlistener.capture.TimeFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * JSON lines: one object per row, keys the CSV header's, absent values {@code null}, numbers as
 * numbers (the EtherType too, which CSV writes in hex), times in the chosen {@link TimeFormat}:
 * epoch nanoseconds as a number, RFC 3339 and decimal seconds as strings, since JSON readers turn
 * a number with a fraction into a double and lose the nanoseconds (DuckDB, jq and Python all do).
 * Every line reaches the output whole or not at all.
 */
final class JsonLinesWriter<T> extends SinkWriter<T> {
    private final TimeFormat time;
    /** {@code "name":} of each column, built once. */
    private final List<String> keys;
    private final StringBuilder line = new StringBuilder(512);

    JsonLinesWriter(TableSchema<T> schema, Sink sink, TimeFormat time) {
        super(schema, sink);
        this.time = time;
        this.keys = schema.columns().stream().map(c -> '"' + c.name() + "\":").toList();
    }

    @Override
    void writeRows(T table, int count) throws IOException {
        List<Column<T>> columns = schema.columns();
        for (int row = 0; row < count; row++) {
            line.setLength(0);
            line.append('{');
            for (int c = 0; c < columns.size(); c++) {
                if (c > 0) {
                    line.append(',');
                }
                line.append(keys.get(c));
                value(columns.get(c), table, row);
            }
            line.append("}\n");
            // Every value is ASCII (numbers, addresses, names), and none needs escaping.
            sink.write(line.toString().getBytes(StandardCharsets.US_ASCII));
            sink.endUnit();
        }
    }

    private void value(Column<T> column, T table, int row) {
        if (column.isNull(table, row)) {
            line.append("null");
            return;
        }
        switch (column.type()) {
            case TIMESTAMP_NS -> {
                String text = time.format(column.value(table, row));
                if (time == TimeFormat.EPOCH_NS) {
                    line.append(text);
                } else {
                    line.append('"').append(text).append('"');
                }
            }
            case STRING, DICTIONARY -> line.append('"').append(column.text(table, row)).append('"');
            default -> line.append(column.value(table, row));
        }
    }

    @Override
    void finish() {
    }

    @Override
    void release() {
    }
}
