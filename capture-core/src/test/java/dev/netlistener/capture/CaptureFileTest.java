// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.pcap.LibPcap;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CaptureFileTest {

    static Stream<Path> corpusFiles() {
        return TestEnvironment.corpusFiles().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void readsEveryFrameWithTsharksTimestampAndLengths(Path file) throws Exception {
        TsharkCsv tshark = TsharkCsv.of(file);
        int expected = Manifest.frameCounts(file.getParent()).get(file.getFileName().toString());
        assertEquals(expected, tshark.size(), "tshark rows vs MANIFEST");
        int index = 0;
        try (CaptureFile capture = CaptureFile.open(file)) {
            while (capture.advance()) {
                assertTrue(index < expected, "more frames than the manifest counts");
                String frame = file.getFileName() + " frame " + (index + 1);
                assertEquals(tshark.timestampNanos(index), capture.timestampNanos(), frame + " time");
                assertEquals(Integer.parseInt(tshark.get(index, "frame.len")), capture.wireLength(), frame + " len");
                assertEquals(Integer.parseInt(tshark.get(index, "frame.cap_len")), capture.capturedLength(),
                        frame + " caplen");
                index++;
            }
        }
        assertEquals(expected, index);
    }

    @Test
    void givesEachPcapngPacketTheLinkTypeOfItsInterface() throws Exception {
        Map<Integer, Integer> linkTypes = linkTypeCounts(TestEnvironment.corpus().resolve("pcapng-example.pcapng"));
        assertEquals(Map.of(LibPcap.DLT_EN10MB, 59, LibPcap.DLT_LINUX_SLL, 100), linkTypes);
        linkTypes = linkTypeCounts(TestEnvironment.corpus().resolve("many_interfaces-1.pcapng"));
        assertEquals(Map.of(LibPcap.DLT_EN10MB, 62, LibPcap.DLT_NULL, 2), linkTypes);
    }

    private static Map<Integer, Integer> linkTypeCounts(Path file) throws Exception {
        Map<Integer, Integer> counts = new TreeMap<>();
        try (CaptureFile capture = CaptureFile.open(file)) {
            assertEquals(CaptureFile.Format.PCAPNG, capture.format());
            while (capture.advance()) {
                counts.merge(capture.linkType(), 1, Integer::sum);
            }
        }
        return counts;
    }

    @Test
    void keepsTheLinkTypeAsWrittenInTheFile() throws Exception {
        try (CaptureFile capture = CaptureFile.open(TestEnvironment.corpus().resolve("raw_ip.pcap"))) {
            assertEquals(LibPcap.LINKTYPE_RAW, capture.fileLinkType());
            assertEquals(CaptureFile.Format.PCAP, capture.format());
        }
        // The header's link type field is 0x30000001: FCS bits above the link type.
        try (CaptureFile capture = CaptureFile.open(TestEnvironment.corpus().resolve("l2tp-avp-overflow.pcap"))) {
            assertEquals(LibPcap.DLT_EN10MB, capture.fileLinkType());
            assertEquals(58, capture.snaplen());
        }
    }

    @Test
    void packetsAreViewsOfTheSameBytesLibpcapReads() throws Exception {
        assertEquals(10, assertReadsAsLibpcap(TestEnvironment.corpus().resolve("nanosecs_big_endian.pcap")).size());
    }

    /** Reads a file with CaptureFile and libpcap side by side: the same bytes, times and lengths; returns the times. */
    private static List<Long> assertReadsAsLibpcap(Path file) throws Exception {
        List<Long> timestamps = new ArrayList<>();
        try (CaptureFile mine = CaptureFile.open(file); PcapHandle libpcap = PcapHandle.openOffline(file)) {
            RawPacket a = new RawPacket();
            RawPacket b = new RawPacket();
            while (mine.next(a)) {
                assertEquals(ReadResult.PACKET, libpcap.next(b));
                assertArrayEquals(b.data().toArray(ValueLayout.JAVA_BYTE), a.data().toArray(ValueLayout.JAVA_BYTE));
                assertEquals(b.timestampNanos(), a.timestampNanos());
                assertEquals(b.wireLength(), a.wireLength());
                timestamps.add(a.timestampNanos());
            }
            assertEquals(ReadResult.END, libpcap.next(b));
        }
        return timestamps;
    }

    @Test
    void filtersWithBpfPerLinkType() throws Exception {
        Path mixed = TestEnvironment.corpus().resolve("pcapng-example.pcapng");
        TsharkCsv tshark = TsharkCsv.of(mixed);
        int tsharkIpv4 = 0;
        for (int i = 0; i < tshark.size(); i++) {
            if (!tshark.get(i, "ip.src").isEmpty()) {
                tsharkIpv4++;
            }
        }
        int matched = 0;
        try (CaptureFile capture = CaptureFile.open(mixed, Optional.of("ip"))) {
            while (capture.advance()) {
                matched++;
            }
        }
        assertTrue(tsharkIpv4 > 0);
        assertEquals(tsharkIpv4, matched);
    }

    @Test
    void aFilterThatDoesNotCompileFailsAtOpen() {
        PcapException e = assertThrows(PcapException.class,
                () -> CaptureFile.open(TestEnvironment.corpus().resolve("sll2.pcap"), Optional.of("port port")));
        assertTrue(e.getMessage().contains("'port port'"), e.getMessage());
        assertFalse(e.libpcapMessage().isBlank());
    }

    @Test
    void aMissingFileSaysWhereItLooked(@TempDir Path dir) {
        PcapException e = assertThrows(PcapException.class, () -> CaptureFile.open(dir.resolve("none.pcap")));
        assertTrue(e.hint().contains(dir.resolve("none.pcap").toString()), e.getMessage());
    }

    @Test
    void aDirectoryOrGarbageIsAClearError(@TempDir Path dir) throws Exception {
        assertTrue(assertThrows(PcapException.class, () -> CaptureFile.open(dir)).getMessage().contains("directory"));
        Path garbage = dir.resolve("g.pcap");
        Files.writeString(garbage, "hello, not a capture");
        assertTrue(assertThrows(PcapException.class, () -> CaptureFile.open(garbage)).getMessage()
                .contains("not a capture file: unknown file format"));
        Path empty = dir.resolve("empty.pcap");
        Files.write(empty, new byte[0]);
        assertTrue(assertThrows(PcapException.class, () -> CaptureFile.open(empty)).getMessage()
                .contains("not a capture file: it is empty"));
    }

    /** Alexey Kuznetsov's patched libpcap: magic a1b2cd34, 24-byte record headers, microseconds. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"DnsPackets.pcap", "pptp.pcap"})
    void readsKuznetsovsPatchedFormatInEitherByteOrderAsLibpcapDoes(String name, @TempDir Path dir) throws Exception {
        Path original = TestEnvironment.corpus().resolve(name);
        Path patched = Files.write(dir.resolve("patched.pcap"), CaptureBytes.toKuznetsov(Files.readAllBytes(original)));
        TsharkCsv tshark = TsharkCsv.of(original);
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < tshark.size(); i++) {
            expected.add(tshark.timestampNanos(i));
        }
        assertEquals(expected, assertReadsAsLibpcap(patched));
    }

    @Test
    void aPcapngBlockWhoseLengthsDisagreeStopsThereNamingItsOffset(@TempDir Path dir) throws Exception {
        byte[] file = Files.readAllBytes(TestEnvironment.corpus().resolve("pcapng-example.pcapng"));
        List<CaptureBytes.Unit> blocks = CaptureBytes.walk(file);
        CaptureBytes.Unit tenth = blocks.stream().filter(CaptureBytes.Unit::packet).skip(9).findFirst().orElseThrow();
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(tenth.end() - 4, tenth.length() + 4);
        Path broken = Files.write(dir.resolve("broken.pcapng"), file);
        int packets = 0;
        try (CaptureFile capture = CaptureFile.open(broken)) {
            PcapException e = assertThrows(PcapException.class, () -> {
                while (capture.advance()) {
                    continue;
                }
            });
            assertTrue(e.getMessage().contains("at byte " + tenth.offset() + ": block type 6 gives its length as "
                    + tenth.length() + " at its start but " + (tenth.length() + 4) + " at its end"), e.getMessage());
        }
        try (CaptureFile capture = CaptureFile.open(broken)) {
            try {
                while (capture.advance()) {
                    packets++;
                }
            } catch (PcapException expected) {
                // counted what came before
            }
        }
        assertEquals(9, packets);
    }

    /** tcpdump and tshark stop at a packet above libpcap's 262144-byte maximum; so do we. */
    @Test
    void aPacketAbove262144BytesIsCorruptInEitherFormat(@TempDir Path dir) throws Exception {
        byte[] pcap = CaptureBytes.in(ByteOrder.LITTLE_ENDIAN).pcapHeader(CaptureBytes.PCAP_MICRO, 262144, 1)
                .pcapRecord(1, 0, 100, CaptureBytes.ethernetIpv4(100))
                .pcapRecord(2, 0, 6_000_000, CaptureBytes.ethernetIpv4(262_145))
                .pcapRecord(3, 0, 100, CaptureBytes.ethernetIpv4(100)).toByteArray();
        assertStopsAfterOnePacket(Files.write(dir.resolve("big.pcap"), pcap),
                "at byte 140: a record claims 262145 captured bytes, more than the 262144 a packet may have");
        byte[] pcapng = CaptureBytes.in(ByteOrder.LITTLE_ENDIAN).sectionHeader().interfaceDescription(1, 0)
                .enhancedPacket(1, 100, CaptureBytes.ethernetIpv4(100))
                .enhancedPacket(2, 300_000, CaptureBytes.ethernetIpv4(300_000))
                .enhancedPacket(3, 100, CaptureBytes.ethernetIpv4(100)).toByteArray();
        assertStopsAfterOnePacket(Files.write(dir.resolve("big.pcapng"), pcapng),
                "at byte 180: a packet claims 300000 captured bytes, more than the 262144 a packet may have");
    }

    private static void assertStopsAfterOnePacket(Path file, String message) throws Exception {
        try (CaptureFile capture = CaptureFile.open(file)) {
            assertTrue(capture.advance());
            assertEquals(100, capture.capturedLength());
            PcapException e = assertThrows(PcapException.class, capture::advance);
            assertTrue(e.getMessage().contains(message), e.getMessage());
        }
    }

    @Test
    void aSimplePacketBlockHasNoTimestamp(@TempDir Path dir) throws Exception {
        byte[] file = CaptureBytes.in(ByteOrder.BIG_ENDIAN).sectionHeader().interfaceDescription(1, 64)
                .simplePacket(CaptureBytes.ethernetIpv4(100))
                .enhancedPacket(1_700_000_000_000_000L, 60, CaptureBytes.ethernetIpv4(60)).toByteArray();
        try (CaptureFile capture = CaptureFile.open(Files.write(dir.resolve("spb.pcapng"), file))) {
            assertTrue(capture.advance());
            assertEquals(CaptureFile.NO_TIMESTAMP, capture.timestampNanos());
            assertEquals(64, capture.capturedLength());
            assertEquals(100, capture.wireLength());
            assertTrue(capture.advance());
            assertEquals(1_700_000_000_000_000_000L, capture.timestampNanos());
            assertFalse(capture.advance());
        }
    }

    /** tcpdump opens this in 7 MB; the snaplen field must not size anything. */
    @Test
    void theHeaderSnaplenSizesNothing(@TempDir Path dir) throws Exception {
        byte[] header = CaptureBytes.in(ByteOrder.LITTLE_ENDIAN).pcapHeader(CaptureBytes.PCAP_MICRO, 0x7fffffff, 1)
                .toByteArray();
        try (CaptureFile capture = CaptureFile.open(Files.write(dir.resolve("huge-snaplen.pcap"), header))) {
            assertEquals(262_144, capture.snaplen());
            assertFalse(capture.advance());
            assertEquals(CaptureFile.BUFFER_BYTES, capture.bufferBytes());
        }
    }

    /** A record that claims more than the file holds is refused before the buffer grows for it. */
    @Test
    void theBufferGrowsOnlyForBytesThatAreThere(@TempDir Path dir) throws Exception {
        byte[] file = CaptureBytes.in(ByteOrder.LITTLE_ENDIAN).pcapHeader(CaptureBytes.PCAP_MICRO, 262144, 1)
                .pcapRecord(1, 0, 100, CaptureBytes.ethernetIpv4(100)).toByteArray();
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(24 + 8, 262_144);
        try (CaptureFile capture = CaptureFile.open(Files.write(dir.resolve("claims.pcap"), file), Optional.empty(),
                1024)) {
            PcapException e = assertThrows(PcapException.class, capture::advance);
            assertTrue(e.getMessage().contains("at byte 24: a record claims 262144 captured bytes but only 100 follow"),
                    e.getMessage());
            assertEquals(1024, capture.bufferBytes());
        }
    }

    /** A tiny first buffer makes nearly every record span its end, and grow it: the packets stay the same. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void readsTheSamePacketsThroughATinyBuffer(Path file) throws Exception {
        try (CaptureFile normal = CaptureFile.open(file); CaptureFile tiny = CaptureFile.open(file, Optional.empty(), 16)) {
            RawPacket a = new RawPacket();
            RawPacket b = new RawPacket();
            while (normal.next(a)) {
                assertTrue(tiny.next(b));
                assertEquals(a.timestampNanos(), b.timestampNanos());
                assertEquals(a.wireLength(), b.wireLength());
                assertEquals(a.linkType(), b.linkType());
                assertArrayEquals(a.data().toArray(ValueLayout.JAVA_BYTE), b.data().toArray(ValueLayout.JAVA_BYTE));
            }
            assertFalse(tiny.next(b));
        }
    }

    /** The filter used to be compiled before the header was read, and leaked when the header was bad. */
    @Test
    void aFileRefusedAtOpenLeavesNoCompiledFilterBehind(@TempDir Path dir) throws Exception {
        Path cutHeader = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(
                CaptureBytes.in(ByteOrder.LITTLE_ENDIAN).pcapHeader(CaptureBytes.PCAP_MICRO, 65535, 1).toByteArray(), 12));
        byte[] pcapng = CaptureBytes.in(ByteOrder.LITTLE_ENDIAN).sectionHeader().interfaceDescription(1, 0)
                .toByteArray();
        pcapng[28 + 4] = 13;
        Path badBlock = Files.write(dir.resolve("bad.pcapng"), pcapng);
        int live = PacketFilter.live();
        for (Path file : List.of(cutHeader, badBlock)) {
            PcapException e = assertThrows(PcapException.class, () -> CaptureFile.open(file, Optional.of("ip")));
            assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());
            assertEquals(live, PacketFilter.live(), file + " left a compiled filter behind");
        }
        try (CaptureFile ignored = CaptureFile.open(TestEnvironment.corpus().resolve("sll2.pcap"), Optional.of("ip"))) {
            assertEquals(live + 1, PacketFilter.live());
        }
        assertEquals(live, PacketFilter.live());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void everyCutOfAFileReadsItsWholePacketsThenReportsTheCut(Path file, @TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(file);
        int frames = Manifest.frameCounts(file.getParent()).get(file.getFileName().toString());
        Path cut = dir.resolve("cut");
        // A handful of cut points per file: reading must stop with an error or a clean end, never crash.
        for (int length : new int[]{whole.length - 1, whole.length / 2, whole.length / 3, 30, 25}) {
            if (length <= 24 || length >= whole.length) {
                continue;
            }
            Files.write(cut, Arrays.copyOf(whole, length));
            int read = 0;
            try (CaptureFile capture = CaptureFile.open(cut)) {
                while (capture.advance()) {
                    assertTrue(capture.dataOffset() + capture.capturedLength() <= length);
                    read++;
                }
            } catch (PcapException e) {
                assertTrue(e.getMessage().contains("corrupt or truncated"), e.getMessage());
            }
            assertTrue(read <= frames);
        }
    }

    /**
     * Packets are decoded in place: once compiled, reading allocates nothing per packet, with or
     * without a filter (the filter's slice of the buffer is scalar-replaced). Rounds are repeated
     * until the JIT has compiled the loop, at most 100.
     */
    @ParameterizedTest(name = "filter {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"", "ip or arp"})
    void readingAllocatesNothingPerPacket(String expression) throws Exception {
        Path file = TestEnvironment.corpus().resolve("example2.pcap");
        Optional<String> filter = expression.isEmpty() ? Optional.empty() : Optional.of(expression);
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 100 && allocated >= 1024; round++) {
            try (CaptureFile capture = CaptureFile.open(file, filter)) {
                long emptyWindow = Allocations.emptyWindow();
                long before = Allocations.currentThread();
                while (capture.advance()) {
                    continue;
                }
                allocated = Allocations.currentThread() - before - emptyWindow;
            }
        }
        assertTrue(allocated < 1024, allocated + " bytes allocated reading 4709 packets");
    }

    @Test
    void closedFilesRefuseToRead() throws Exception {
        CaptureFile capture = CaptureFile.open(TestEnvironment.corpus().resolve("sll2.pcap"));
        capture.close();
        capture.close();
        assertThrows(IllegalStateException.class, capture::advance);
    }
}
