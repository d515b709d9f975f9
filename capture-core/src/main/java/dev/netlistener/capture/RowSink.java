// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodedPacket;
import java.lang.foreign.MemorySegment;

/**
 * Where a table's rows go: each packet's row is appended while fewer than {@code retention} rows
 * wait for {@link Capture#get()}, and counted as dropped otherwise.
 *
 * <p>One class for every table sink (the capture thread keeping and dropping, a streaming
 * capture's {@code get()}, the {@link Warmup}), so that the pipeline's call to its sink sees one
 * class: a second one there made the JIT throw away the compiled capture loop the moment rows first
 * filled (seen with {@code -Xlog:deoptimization}: a {@code bimorphic_or_optimized_type_check} trap
 * in {@code PacketPipeline.process}), while packets kept arriving.
 */
final class RowSink implements PacketPipeline.Sink {
    private final RowStore rows;
    private final long retention;
    private final OpaqueCounter dropped = new OpaqueCounter();

    RowSink(RowStore rows, long retention) {
        this.rows = rows;
        this.retention = retention;
    }

    @Override
    public void accept(DecodedPacket packet, Direction direction, MemorySegment bytes, long offset) {
        if (rows.waiting() < retention) {
            rows.append(packet, direction, bytes);
        } else {
            dropped.increment();
        }
    }

    /** Rows dropped because {@code retention} rows were waiting. */
    long dropped() {
        return dropped.get();
    }
}
