// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.decode.PacketDecoder;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OfflineCaptureTest {

    static Stream<Path> corpusFiles() {
        return TestEnvironment.corpusFiles().stream();
    }

    /** The table a file should give: every packet decoded directly, no engine in between. */
    static PacketTable decodeDirectly(Path file, List<String> localNetworks) throws Exception {
        LocalNetworks networks = LocalNetworks.parse(localNetworks);
        PacketDecoder decoder = new PacketDecoder();
        RowStore table = new RowStore();
        try (CaptureFile capture = CaptureFile.open(file)) {
            while (capture.advance()) {
                var packet = decoder.decode(capture.segment(), capture.dataOffset(), capture.capturedLength(),
                        capture.wireLength(), capture.linkType(), capture.timestampNanos());
                table.append(packet, Direction.of(networks, packet), capture.segment());
            }
        }
        table.publish();
        return table.take();
    }

    /** The table the engine gives for a whole file with the defaults (fragments get their datagram's ports). */
    static PacketTable captureWhole(Path file) throws Exception {
        try (Capture capture = Capture.open(file, CaptureConfig.defaults())) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(60)));
            return capture.get();
        }
    }

    static String csv(PacketTable table) {
        StringWriter out = new StringWriter();
        table.writeCsv(out);
        return out.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void aFileCaptureGivesEveryPacketDecodedOnceInOrder(Path file) throws Exception {
        List<String> local = List.of("192.168.0.0/16", "10.0.0.0/8", "fe80::/10");
        // The raw per-frame view is the decoder's exactly; FragmentPortsTest checks what fragments inherit.
        CaptureConfig config = CaptureConfig.builder().localNetworks(local).fragmentPorts(false).build();
        try (Capture capture = Capture.open(file, config)) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(60)));
            PacketTable table = capture.get();
            int frames = Manifest.frameCounts(file.getParent()).get(file.getFileName().toString());
            assertEquals(frames, table.size());
            assertEquals(csv(decodeDirectly(file, local)), csv(table));
            assertEquals(0, capture.get().size(), "nothing is returned twice");
            CaptureStats stats = capture.stats();
            assertEquals(frames, stats.captured());
            assertEquals(frames, stats.decoded());
            assertEquals(0, stats.dropped());
            assertTrue(capture.error().isEmpty());
            assertTrue(capture.isInputEnded());
        }
    }

    @Test
    void getFromOtherThreadsWhileCapturingReturnsEveryPacketExactlyOnce(@TempDir Path dir) throws Exception {
        int count = 1_000_000;
        Path file = Fixtures.udpFile(dir.resolve("udp.pcap"), count, 18);
        CaptureConfig config = CaptureConfig.builder().retention(count).build();
        ConcurrentLinkedQueue<PacketTable> tables = new ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicReference<Capture> shared = new java.util.concurrent.atomic.AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> readers = new ArrayList<>();
        // The readers are calling get() before the capture starts, so they race its whole run.
        for (int t = 0; t < 3; t++) {
            readers.add(Thread.ofPlatform().start(() -> {
                while (!done.get()) {
                    Capture capture = shared.get();
                    if (capture != null) {
                        tables.add(capture.get());
                    }
                }
            }));
        }
        try (Capture capture = Capture.open(file, config)) {
            shared.set(capture);
            assertTrue(capture.awaitEnd(Duration.ofSeconds(60)));
            done.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
            tables.add(capture.get());
            assertEquals(0, capture.stats().dropped(), capture.stats().toString());
        }
        BitSet seen = new BitSet(count);
        long rows = 0;
        for (PacketTable table : tables) {
            int previous = -1;
            for (int row = 0; row < table.size(); row++) {
                int index = Fixtures.indexOf(table, row);
                assertFalse(seen.get(index), "packet " + index + " returned twice");
                assertTrue(index > previous, "capture order within a table");
                assertEquals(Fixtures.sourcePort(index), table.sourcePort(row));
                seen.set(index);
                previous = index;
            }
            rows += table.size();
        }
        assertEquals(count, rows);
        assertEquals(count, seen.cardinality());
        assertTrue(tables.stream().filter(t -> !t.isEmpty()).count() > 1, "the readers saw capture in progress");
    }

    /** Issue 10, item 2: a file read into tables used to drop every row beyond the retention. */
    @Test
    void aFileWaitsForGetInsteadOfDroppingRowsBeyondTheRetention(@TempDir Path dir) throws Exception {
        int count = 50_000;
        Path file = Fixtures.udpFile(dir.resolve("udp.pcap"), count, 18);
        CaptureConfig config = CaptureConfig.builder().retention(1_000).build();
        try (Capture capture = Capture.open(file, config)) {
            assertFalse(capture.awaitEnd(Duration.ofMillis(300)), "the reader waits for get()");
            assertEquals(1_000, capture.stats().captured(), "it read as far as the retention");
            int next = 0;
            while (next < count) {
                PacketTable table = capture.get();
                assertTrue(table.size() <= 1_000, "never more waiting than the retention: " + table.size());
                for (int row = 0; row < table.size(); row++, next++) {
                    assertEquals(next, Fixtures.indexOf(table, row));
                }
                if (table.isEmpty()) {
                    Thread.sleep(1);
                }
            }
            assertTrue(capture.awaitEnd(Duration.ofSeconds(10)));
            assertEquals(0, capture.get().size());
            CaptureStats stats = capture.stats();
            assertEquals(count, stats.captured());
            assertEquals(0, stats.dropped(), stats.toString());
        }
    }

    /** With STREAM delivery nothing reads until the application polls: a file simply waits. */
    @Test
    void aStreamCaptureReadsTheFileOnlyWhenPolled(@TempDir Path dir) throws Exception {
        int count = 100_000;
        Path file = Fixtures.udpFile(dir.resolve("udp.pcap"), count, 200);
        CaptureConfig config = CaptureConfig.builder().delivery(Delivery.STREAM).build();
        try (Capture capture = Capture.open(file, config)) {
            Thread.sleep(200);
            assertEquals(0, capture.stats().captured(), "nothing is read in the background");
            int[] delivered = {0};
            while (capture.poll(packet -> delivered[0]++, 1000) > 0 || !capture.isInputEnded()) {
                // the loop the javadoc of poll() recommends
            }
            assertEquals(count, delivered[0]);
            assertEquals(0, capture.stats().dropped());
        }
    }

    /**
     * Issue 10, item 1: the natural end-of-input loop over a small file used to lose every packet
     * in some runs (its only batch was handed over just before the ended flag was set).
     */
    @Test
    void theNaturalPollLoopNeverMissesTheLastPackets() throws Exception {
        Path file = TestEnvironment.corpus().resolve("DnsPackets.pcap");
        CaptureConfig config = CaptureConfig.builder().delivery(Delivery.STREAM).build();
        for (int run = 0; run < 50; run++) {
            int[] delivered = {0};
            try (Capture capture = Capture.open(file, config)) {
                while (true) {
                    int n = capture.poll(packet -> delivered[0]++, 4096);
                    if (n == 0 && capture.isInputEnded()) {
                        break;
                    }
                }
            }
            assertEquals(464, delivered[0], "run " + run);
        }
    }

    /** Issue 10, item 3: awaitEnd() never returned for a STREAM file larger than the old ring. */
    @Test
    void awaitEndReturnsOnceAnotherThreadHasPolledAFileToItsEnd(@TempDir Path dir) throws Exception {
        int count = 200_000;
        Path file = Fixtures.udpFile(dir.resolve("udp.pcap"), count, 200);
        try (Capture capture = Capture.open(file, CaptureConfig.builder().delivery(Delivery.STREAM).build())) {
            long[] delivered = {0};
            Thread poller = Thread.ofPlatform().start(() -> {
                while (capture.poll(packet -> delivered[0]++, 4096) > 0 || !capture.isInputEnded()) {
                    Thread.onSpinWait();
                }
            });
            assertTrue(capture.awaitEnd(Duration.ofSeconds(60)));
            poller.join();
            assertEquals(count, delivered[0]);
        }
    }

    @Test
    void pollHandsOverEveryPacketAndCountsHandlerErrors(@TempDir Path dir) throws Exception {
        int count = 20_000;
        Path file = Fixtures.udpFile(dir.resolve("udp.pcap"), count, 18);
        CaptureConfig config = CaptureConfig.builder().delivery(Delivery.STREAM).build();
        try (Capture capture = Capture.open(file, config)) {
            BitSet seen = new BitSet(count);
            long[] bytes = {0};
            int handed;
            do {
                handed = capture.poll(packet -> {
                    int port = packet.decoded().sourcePort();
                    seen.set(port - 1024);
                    bytes[0] += packet.data().byteSize();
                    if (port % 10 == 0) {
                        throw new IllegalStateException("handler failure for port " + port);
                    }
                }, 777);
            } while (handed > 0 || !capture.isInputEnded());
            assertEquals(count, seen.cardinality());
            assertEquals((long) count * 60, bytes[0]);
            assertEquals(count / 10, capture.stats().handlerErrors());
            assertTrue(capture.lastHandlerError().orElseThrow().getMessage().startsWith("handler failure"));
        }
    }

    @Test
    void pollIsRefusedWhenTablesAreDelivered() throws Exception {
        try (Capture capture = Capture.open(TestEnvironment.corpus().resolve("sll2.pcap"))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> capture.poll(p -> { }, 1));
            assertTrue(e.getMessage().contains("Delivery.STREAM"));
        }
    }

    @Test
    void getInStreamModeReadsTheFileIntoATableOnThisThread() throws Exception {
        Path file = TestEnvironment.corpus().resolve("DnsPackets.pcap");
        try (Capture capture = Capture.open(file, CaptureConfig.builder().delivery(Delivery.STREAM).build())) {
            PacketTable table = capture.get();
            assertEquals(464, table.size());
            assertEquals(csv(decodeDirectly(file, List.of())), csv(table));
            assertTrue(capture.isInputEnded());
            assertEquals(0, capture.get().size());
        }
    }

    @Test
    void getInStreamModeReadsAtMostTheRetentionPerCall(@TempDir Path dir) throws Exception {
        Path file = Fixtures.udpFile(dir.resolve("udp.pcap"), 2_500, 18);
        CaptureConfig config = CaptureConfig.builder().delivery(Delivery.STREAM).retention(1_000).build();
        try (Capture capture = Capture.open(file, config)) {
            assertEquals(List.of(1_000, 1_000, 500, 0), List.of(capture.get().size(), capture.get().size(),
                    capture.get().size(), capture.get().size()));
            assertTrue(capture.isInputEnded());
        }
    }

    @Test
    void aTruncatedFileSetsErrorAndKeepsWhatCameBefore(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(TestEnvironment.corpus().resolve("DnsPackets.pcap"));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        try (Capture capture = Capture.open(cut)) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(30)));
            assertTrue(capture.error().isPresent());
            assertTrue(capture.error().get().getMessage().contains("corrupt or truncated"));
            PacketTable table = capture.get();
            assertTrue(table.size() > 100 && table.size() < 464, "rows before the cut: " + table.size());
        }
    }

    /** Ethernet with VLAN tags, and raw IP (file link type 101, which libpcap writes as DLT_RAW). */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"VlanPackets.pcap", "raw_ip.pcap"})
    void writesEveryPacketToAPcapFileWhileCapturing(String name, @TempDir Path dir) throws Exception {
        Path source = TestEnvironment.corpus().resolve(name);
        Path copy = dir.resolve("copy.pcap");
        try (Capture capture = Capture.open(source, CaptureConfig.builder().writeTo(copy).build())) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(30)));
        }
        assertEquals(csv(decodeDirectly(source, List.of())), csv(decodeDirectly(copy, List.of())));
    }

    @Test
    void aPcapFileGetsOnlyThePacketsOfItsLinkTypeFromAMixedPcapng(@TempDir Path dir) throws Exception {
        Path source = TestEnvironment.corpus().resolve("pcapng-example.pcapng");
        Path copy = dir.resolve("ethernet-only.pcap");
        CaptureConfig config = CaptureConfig.builder().writeTo(copy).writeFormat(CaptureFile.Format.PCAP).build();
        try (Capture capture = Capture.open(source, config)) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(30)));
            assertEquals(159, capture.get().size());
            assertEquals(100, capture.stats().leftOutOfFile(), "the cooked packets, counted");
        }
        try (CaptureFile written = CaptureFile.open(copy)) {
            assertEquals(dev.netlistener.pcap.LibPcap.DLT_EN10MB, written.fileLinkType());
            int packets = 0;
            while (written.advance()) {
                packets++;
            }
            assertEquals(59, packets, "the 59 Ethernet packets; the 100 cooked ones are left out");
        }
    }

    @Test
    void closeIsIdempotentAndGetAfterCloseReturnsWhatWasCollected() throws Exception {
        Capture capture = Capture.open(TestEnvironment.corpus().resolve("example2.pcap"));
        assertTrue(capture.awaitEnd(Duration.ofSeconds(30)));
        capture.close();
        capture.close();
        assertEquals(4709, capture.get().size());
        assertEquals(0, capture.get().size());
    }

    @Test
    void directionFollowsTheLocalNetworks(@TempDir Path dir) throws Exception {
        Path file = Fixtures.udpFile(dir.resolve("udp.pcap"), 3, 4);
        for (var expectation : List.of(
                List.of("10.0.0.1/32", "UP"), List.of("10.0.0.2/32", "DOWN"),
                List.of("10.0.0.0/24", "LOCAL"), List.of("192.168.0.0/16", "UNKNOWN"))) {
            CaptureConfig config = CaptureConfig.builder().localNetworks(List.of(expectation.get(0))).build();
            try (Capture capture = Capture.open(file, config)) {
                assertTrue(capture.awaitEnd(Duration.ofSeconds(10)));
                PacketTable table = capture.get();
                assertEquals(Direction.valueOf(expectation.get(1)), table.direction(0), expectation.toString());
            }
        }
    }

    @Test
    void badLocalNetworksAreRejectedNamingThem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CaptureConfig.builder().localNetworks(List.of("10.0.0.0/33")));
        assertTrue(e.getMessage().contains("10.0.0.0/33"));
    }
}
