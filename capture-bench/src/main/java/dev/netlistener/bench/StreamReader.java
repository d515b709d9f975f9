// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import dev.netlistener.capture.CapturedPacket;
import dev.netlistener.capture.Delivery;
import dev.netlistener.capture.decode.DecodedPacket;
import java.nio.file.Path;

/**
 * netlistener's streaming API: {@code Capture.open(file)} with {@link Delivery#STREAM}, the
 * application thread calling {@code poll} and reading each packet's fields from the flyweight.
 * Nothing runs in the background: {@code poll} reads the file, decodes and hands over on this one
 * thread, as the C program does.
 */
final class StreamReader implements OfflineReader {
    static final int POLL_BATCH = 65_536;
    private final boolean flows;

    /** {@code flows}: keep the flow table on (the default) or off (the C program tracks none). */
    StreamReader(boolean flows) {
        this.flows = flows;
    }

    @Override
    public FieldChecksum read(Path file) throws Exception {
        FieldChecksum checksum = new FieldChecksum();
        CaptureConfig.Builder config = CaptureConfig.builder().delivery(Delivery.STREAM);
        if (!flows) {
            config.flowCapacity(0);
        }
        try (Capture capture = Capture.open(file, config.build())) {
            while (true) {
                // Read before polling: once the input has ended, this poll sees every last packet.
                boolean ended = capture.isInputEnded();
                if (capture.poll(packet -> add(checksum, packet), POLL_BATCH) == 0) {
                    if (ended) {
                        break;
                    }
                    Thread.yield();
                }
            }
            if (capture.error().isPresent()) {
                throw capture.error().get();
            }
        }
        return checksum;
    }

    /** Folds the packet's fields into {@code checksum}: every field a reader must extract. */
    static void add(FieldChecksum checksum, CapturedPacket captured) {
        DecodedPacket p = captured.decoded();
        int version = p.ipVersion();
        long sourceHigh = version == 6 ? p.ipv6SourceHigh() : 0;
        long sourceLow = version == 6 ? p.ipv6SourceLow() : version == 4 ? Integer.toUnsignedLong(p.ipv4Source()) : 0;
        long destinationHigh = version == 6 ? p.ipv6DestinationHigh() : 0;
        long destinationLow = version == 6 ? p.ipv6DestinationLow()
                : version == 4 ? Integer.toUnsignedLong(p.ipv4Destination()) : 0;
        checksum.packet(p.capturedLength(), p.wireLength(), p.sourceMac(), p.destinationMac(), p.etherType(),
                p.vlanId(), version, sourceHigh, sourceLow, destinationHigh, destinationLow, p.ipProtocol(),
                p.sourcePort(), p.destinationPort(), p.arpOperation(), p.tcpFlags());
    }
}
