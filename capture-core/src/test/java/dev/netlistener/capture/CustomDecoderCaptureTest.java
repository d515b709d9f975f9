// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.decode.DecoderRegistry;
import dev.netlistener.capture.decode.Layer;
import dev.netlistener.capture.decode.ProtocolDecoder;
import dev.netlistener.pcap.LibPcap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A capture decodes a protocol of the application's own when its config supplies the registry. */
class CustomDecoderCaptureTest {
    /** IEEE's "local experimental" EtherType, here a 4-byte shim in front of IPv4. */
    private static final int SHIM_ETHERTYPE = 0x88B5;

    private static final ProtocolDecoder SHIM = (segment, offset, end, limit, packet, registry) -> {
        if (limit - offset < 4) {
            packet.truncated(Layer.OTHER);
            return;
        }
        registry.decodeEtherType(DecoderRegistry.ETHERTYPE_IPV4, segment, offset + 4, end, limit, packet);
    };

    @Test
    void aRegisteredEtherTypeIsDecodedByTheCapture(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("shim.pcap");
        try (Arena arena = Arena.ofConfined();
             PcapWriter writer = PcapWriter.open(file, CaptureFile.Format.PCAP, LibPcap.DLT_EN10MB, 65535,
                     TimestampPrecision.NANO)) {
            MemorySegment udp = arena.allocate(42 + 8);
            Fixtures.udpFrame(udp, 0x0A000001, 0x0A000002, 4000, 53, 8);
            MemorySegment shimmed = arena.allocate(udp.byteSize() + 4);
            MemorySegment.copy(udp, 0, shimmed, 0, 12);
            shimmed.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 12,
                    (short) SHIM_ETHERTYPE);
            MemorySegment.copy(udp, 14, shimmed, 18, udp.byteSize() - 14);
            writer.write(1_700_000_000_000_000_000L, (int) shimmed.byteSize(), LibPcap.DLT_EN10MB, shimmed, 0,
                    (int) shimmed.byteSize());
        }
        assertEquals(-1, portWith(file, DecoderRegistry::standard), "the standard decoders stop at the shim");
        assertEquals(4000, portWith(file, () -> DecoderRegistry.standard().registerEtherType(SHIM_ETHERTYPE, SHIM)));
    }

    private static int portWith(Path file, java.util.function.Supplier<DecoderRegistry> decoders) throws Exception {
        try (Capture capture = Capture.open(file, CaptureConfig.builder().decoders(decoders).build())) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(10)));
            PacketTable table = capture.get();
            assertEquals(1, table.size());
            assertEquals(SHIM_ETHERTYPE, table.etherType(0));
            return table.sourcePort(0);
        }
    }
}
