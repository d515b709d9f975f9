// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.decode.DecodeStatus;
import dev.netlistener.capture.decode.DecoderRegistry;
import dev.netlistener.capture.decode.Malformation;
import dev.netlistener.capture.decode.ProtocolDecoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, items 4, 6 and 9: one exception in the consumer must neither stall nor corrupt a
 * capture, close() must not race the other calls, and a failed open must free what it opened.
 */
class CaptureRobustnessTest {
    private static final int COUNT = 20_000;

    /** UDP's decoder, failing on every tenth source port. */
    private static DecoderRegistry udpThatThrows(RuntimeException failure) {
        ProtocolDecoder udp = DecoderRegistry.standard().ipProtocol(DecoderRegistry.PROTOCOL_UDP);
        return DecoderRegistry.standard().registerIpProtocol(DecoderRegistry.PROTOCOL_UDP,
                (segment, offset, end, limit, packet, registry) -> {
                    udp.decode(segment, offset, end, limit, packet, registry);
                    if (packet.packet().sourcePort() % 10 == 0) {
                        throw failure;
                    }
                });
    }

    @Test
    void aDecoderThatThrowsCostsItsPacketsFieldsNotTheCapture(@TempDir Path dir) throws Exception {
        Path file = Fixtures.udpFile(dir.resolve("udp.pcap"), COUNT, 18);
        CaptureConfig config = CaptureConfig.builder()
                .decoders(() -> udpThatThrows(new IllegalStateException("decoder bug"))).build();
        try (Capture capture = Capture.open(file, config)) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(30)));
            PacketTable table = capture.get();
            assertEquals(COUNT, table.size(), "every packet once, none stale or repeated");
            for (int row = 0; row < COUNT; row++) {
                assertEquals(row, Fixtures.indexOf(table, row));
                boolean failed = Fixtures.sourcePort(row) % 10 == 0;
                assertEquals(failed ? DecodeStatus.MALFORMED : DecodeStatus.OK, table.status(row), "row " + row);
                if (failed) {
                    assertEquals(Malformation.DECODER_FAILED, table.malformation(row));
                }
            }
            assertEquals(COUNT / 10, capture.stats().malformed());
            assertTrue(capture.error().isEmpty());
        }
    }

    @Test
    void anErrorFromAHandlerLeavesThePollPositionRight(@TempDir Path dir) throws Exception {
        Path file = Fixtures.udpFile(dir.resolve("udp.pcap"), COUNT, 18);
        try (Capture capture = Capture.open(file, CaptureConfig.builder().delivery(Delivery.STREAM).build())) {
            BitSet seen = new BitSet(COUNT);
            int[] repeated = {0};
            int errors = 0;
            while (!capture.isInputEnded()) {
                try {
                    capture.poll(packet -> {
                        int index = packet.decoded().sourcePort() - Fixtures.sourcePort(0);
                        repeated[0] += seen.get(index) ? 1 : 0;
                        seen.set(index);
                        if (index % 997 == 0) {
                            throw new OutOfMemoryError("an Error no handler guard catches, on packet " + index);
                        }
                    }, 1000);
                } catch (OutOfMemoryError expected) {
                    errors++;
                }
            }
            assertEquals(0, repeated[0], "packets delivered twice");
            assertEquals(COUNT, seen.cardinality(), "every packet after " + errors + " errors");
            assertEquals((COUNT + 996) / 997, errors);
        }
    }

    @Test
    void aCaptureThreadThatDiesSaysSoThroughError(@TempDir Path dir) throws Exception {
        Path file = Fixtures.udpFile(dir.resolve("udp.pcap"), COUNT, 18);
        ProtocolDecoder udp = DecoderRegistry.standard().ipProtocol(DecoderRegistry.PROTOCOL_UDP);
        // An Error no decoder guard catches, on the 5000th packet: the capture thread dies.
        CaptureConfig config = CaptureConfig.builder().decoders(() -> DecoderRegistry.standard().registerIpProtocol(
                DecoderRegistry.PROTOCOL_UDP, (segment, offset, end, limit, packet, registry) -> {
                    udp.decode(segment, offset, end, limit, packet, registry);
                    if (packet.packet().sourcePort() == Fixtures.sourcePort(5_000)) {
                        throw new InternalError("simulated JVM failure");
                    }
                })).build();
        try (Capture capture = Capture.open(file, config)) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(30)), "the end is reported, not a silent stall");
            PcapException error = capture.error().orElseThrow();
            assertTrue(error.getMessage().contains("simulated JVM failure"), error.getMessage());
            assertEquals(5_000, capture.get().size(), "what came before stays readable");
        }
    }

    /** Issue 10, item 6: flows() racing close() threw NullPointerException. */
    @Test
    void flowsDuringCloseNeverFailsAndEveryFlowEndsExactlyOnce() throws Exception {
        Path file = TestEnvironment.corpus().resolve("DnsPackets.pcap");
        for (int run = 0; run < 200; run++) {
            Capture capture = Capture.open(file);
            assertTrue(capture.awaitEnd(Duration.ofSeconds(10)));
            AtomicLong endedPackets = new AtomicLong();
            Race.run(capture::close, () -> {
                for (int i = 0; i < 50; i++) {
                    endedPackets.addAndGet(packets(capture.flows().ended()));
                }
            });
            endedPackets.addAndGet(packets(capture.flows().ended()));
            assertEquals(464, endedPackets.get(), "run " + run + ": every packet's flow ends once");
        }
    }

    private static long packets(FlowTable flows) {
        return flows.flows().stream().mapToLong(Flow::packets).sum();
    }

    /** Issue 10, item 9: the decoders() supplier ran after the clean-up block, so a throw leaked everything. */
    @Test
    void aFailingDecoderSupplierLeavesNoOpenDescriptorBehind() throws Exception {
        TestEnvironment.requireLiveCapture();
        CaptureConfig config = CaptureConfig.builder().bufferSize(1 << 20).decoders(() -> {
            throw new IllegalStateException("the application's supplier failed");
        }).build();
        Capture.open("lo", CaptureConfig.builder().bufferSize(1 << 20).build()).close();
        long before = openDescriptors();
        for (int i = 0; i < 50; i++) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Capture.open("lo", config));
            assertEquals("the application's supplier failed", e.getMessage());
        }
        assertEquals(before, openDescriptors(), "each failed open closes its capture socket");
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors.count();
        }
    }

    /**
     * A pipe whose writer pauses mid-record: the capture thread waited for it in read(2) holding the
     * capture's lock, so flows() (and a sensor's publisher) hung, and the records already read
     * stayed unpublished until the writer went on.
     */
    @Test
    void aPipeWhoseWriterPausesHoldsNothingUp(@TempDir Path dir) throws Exception {
        byte[] bytes = Files.readAllBytes(TestEnvironment.corpus().resolve("DnsPackets.pcap"));
        int cut = 30_000;
        int whole = wholeRecordsIn(bytes, cut);
        Path fifo = dir.resolve("pausing.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        java.util.concurrent.CountDownLatch resume = new java.util.concurrent.CountDownLatch(1);
        Thread writer = Thread.ofPlatform().start(() -> {
            try (var out = Files.newOutputStream(fifo)) {
                out.write(bytes, 0, cut);
                out.flush();
                resume.await();
                out.write(bytes, cut, bytes.length - cut);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Capture capture = Capture.open(fifo)) {
            long rows = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (rows < whole) {
                assertTrue(System.nanoTime() < deadline, "only " + rows + " of the " + whole
                        + " whole records written so far were handed over while the writer paused");
                rows += capture.get().size();
                Thread.sleep(10);
            }
            FlowSnapshot[] flows = new FlowSnapshot[1];
            Thread asking = Thread.ofPlatform().start(() -> flows[0] = capture.flows());
            asking.join(5_000);
            assertTrue(flows[0] != null, "flows() answered while the writer paused");
            resume.countDown();
            assertTrue(capture.awaitEnd(Duration.ofSeconds(20)));
            rows += capture.get().size();
            assertEquals(464, rows, "then the rest");
        } finally {
            resume.countDown();
            writer.join();
        }
    }

    /** The whole pcap records (little-endian, 16-byte headers) within the first {@code length} bytes. */
    private static int wholeRecordsIn(byte[] pcap, int length) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(pcap).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int records = 0;
        for (int at = 24; at + 16 <= length && at + 16 + in.getInt(at + 8) <= length; at += 16 + in.getInt(at + 8)) {
            records++;
        }
        return records;
    }
}
