// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.export;

import java.io.IOException;

/**
 * What every format's writer shares: counting rows, refusing to write after a failure, and on
 * close ending the output only when nothing failed.
 */
abstract class SinkWriter<T> implements TableWriter<T> {
    final TableSchema<T> schema;
    final Sink sink;
    private long rows;
    private IOException failure;

    SinkWriter(TableSchema<T> schema, Sink sink) {
        this.schema = schema;
        this.sink = sink;
    }

    /** Writes the rows of {@code table}, each whole unit marked with {@link Sink#endUnit()}. */
    abstract void writeRows(T table, int count) throws IOException;

    /** Ends the output (a footer), when nothing failed. */
    abstract void finish() throws IOException;

    /** Frees what the writer holds (off-heap buffers); called once, failed or not. */
    abstract void release();

    @Override
    public final void write(T table) throws IOException {
        if (failure != null) {
            throw new IOException("an earlier write failed: " + failure.getMessage(), failure);
        }
        int count = schema.rows().count(table);
        try {
            writeRows(table, count);
            sink.flush();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
        rows += count;
    }

    @Override
    public final long rows() {
        return rows;
    }

    @Override
    public final void close() throws IOException {
        try {
            if (failure == null) {
                finish();
                sink.close();
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        } finally {
            if (failure != null) {
                sink.abandon();
            }
            release();
        }
    }
}
