// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.pcap.LibPcap;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CaptureConfig.Builder#writeTo}: what a capture writes, and what it says when it cannot. */
class WriteToTest {

    private static CaptureStats copy(Path source, CaptureConfig config) throws Exception {
        Capture capture = Capture.open(source, config);
        try (capture) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(30)));
        }
        return capture.stats();
    }

    @Test
    void aFullDiskStopsTheCaptureWithTheErrorAndTheFileEndsCleanly(@TempDir Path dir) throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), "size=100k")) {
            Path file = disk.resolve("copy.pcap");
            Capture capture = Capture.open(TestEnvironment.corpus().resolve("example2.pcap"),
                    CaptureConfig.builder().writeTo(file).build());
            try (capture) {
                assertTrue(capture.awaitEnd(Duration.ofSeconds(30)));
            }
            assertTrue(capture.error().isPresent(), "the write failure is the capture's error");
            String message = capture.error().get().getMessage();
            assertTrue(message.contains("No space left on device"), message);
            int packets = PcapWriterTest.readWithLibpcap(file).size();
            assertTrue(packets > 0 && packets < 4709, packets + " packets in 100 KB");
            assertEquals(packets, capture.stats().writtenToFile(), "the counter says what the file holds");
            assertTrue(message.contains("holds the " + packets + " packets"), message);
        }
    }

    /** A capture's file holds what was consumed before it is closed: a live capture's file grows as it goes. */
    @Test
    void theFileHoldsEveryConsumedPacketBeforeTheCaptureCloses(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("copy.pcap");
        CaptureConfig config = CaptureConfig.builder().delivery(Delivery.STREAM).writeTo(copy).build();
        try (Capture capture = Capture.open(TestEnvironment.corpus().resolve("DnsPackets.pcap"), config)) {
            int polled = 0;
            for (int taken; (taken = capture.poll(packet -> { }, 1000)) > 0 || !capture.isInputEnded(); ) {
                polled += taken;
            }
            assertEquals(464, polled);
            assertEquals(464, PcapWriterTest.readWithLibpcap(copy).size());
        }
    }

    /** A pcapng input with no interface has no link type, and no packets: its copies are empty, in either format. */
    @Test
    void aPcapngInputWithoutInterfacesGivesAnEmptyCopy(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("no-interfaces.pcapng");
        ByteBuffer shb = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
        shb.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1)
                .putInt(28);
        Files.write(source, shb.array());
        for (CaptureFile.Format format : CaptureFile.Format.values()) {
            Path copy = dir.resolve("copy-" + format);
            CaptureStats stats = copy(source, CaptureConfig.builder().writeTo(copy).writeFormat(format).build());
            assertEquals(0, stats.writtenToFile());
            assertEquals(List.of(), PcapWriterTest.read(copy), format.toString());
        }
    }

    @Test
    void devFullFailsToOpen() {
        PcapException e = assertThrows(PcapException.class, () -> Capture.open(
                TestEnvironment.corpus().resolve("DnsPackets.pcap"),
                CaptureConfig.builder().writeTo(Path.of("/dev/full")).build()));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
    }

    /** A pcapng input may mix link types, which only pcapng can keep: it is written as pcapng, whatever the name. */
    @Test
    void aMixedPcapngInputIsWrittenWhole(@TempDir Path dir) throws Exception {
        Path source = TestEnvironment.corpus().resolve("pcapng-example.pcapng");
        Path copy = dir.resolve("copy.pcap");
        CaptureStats stats = copy(source, CaptureConfig.builder().writeTo(copy).build());
        assertEquals(159, stats.writtenToFile());
        assertEquals(0, stats.leftOutOfFile());
        assertEquals(linkTypes(source), linkTypes(copy));
        assertEquals(159, Tshark.frames(copy).size());
    }

    @Test
    void aPcapFileCountsThePacketsItLeavesOut(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("copy.pcap");
        CaptureStats stats = copy(TestEnvironment.corpus().resolve("pcapng-example.pcapng"),
                CaptureConfig.builder().writeTo(copy).writeFormat(CaptureFile.Format.PCAP).build());
        assertEquals(59, stats.writtenToFile());
        assertEquals(100, stats.leftOutOfFile());
        assertEquals(59, PcapWriterTest.readWithLibpcap(copy).size());
    }

    @Test
    void aPcapngNameMeansPcapng(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("copy.pcapng");
        copy(TestEnvironment.corpus().resolve("DnsPackets.pcap"), CaptureConfig.builder().writeTo(copy).build());
        try (CaptureFile written = CaptureFile.open(copy)) {
            assertEquals(CaptureFile.Format.PCAPNG, written.format());
        }
        assertEquals(464, PcapWriterTest.readWithLibpcap(copy).size());
    }

    /**
     * A file whose record is longer than tcpdump and tshark accept (300,000 bytes here): reading
     * stops there, as theirs does, with the error, and the copy holds every packet before it and
     * stays readable (PcapWriterTest cuts such a record when it is written directly).
     */
    @Test
    void aRecordLongerThanReadersAcceptStopsTheCopyCleanly(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("long-record.pcap");
        ByteBuffer file = ByteBuffer.allocate(24 + 16 + 60 + 16 + 300_000).order(ByteOrder.LITTLE_ENDIAN);
        file.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262_144)
                .putInt(LibPcap.DLT_EN10MB);
        file.putInt(1_700_000_000).putInt(0).putInt(60).putInt(60).put(new byte[60]);
        file.putInt(1_700_000_001).putInt(0).putInt(300_000).putInt(300_000);
        Files.write(source, file.array());
        Path copy = dir.resolve("copy.pcap");
        Capture capture = Capture.open(source, CaptureConfig.builder().writeTo(copy).build());
        try (capture) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(30)));
        }
        assertTrue(capture.error().orElseThrow().getMessage().contains("300000"), capture.error().get().getMessage());
        assertEquals(1, capture.stats().writtenToFile());
        Process tcpdump = new ProcessBuilder("tcpdump", "-r", copy.toString()).redirectErrorStream(true).start();
        String said = new String(tcpdump.getInputStream().readAllBytes());
        assertEquals(0, tcpdump.waitFor(), said);
        assertEquals(1, PcapWriterTest.readWithLibpcap(copy).size());
    }

    private static Map<Integer, Integer> linkTypes(Path file) throws PcapException {
        Map<Integer, Integer> counts = new TreeMap<>();
        for (PcapWriterTest.Packet packet : PcapWriterTest.read(file)) {
            counts.merge(packet.linkType(), 1, Integer::sum);
        }
        return counts;
    }
}
