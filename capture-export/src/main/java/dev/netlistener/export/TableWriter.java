// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.export;

import java.io.Closeable;
import java.io.IOException;

/**
 * Writes tables of type {@code T} ({@link dev.netlistener.capture.PacketTable} or
 * {@link dev.netlistener.capture.FlowTable}) one after another into one output, as from successive
 * {@link dev.netlistener.capture.Capture#get()} calls; each {@link #write} reaches the output
 * (flushed) before it returns, where the format allows (Parquet writes whole row groups).
 * {@link #close()} ends the output (an Arrow footer, a Parquet footer). After a failed write the
 * writer only closes: the output keeps what was written whole before the failure.
 *
 * @param <T> the kind of table written
 */
public interface TableWriter<T> extends Closeable {

    /**
     * Appends the rows of {@code table}.
     *
     * @param table the rows to append
     * @throws IOException when the output cannot be written (a full disk, a closed pipe)
     */
    void write(T table) throws IOException;

    /** {@return the rows written so far} */
    long rows();
}
