// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LiveCaptureTest {

    @BeforeAll
    static void needsLiveCapture() {
        TestEnvironment.requireLiveCapture();
    }

    @Test
    void capturesLoopbackUdpIntoTables() throws Exception {
        int datagrams = 200;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            CaptureConfig config = CaptureConfig.builder().filter("udp dst port " + port).build();
            try (Capture capture = Capture.open("lo", config)) {
                for (int i = 0; i < datagrams; i++) {
                    byte[] payload = new byte[10 + i % 50];
                    socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
                }
                List<PacketTable> tables = collect(capture, datagrams, Duration.ofSeconds(10));
                assertEquals(datagrams, rows(tables));
                int sent = 0;
                for (PacketTable table : tables) {
                    for (int row = 0; row < table.size(); row++, sent++) {
                        assertDatagram(table, row, port, sent);
                    }
                }
                assertEquals(0, capture.stats().dropped(), capture.stats().toString());
            }
        }
    }

    private static void assertDatagram(PacketTable table, int row, int port, int sent) {
        assertEquals(0x0800, table.etherType(row));
        assertEquals("127.0.0.1", table.sourceIpText(row));
        assertEquals("127.0.0.1", table.destinationIpText(row));
        assertEquals(17, table.protocol(row));
        assertEquals(port, table.destinationPort(row));
        assertEquals(port, table.sourcePort(row));
        assertEquals(42 + 10 + sent % 50, table.wireLength(row));
        assertEquals(Direction.LOCAL, table.direction(row), "lo's own network is local");
    }

    /** get() until {@code expected} rows arrived or the time is up; every table, in order. */
    private static List<PacketTable> collect(Capture capture, int expected, Duration timeout) throws Exception {
        List<PacketTable> tables = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        int rows = 0;
        while (rows < expected && System.nanoTime() < deadline) {
            PacketTable table = capture.get();
            tables.add(table);
            rows += table.size();
            Thread.sleep(20);
        }
        return tables;
    }

    private static int rows(List<PacketTable> tables) {
        return tables.stream().mapToInt(PacketTable::size).sum();
    }

    /** The CSV rows of the tables, without the header and the timestamp column (live times differ from a file's). */
    private static String withoutTimestamps(List<PacketTable> tables) {
        StringBuilder rows = new StringBuilder();
        for (PacketTable table : tables) {
            StringWriter out = new StringWriter();
            table.writeCsv(out, false);
            out.toString().lines().forEach(line -> rows.append(line, line.indexOf(',') + 1, line.length()).append('\n'));
        }
        return rows.toString();
    }

    @Test
    void getFromSeveralThreadsDuringLiveCaptureReturnsEverythingSentOnce() throws Exception {
        int datagrams = 20_000;
        int firstPort = 20_000;
        CaptureConfig config = CaptureConfig.builder()
                .filter("udp and dst host 127.0.0.1 and dst portrange " + firstPort + "-" + (firstPort + datagrams - 1))
                .build();
        java.util.concurrent.ConcurrentLinkedQueue<PacketTable> tables = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        try (Capture capture = Capture.open("lo", config);
             DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                readers.add(Thread.ofPlatform().start(() -> {
                    while (!done.get()) {
                        tables.add(capture.get());
                    }
                }));
            }
            // Each datagram goes to its own port, so every packet is recognisable in the tables.
            for (int i = 0; i < datagrams; i++) {
                socket.send(new DatagramPacket(new byte[16], 16, InetAddress.getLoopbackAddress(), firstPort + i));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (capture.stats().decoded() < datagrams && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            done.set(true);
            for (Thread reader : readers) {
                reader.join();
            }
            tables.add(capture.get());
            assertEquals(0, capture.stats().dropped(), capture.stats().toString());
        }
        java.util.BitSet seen = new java.util.BitSet(datagrams);
        for (PacketTable table : tables) {
            for (int row = 0; row < table.size(); row++) {
                int index = table.destinationPort(row) - firstPort;
                assertTrue(!seen.get(index), "datagram " + index + " returned twice");
                seen.set(index);
            }
        }
        assertEquals(datagrams, seen.cardinality(), "every datagram sent, in some table");
        assertTrue(tables.stream().filter(t -> !t.isEmpty()).count() > 1, "the readers saw capture in progress");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"example2.pcap", "VlanPackets.pcap", "arp-oobr.pcap", "ip-frag.pcap"})
    void replayedIntoANamespaceEveryPacketIsCapturedOnceAndDecodesAsOffline(String name) throws Exception {
        Path file = TestEnvironment.corpus().resolve(name);
        int frames = Manifest.frameCounts(file.getParent()).get(name);
        try (VethPair pair = VethPair.create();
             Capture capture = Capture.open(pair.hostDevice(), CaptureConfig.defaults())) {
            pair.replay(file);
            List<PacketTable> tables = collect(capture, frames, Duration.ofSeconds(30));
            Thread.sleep(300);
            PacketTable late = capture.get();
            assertEquals(0, late.size(), "no packet beyond the file's: " + late);
            assertEquals(frames, rows(tables), capture.stats().toString());
            assertEquals(withoutTimestamps(List.of(OfflineCaptureTest.captureWhole(file))), withoutTimestamps(tables));
            assertEquals(0, capture.stats().dropped());
        }
    }

    @Test
    void deletingTheDeviceSetsErrorAndKeepsEarlierData() throws Exception {
        Path file = TestEnvironment.corpus().resolve("DnsPackets.pcap");
        try (VethPair pair = VethPair.create();
             Capture capture = Capture.open(pair.hostDevice(), CaptureConfig.defaults())) {
            pair.replay(file);
            assertEquals(464, rows(collect(capture, 464, Duration.ofSeconds(20))));
            pair.replay(file);
            Thread.sleep(200);
            pair.deleteLink();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (capture.error().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(capture.error().isPresent(), "error() reports the vanished device");
            assertTrue(capture.isInputEnded());
            assertTrue(capture.awaitEnd(Duration.ofSeconds(10)));
            assertEquals(464, capture.get().size(), "the second replay, captured before the device went");
        }
    }

    /**
     * With STREAM delivery nothing reads in the background: packets the application does not poll
     * wait in the kernel's buffer, which drops and counts what does not fit; memory never grows.
     */
    @Test
    void packetsNotPolledWaitInTheKernelBufferWhichCountsWhatItDrops() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            CaptureConfig config = CaptureConfig.builder().delivery(Delivery.STREAM).bufferSize(1 << 20)
                    .filter("udp dst port " + port).build();
            try (Capture capture = Capture.open("lo", config)) {
                byte[] payload = new byte[1000];
                int sent = 20_000;
                for (int i = 0; i < sent; i++) {
                    socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
                }
                Thread.sleep(300);
                assertEquals(0, capture.stats().captured(), "nothing is read until the application polls");
                int kept = 0;
                int handed;
                while ((handed = capture.poll(packet -> { }, 1000)) > 0) {
                    kept += handed;
                }
                CaptureStats stats = capture.stats();
                assertTrue(stats.droppedByKernel() > 0, stats.toString());
                // On lo the kernel hands the socket each datagram twice, leaving and arriving, and
                // counts both; libpcap skips the outgoing copy of what the buffer kept.
                assertEquals(2L * sent, stats.received(), stats.toString());
                assertEquals(stats.received() - stats.droppedByKernel(), 2L * kept, stats.toString());
                // 1 MiB of kernel buffer holds well under 2000 frames of 1042 bytes.
                assertTrue(kept < 2_000, "the kernel buffer held " + kept + " packets");
            }
        }
    }

    /**
     * A live table capture whose application never calls get(): past the retention (and a
     * second's patience) rows are dropped and counted, but every packet is still read, decoded
     * and counted into the flow table, so the kernel drops nothing for the slow consumer.
     */
    @Test
    void pastTheRetentionOnlyRowsAreDroppedEveryPacketStillCountsInFlows() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            CaptureConfig config = CaptureConfig.builder().retention(1_000).filter("udp dst port " + port).build();
            try (Capture capture = Capture.open("lo", config)) {
                int sent = 5_000;
                for (int i = 0; i < sent; i++) {
                    socket.send(new DatagramPacket(new byte[32], 32, InetAddress.getLoopbackAddress(), port));
                    if (i % 1000 == 999) {
                        Thread.sleep(400);
                    }
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (capture.stats().captured() < sent && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                CaptureStats stats = capture.stats();
                assertEquals(sent, stats.captured(), stats.toString());
                assertEquals(0, stats.droppedByKernel(), stats.toString());
                assertEquals(sent - 1_000, stats.droppedByRetention(), stats.toString());
                assertEquals(1_000, capture.get().size(), "the oldest rows are kept");
                assertEquals(sent, capture.flows().all().flows().stream().mapToLong(Flow::packets).sum());
            }
        }
    }

    @Test
    void closeDuringHeavyCaptureDoesNotHang() throws Exception {
        AtomicBoolean sending = new AtomicBoolean(true);
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            Thread sender = Thread.ofPlatform().start(() -> {
                byte[] payload = new byte[64];
                while (sending.get()) {
                    try {
                        socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), port));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            Capture capture = Capture.open("lo", CaptureConfig.builder().filter("udp port " + port).build());
            Thread.sleep(500);
            // Under load, close() must not hang (waiting for a reader that never yields, say).
            assertTimeoutPreemptively(Duration.ofSeconds(30), capture::close);
            sending.set(false);
            sender.join();
            assertTrue(capture.get().size() > 0, "what was captured before close() is still there");
        }
    }
}
