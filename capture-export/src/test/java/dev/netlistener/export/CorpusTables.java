// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.export;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.FlowTable;
import dev.netlistener.capture.PacketTable;
import java.nio.file.Path;
import java.time.Duration;

/** Every packet and every flow of one capture file, read to its end (or to where it is corrupt). */
record CorpusTables(Path file, PacketTable packets, FlowTable flows) {

    static CorpusTables read(Path file) throws Exception {
        try (Capture capture = Capture.open(file)) {
            if (!capture.awaitEnd(Duration.ofSeconds(60))) {
                throw new AssertionError(file + " did not end within 60 s");
            }
            return new CorpusTables(file, capture.get(), capture.flows().all());
        }
    }

    String name() {
        return file.getFileName().toString();
    }
}
