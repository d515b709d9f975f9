// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import dev.netlistener.capture.PacketTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * netlistener's table API with its defaults ({@code Delivery.TABLE}, flow tracking on): the
 * capture's thread reads the file and decodes into rows, and the application calls {@code get()}
 * in a loop and reads every row's fields from the table's columns: two threads.
 */
final class TableReader implements OfflineReader {

    @Override
    public FieldChecksum read(Path file) throws Exception {
        FieldChecksum checksum = new FieldChecksum();
        try (Capture capture = Capture.open(file, CaptureConfig.defaults())) {
            getToEnd(capture, table -> addAll(checksum, table));
            if (capture.stats().droppedByRetention() > 0) {
                throw new IllegalStateException("rows were dropped by retention: " + capture.stats());
            }
        }
        return checksum;
    }

    /** Calls {@code get()} until the file's last row was taken, handing each table on; throws the capture's error. */
    static void getToEnd(Capture capture, Consumer<PacketTable> each) throws Exception {
        while (true) {
            // Asked before get(): once the capture thread has decoded the whole input, this get() holds the rest.
            boolean ended = capture.awaitEnd(Duration.ZERO);
            PacketTable table = capture.get();
            each.accept(table);
            if (table.isEmpty()) {
                if (ended) {
                    break;
                }
                Thread.sleep(1);
            }
        }
        if (capture.error().isPresent()) {
            throw capture.error().get();
        }
    }

    private static void addAll(FieldChecksum checksum, PacketTable t) {
        for (int row = 0; row < t.size(); row++) {
            int version = t.ipVersion(row);
            long sourceHigh = version == 6 ? t.sourceIpv6High(row) : 0;
            long sourceLow = version == 6 ? t.sourceIpv6Low(row)
                    : version == 4 ? Integer.toUnsignedLong(t.sourceIpv4(row)) : 0;
            long destinationHigh = version == 6 ? t.destinationIpv6High(row) : 0;
            long destinationLow = version == 6 ? t.destinationIpv6Low(row)
                    : version == 4 ? Integer.toUnsignedLong(t.destinationIpv4(row)) : 0;
            checksum.packet(t.capturedLength(row), t.wireLength(row), t.sourceMac(row), t.destinationMac(row),
                    t.etherType(row), t.vlan(row), version, sourceHigh, sourceLow, destinationHigh, destinationLow,
                    t.protocol(row), t.sourcePort(row), t.destinationPort(row), t.arpOperation(row), t.tcpFlags(row));
        }
    }
}
