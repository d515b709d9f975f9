// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.PacketDecoder;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A row reads back every field the decoder gave its packet, whatever the packing of the columns:
 * every packet of the corpus and of the tunnel corpus, and frames at the edges of each packed
 * field's range. The tunnel columns cost a chunk nothing until its first tunnelled row.
 */
class RowChunkTest {

    @Test
    void everyCorpusPacketReadsBackFieldByField() throws Exception {
        assertEquals(12_506, readBackEveryPacket(TestEnvironment.corpusFiles()), "the corpus's frames");
    }

    @Test
    void everyTunnelCorpusPacketReadsBackFieldByField() throws Exception {
        assertEquals(257, readBackEveryPacket(TestEnvironment.tunnelCorpusFiles()), "the tunnel corpus's frames");
    }

    /** Checks every packet of {@code files}; returns how many there were. */
    private static int readBackEveryPacket(List<Path> files) throws Exception {
        LocalNetworks networks = LocalNetworks.parse(List.of("192.168.0.0/16", "10.0.0.0/8", "fe80::/10"));
        PacketDecoder decoder = new PacketDecoder();
        int rows = 0;
        for (Path file : files) {
            try (CaptureFile capture = CaptureFile.open(file)) {
                while (capture.advance()) {
                    DecodedPacket packet = decoder.decode(capture.segment(), capture.dataOffset(),
                            capture.capturedLength(), capture.wireLength(), capture.linkType(), capture.timestampNanos());
                    assertReadsBack(packet, Direction.of(networks, packet), file + " packet " + rows);
                    rows++;
                }
            }
        }
        return rows;
    }

    /**
     * Untunnelled rows allocate nothing for the tunnel columns; a chunk's first tunnelled row
     * allocates them once ({@value RowChunk#TUNNEL_WORDS} longs a row), the rows after it nothing.
     */
    @Test
    void theTunnelColumnsAreAllocatedAtAChunksFirstTunnelledRow() throws Exception {
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket tunnelled;
        try (CaptureFile vxlan = CaptureFile.open(TestEnvironment.tunnelCorpus().resolve("Vxlan1.pcap"))) {
            assertTrue(vxlan.advance());
            tunnelled = decoder.decode(vxlan.segment(), vxlan.dataOffset(), vxlan.capturedLength(),
                    vxlan.wireLength(), vxlan.linkType(), vxlan.timestampNanos()).copy();
        }
        assertEquals("vxlan", tunnelled.tunnelText());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(42 + 8);
            Fixtures.udpFrame(frame, 0x0A000001, 0x0A000002, 1234, 53, 8);
            DecodedPacket plain = decoder.decode(frame, 0, (int) frame.byteSize(), (int) frame.byteSize(), 1, 1);
            assertEquals(0, plain.tunnelDepth());
            RowChunk chunk = new RowChunk();
            long tunnelColumns = (long) RowChunk.ROWS * RowChunk.TUNNEL_WORDS * Long.BYTES;
            long before = Allocations.currentThread();
            for (int row = 0; row < 1000; row++) {
                chunk.append(plain, Direction.UNKNOWN);
            }
            long untunnelled = Allocations.currentThread() - before;
            assertTrue(untunnelled < 1024, untunnelled + " bytes allocated by 1000 untunnelled rows");
            before = Allocations.currentThread();
            chunk.append(tunnelled, Direction.UNKNOWN);
            long first = Allocations.currentThread() - before;
            assertTrue(first >= tunnelColumns && first < tunnelColumns + 1024, first + " bytes at the first tunnelled row");
            before = Allocations.currentThread();
            for (int row = 0; row < 1000; row++) {
                chunk.append(row % 2 == 0 ? tunnelled : plain, Direction.UNKNOWN);
            }
            long after = Allocations.currentThread() - before;
            assertTrue(after < 1024, after + " bytes allocated by the 1000 rows after it");
            assertEquals(0, chunk.tunnelDepth(0), "a row before the columns existed reads as untunnelled");
            assertEquals(1, chunk.tunnelDepth(1000));
            assertEquals(0, chunk.tunnelDepth(1002), "an untunnelled row after them");
            assertEquals(tunnelled.tunnelId(), chunk.tunnelId(1001));
        }
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
        assertEquals(packet.tunnelDepth(), table.tunnelDepth(0), what);
        for (int level = -1; level <= packet.tunnelDepth(); level++) {
            assertEquals(packet.tunnel(level), table.tunnel(0, level), what + " tunnel " + level);
        }
        assertEquals(packet.tunnelDepth() == 0 ? "" : packet.tunnelText(), table.tunnelText(0), what);
        assertEquals(packet.tunnelId(), table.tunnelId(0), what);
        assertEquals(packet.tunnelIdKind(), table.tunnelIdKind(0), what);
        assertEquals(packet.outerIpVersion(), table.outerIpVersion(0), what);
        assertEquals(packet.outerIpVersion() == 0 ? "" : packet.outerSourceIpText(), table.outerSourceIpText(0), what);
        assertEquals(packet.outerIpVersion() == 0 ? "" : packet.outerDestinationIpText(), table.outerDestinationIpText(0), what);
    }
}
