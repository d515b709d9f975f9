package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.pcap.LibPcap;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
        Path file = TestEnvironment.corpus().resolve("nanosecs_big_endian.pcap");
        try (CaptureFile mine = CaptureFile.open(file); PcapHandle libpcap = PcapHandle.openOffline(file)) {
            RawPacket a = new RawPacket();
            RawPacket b = new RawPacket();
            while (mine.next(a)) {
                assertEquals(ReadResult.PACKET, libpcap.next(b));
                assertArrayEquals(b.data().toArray(ValueLayout.JAVA_BYTE), a.data().toArray(ValueLayout.JAVA_BYTE));
                assertEquals(b.timestampNanos(), a.timestampNanos());
                assertEquals(b.wireLength(), a.wireLength());
            }
            assertEquals(ReadResult.END, libpcap.next(b));
        }
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
                .contains("unknown file format"));
        Path empty = dir.resolve("empty.pcap");
        Files.write(empty, new byte[0]);
        assertThrows(PcapException.class, () -> CaptureFile.open(empty));
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

    @Test
    void closedFilesRefuseToRead() throws Exception {
        CaptureFile capture = CaptureFile.open(TestEnvironment.corpus().resolve("sll2.pcap"));
        capture.close();
        capture.close();
        assertThrows(IllegalStateException.class, capture::advance);
    }
}
