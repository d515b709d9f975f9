// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.NameKind;
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
    /** The bytes given with a packet that has no name: never read. */
    private static final MemorySegment NO_NAME = MemorySegment.NULL;

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
                    assertReadsBack(packet, Direction.of(networks, packet), capture.segment(), file + " packet " + rows);
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
            assertAllocatedAtTheFirst(() -> chunk.append(plain, Direction.UNKNOWN, frame),
                    () -> chunk.append(tunnelled, Direction.UNKNOWN, NO_NAME),
                    (long) RowChunk.ROWS * RowChunk.TUNNEL_WORDS * Long.BYTES, "tunnelled");
            assertEquals(0, chunk.tunnelDepth(0), "a row before the columns existed reads as untunnelled");
            assertEquals(1, chunk.tunnelDepth(1000));
            assertEquals(0, chunk.tunnelDepth(1002), "an untunnelled row after them");
            assertEquals(tunnelled.tunnelId(), chunk.tunnelId(1001));
        }
    }

    /**
     * Rows without a name allocate nothing for the name columns; a chunk's first named row makes
     * them (a word a row and a first block of text), the named rows after it nothing until that
     * block fills; a row before them reads as nameless.
     */
    @Test
    void theNameColumnsAreAllocatedAtAChunksFirstNamedRow() throws Exception {
        PacketDecoder decoder = new PacketDecoder();
        try (Arena arena = Arena.ofConfined();
             CaptureFile dns = CaptureFile.open(TestEnvironment.corpus().resolve("DnsPackets.pcap"))) {
            assertTrue(dns.advance());
            MemorySegment query = arena.allocate(dns.capturedLength());
            MemorySegment.copy(dns.segment(), dns.dataOffset(), query, 0, dns.capturedLength());
            MemorySegment frame = arena.allocate(42 + 8);
            Fixtures.udpFrame(frame, 0x0A000001, 0x0A000002, 1234, 80, 8);
            DecodedPacket plain = decoder.decode(frame, 0, (int) frame.byteSize(), (int) frame.byteSize(), 1, 1).copy();
            DecodedPacket named = decoder.decode(query, 0, (int) query.byteSize(), (int) query.byteSize(), 1, 2);
            assertEquals("www.google.com", named.nameText(query));
            RowChunk chunk = new RowChunk();
            assertAllocatedAtTheFirst(() -> chunk.append(plain, Direction.UNKNOWN, frame),
                    () -> chunk.append(named, Direction.UNKNOWN, query),
                    (long) RowChunk.ROWS * Long.BYTES + NameColumns.BLOCK, "named");
            assertEquals("", chunk.name(0, NameKind.DNS_QUERY), "a row before the columns existed reads as nameless");
            assertEquals(-1, chunk.dnsAnswers(0));
            assertEquals("www.google.com", chunk.name(1000, NameKind.DNS_QUERY));
            assertEquals("", chunk.name(1000, NameKind.HTTP_HOST));
            assertEquals(0, chunk.dnsAnswers(1000));
            assertEquals("", chunk.name(1002, NameKind.DNS_QUERY), "a nameless row after them");
            assertEquals("www.google.com", chunk.name(1999, NameKind.DNS_QUERY));
        }
    }

    /**
     * Appends 1000 plain rows (rows 0 to 999), which must allocate nothing, then one special row
     * (1000), which must allocate its columns ({@code columns} bytes, give or take 1 KiB), then
     * 1000 rows alternating special (1001, 1003, ...) and plain, which must allocate nothing.
     */
    private static void assertAllocatedAtTheFirst(Runnable plain, Runnable special, long columns, String kind) {
        long before = Allocations.currentThread();
        for (int row = 0; row < 1000; row++) {
            plain.run();
        }
        long plainRows = Allocations.currentThread() - before;
        assertTrue(plainRows < 1024, plainRows + " bytes allocated by 1000 rows that are not " + kind);
        before = Allocations.currentThread();
        special.run();
        long first = Allocations.currentThread() - before;
        assertTrue(first >= columns && first < columns + 1024, first + " bytes at the first " + kind + " row");
        before = Allocations.currentThread();
        for (int row = 0; row < 1000; row++) {
            (row % 2 == 0 ? special : plain).run();
        }
        long after = Allocations.currentThread() - before;
        assertTrue(after < 1024, after + " bytes allocated by the 1000 rows after it");
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
                assertReadsBack(packet, Direction.UNKNOWN, frame, "port " + port);
            }
        }
    }

    private static void assertReadsBack(DecodedPacket packet, Direction direction, MemorySegment bytes, String what) {
        RowStore store = new RowStore();
        store.append(packet, direction, bytes);
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
        String name = packet.nameKind() == null ? "" : packet.nameText(bytes);
        assertEquals(packet.nameKind() == NameKind.DNS_QUERY ? name : "", table.dnsQuery(0), what);
        assertEquals(packet.nameKind() == NameKind.TLS_SNI ? name : "", table.tlsServerName(0), what);
        assertEquals(packet.nameKind() == NameKind.HTTP_HOST ? name : "", table.httpHost(0), what);
        assertEquals(packet.dnsAnswers(), table.dnsAnswers(0), what);
    }
}
