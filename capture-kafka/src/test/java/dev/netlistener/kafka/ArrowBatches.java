// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.TimeStampNanoTZVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;

/** A packet-batch record's value read by Arrow's own stream reader. */
public final class ArrowBatches {
    private ArrowBatches() {
    }

    /** The {@code timestamp} column of every row of the Arrow IPC stream {@code bytes}, in order. */
    public static List<Long> timestamps(byte[] bytes) throws IOException {
        List<Long> timestamps = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(bytes), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            while (reader.loadNextBatch()) {
                TimeStampNanoTZVector column = (TimeStampNanoTZVector) root.getVector("timestamp");
                for (int i = 0; i < root.getRowCount(); i++) {
                    timestamps.add(column.get(i));
                }
            }
        }
        return timestamps;
    }
}
