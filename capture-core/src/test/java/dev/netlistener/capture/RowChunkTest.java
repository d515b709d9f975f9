package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.PacketDecoder;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A row reads back every field the decoder gave its packet, whatever the packing of the columns:
 * every packet of the corpus, and frames at the edges of each packed field's range.
 */
class RowChunkTest {

    @Test
    void everyCorpusPacketReadsBackFieldByField() throws Exception {
        LocalNetworks networks = LocalNetworks.parse(List.of("192.168.0.0/16", "10.0.0.0/8", "fe80::/10"));
        PacketDecoder decoder = new PacketDecoder();
        int rows = 0;
        for (Path file : TestEnvironment.corpusFiles()) {
            try (CaptureFile capture = CaptureFile.open(file)) {
                while (capture.advance()) {
                    DecodedPacket packet = decoder.decode(capture.segment(), capture.dataOffset(),
                            capture.capturedLength(), capture.wireLength(), capture.linkType(), capture.timestampNanos());
                    assertReadsBack(packet, Direction.of(networks, packet), file + " packet " + rows);
                    rows++;
                }
            }
        }
        assertEquals(12_506, rows, "the corpus's frames");
    }

    @Test
    void fieldsAtTheEdgesOfTheirRangesReadBack() {
        PacketDecoder decoder = new PacketDecoder();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(42 + 8);
            for (int port : new int[] {0, 1, 65534, 65535}) {
                Fixtures.udpFrame(frame, 0xFFFFFFFF, 0, port, 65535 - port, 8);
                DecodedPacket packet = decoder.decode(frame, 0, (int) frame.byteSize(), Integer.MAX_VALUE, 1,
                        Long.MIN_VALUE + 1);
                assertReadsBack(packet, Direction.UNKNOWN, "port " + port);
            }
        }
    }

    private static void assertReadsBack(DecodedPacket packet, Direction direction, String what) {
        RowStore store = new RowStore();
        store.append(packet, direction);
        store.publish();
        PacketTable table = store.take();
        assertEquals(packet.timestampNanos(), table.timestampNanos(0), what);
        assertEquals(packet.wireLength(), table.wireLength(0), what);
        assertEquals(packet.capturedLength(), table.capturedLength(0), what);
        assertEquals(packet.linkType(), table.linkType(0), what);
        assertEquals(packet.etherType(), table.etherType(0), what);
        assertEquals(packet.vlanId(), table.vlan(0), what);
        assertEquals(packet.hasSourceMac(), table.hasSourceMac(0), what);
        assertEquals(packet.hasMacs(), table.hasDestinationMac(0), what);
        if (packet.hasSourceMac()) {
            assertEquals(packet.sourceMac(), table.sourceMac(0), what);
        }
        if (packet.hasMacs()) {
            assertEquals(packet.destinationMac(), table.destinationMac(0), what);
        }
        assertEquals(packet.ipVersion(), table.ipVersion(0), what);
        if (packet.ipVersion() == 4) {
            assertEquals(packet.ipv4Source(), table.sourceIpv4(0), what);
            assertEquals(packet.ipv4Destination(), table.destinationIpv4(0), what);
        } else if (packet.ipVersion() == 6) {
            assertEquals(packet.ipv6SourceHigh(), table.sourceIpv6High(0), what);
            assertEquals(packet.ipv6SourceLow(), table.sourceIpv6Low(0), what);
            assertEquals(packet.ipv6DestinationHigh(), table.destinationIpv6High(0), what);
            assertEquals(packet.ipv6DestinationLow(), table.destinationIpv6Low(0), what);
        }
        assertEquals(packet.sourcePort(), table.sourcePort(0), what);
        assertEquals(packet.destinationPort(), table.destinationPort(0), what);
        assertEquals(packet.ipProtocol(), table.protocol(0), what);
        assertEquals(packet.arpOperation(), table.arpOperation(0), what);
        assertEquals(packet.tcpFlags(), table.tcpFlags(0), what);
        assertEquals(packet.icmpType(), table.icmpType(0), what);
        assertEquals(packet.icmpCode(), table.icmpCode(0), what);
        assertEquals(direction, table.direction(0), what);
        assertEquals(packet.status(), table.status(0), what);
        assertEquals(packet.statusLayer(), table.statusLayer(0), what);
        assertEquals(packet.malformation(), table.malformation(0), what);
    }
}
