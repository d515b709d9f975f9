// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.decode.DecodedPacket;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming path allocates nothing per packet: the polling thread's allocation counter,
 * over hundreds of thousands of packets decoded, counted into flows and handed to a handler that
 * reads fields and bytes, grows by no more than the few objects made per {@code poll} call.
 */
class StreamingAllocationTest {

    @Test
    void pollingAllocatesNothingPerPacket(@TempDir Path dir) throws Exception {
        int count = 400_000;
        Path file = Fixtures.udpFile(dir.resolve("udp.pcap"), count, 18);
        long[] checksum = {0};
        PacketHandler handler = packet -> {
            DecodedPacket decoded = packet.decoded();
            checksum[0] += decoded.sourcePort() + decoded.ipv4Destination() + decoded.wireLength()
                    + packet.buffer().get(ValueLayout.JAVA_BYTE, packet.dataOffset() + 23);
        };
        CaptureConfig config = CaptureConfig.builder().delivery(Delivery.STREAM).build();
        try (Capture capture = Capture.open(file, config)) {
            int warmUp = 200_000;
            Allocations.Polled polled = Allocations.pollToEnd(capture, handler, warmUp);
            System.out.printf("Allocated %d bytes over %d packets in %d polls%n", polled.allocated(), polled.packets(),
                    polled.calls());
            assertEquals(count - warmUp, polled.packets());
            // Neither a poll call nor a packet makes anything: the handler is the caller's.
            assertTrue(polled.allocated() <= 1024, polled.allocated() + " bytes for " + polled.packets() + " packets in "
                    + polled.calls() + " polls");
            assertTrue(checksum[0] != 0, "the handler read the packets");
        }
    }
}
