// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.pcap.LibPcap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OfflineHandleTest {

    static Stream<Path> corpusFiles() {
        return TestEnvironment.corpusFiles().stream();
    }

    /** pcapng files whose interfaces mix link types: libpcap 1.10 refuses them part-way. */
    private static final java.util.Set<String> MIXED_LINK_TYPES =
            java.util.Set.of("many_interfaces-1.pcapng", "pcapng-example.pcapng");

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void libpcapReadsEveryFrameTheManifestCounts(Path file) throws Exception {
        Map<String, Integer> expected = Manifest.frameCounts(file.getParent());
        Integer frames = expected.get(file.getFileName().toString());
        assertTrue(frames != null, "MANIFEST.md has no row for " + file.getFileName());
        int count = 0;
        try (PcapHandle handle = PcapHandle.openOffline(file)) {
            assertTrue(handle.isOffline());
            RawPacket packet = new RawPacket();
            ReadResult result;
            while ((result = handle.next(packet)) == ReadResult.PACKET) {
                assertEquals(packet.capturedLength(), packet.data().byteSize());
                assertEquals(handle.linkType(), packet.linkType());
                count++;
            }
            assertEquals(ReadResult.END, result);
        } catch (PcapException e) {
            assertTrue(MIXED_LINK_TYPES.contains(file.getFileName().toString()), e.getMessage());
            assertTrue(e.hint().contains("CaptureFile"), e.getMessage());
            return;
        }
        assertEquals(frames, count, file.getFileName().toString());
    }

    @Test
    void allManifestFilesArePresent() {
        Path corpus = TestEnvironment.corpus();
        Map<String, Integer> expected = Manifest.frameCounts(corpus);
        assertEquals(36, expected.size(), "MANIFEST.md lists 36 captures");
        for (String name : expected.keySet()) {
            assertTrue(Files.isRegularFile(corpus.resolve(name)), name);
        }
    }

    @Test
    void reportsLinkTypeAndNanosecondTimestamps() throws Exception {
        Path corpus = TestEnvironment.corpus();
        try (PcapHandle handle = PcapHandle.openOffline(corpus.resolve("sll2.pcap"))) {
            assertEquals(LibPcap.DLT_LINUX_SLL2, handle.linkType());
            assertEquals("LINUX_SLL2", handle.linkTypeName());
            assertEquals(TimestampPrecision.NANO, handle.timestampPrecision());
        }
        try (PcapHandle handle = PcapHandle.openOffline(corpus.resolve("raw_ip.pcap"))) {
            assertEquals(LibPcap.DLT_RAW, handle.linkType(), "LINKTYPE_RAW 101 in the file reads as DLT_RAW");
        }
        // tshark: frame 1 of nanosecs_big_endian.pcap is at 1455555718.651806010
        try (PcapHandle handle = PcapHandle.openOffline(corpus.resolve("nanosecs_big_endian.pcap"))) {
            RawPacket packet = new RawPacket();
            assertEquals(ReadResult.PACKET, handle.next(packet));
            assertEquals(firstTimestamp(corpus.resolve("nanosecs_big_endian.tshark.csv")), packet.timestampNanos());
        }
    }

    private static long firstTimestamp(Path csv) throws Exception {
        String row = Files.readAllLines(csv).get(1);
        String epoch = row.split(",")[1].replace("\"", "");
        String[] parts = epoch.split("\\.");
        return Long.parseLong(parts[0]) * 1_000_000_000L + Long.parseLong(parts[1]);
    }

    @Test
    void filtersAFileWithBpf() throws Exception {
        Path file = TestEnvironment.corpus().resolve("DnsPackets.pcap");
        int all = count(file, CaptureConfig.defaults());
        int ipv6 = count(file, CaptureConfig.builder().filter("ip6").build());
        assertEquals(464, all);
        assertEquals(15, ipv6, "the manifest says 15 of the DNS frames are IPv6");
    }

    private static int count(Path file, CaptureConfig config) throws Exception {
        int count = 0;
        try (PcapHandle handle = PcapHandle.openOffline(file, config)) {
            RawPacket packet = new RawPacket();
            while (handle.next(packet) == ReadResult.PACKET) {
                count++;
            }
        }
        return count;
    }

    @Test
    void aMissingFileSaysWhereItLooked(@TempDir Path dir) {
        Path missing = dir.resolve("nothing-here.pcap");
        PcapException e = assertThrows(PcapException.class, () -> PcapHandle.openOffline(missing));
        assertEquals(PcapStatus.ERROR, e.status());
        assertTrue(e.libpcapMessage().contains("No such file"), e.getMessage());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void aCorruptFileIsAnErrorNotACrash(@TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("garbage.pcap");
        Files.write(garbage, "this is not a capture file at all, just text".getBytes());
        PcapException e = assertThrows(PcapException.class, () -> PcapHandle.openOffline(garbage));
        assertTrue(e.libpcapMessage().contains("unknown file format"), e.getMessage());
        assertTrue(e.hint().contains("pcap or pcapng"), e.getMessage());
    }

    @Test
    void aTruncatedFileEndsWithAnErrorAfterItsWholePackets(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(TestEnvironment.corpus().resolve("DnsPackets.pcap"));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        try (PcapHandle handle = PcapHandle.openOffline(cut)) {
            RawPacket packet = new RawPacket();
            int count = 0;
            PcapException failure = null;
            try {
                while (handle.next(packet) == ReadResult.PACKET) {
                    count++;
                }
            } catch (PcapException e) {
                failure = e;
            }
            assertTrue(count > 100 && count < 464, "read " + count);
            assertTrue(failure != null && failure.libpcapMessage().contains("truncated"),
                    "libpcap reports the cut: " + failure);
        }
    }

    @Test
    void anUnreadableFileIsAnError(@TempDir Path dir) {
        PcapException e = assertThrows(PcapException.class, () -> PcapHandle.openOffline(dir));
        assertTrue(e.hint().contains("directory"), e.getMessage());
    }

    @Test
    void aBadFilterGivesLibpcapsMessageAndTheText() throws Exception {
        Path file = TestEnvironment.corpus().resolve("DnsPackets.pcap");
        PcapException e = assertThrows(PcapException.class,
                () -> PcapHandle.openOffline(file, CaptureConfig.builder().filter("udp prot 53").build()));
        assertTrue(e.getMessage().contains("'udp prot 53'"), e.getMessage());
        assertTrue(e.libpcapMessage().contains("syntax error"), e.getMessage());
    }

    @Test
    void offlineHandlesHaveNoStatistics() throws Exception {
        try (PcapHandle handle = PcapHandle.openOffline(TestEnvironment.corpus().resolve("sll2.pcap"))) {
            PcapException e = assertThrows(PcapException.class, handle::stats);
            assertTrue(e.hint().contains("no statistics"), e.getMessage());
        }
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseFailsClearly() throws Exception {
        PcapHandle handle = PcapHandle.openOffline(TestEnvironment.corpus().resolve("sll2.pcap"));
        handle.close();
        handle.close();
        handle.breakLoop();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> handle.next(new RawPacket()));
        assertTrue(e.getMessage().contains("closed"));
    }
}
