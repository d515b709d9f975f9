// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import dev.netlistener.capture.Direction;
import dev.netlistener.capture.Flow;
import dev.netlistener.capture.FlowEnd;
import dev.netlistener.capture.FlowTable;
import dev.netlistener.capture.Fixtures;
import dev.netlistener.capture.PacketTable;
import dev.netlistener.capture.TestEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Publishing to the real broker of scripts/kafka-broker, read back by a plain Kafka consumer. */
class KafkaSinkTest {
    @RegisterExtension
    static final KafkaBrokerProcess broker = new KafkaBrokerProcess();

    @Test
    void publishesEveryPacketOfACorpusFileInBatchesWithoutGaps() throws Exception {
        Path file = TestEnvironment.corpus().resolve("DnsPackets.pcap");
        PacketTable expected = everyPacket(file);
        KafkaSinkConfig config = KafkaSinkConfig.builder(broker.bootstrap(), "dns-sensor").device(file.toString())
                .packetsTopic("dns-packets").flowsTopic("dns-flows").waitWhenFull(true).build();
        long flowsEnded;
        try (KafkaSink sink = KafkaSink.open(config)) {
            flowsEnded = publishFile(file, sink);
            assertTrue(sink.flush(Duration.ofMinutes(2)), "the sink's buffer emptied");
            KafkaSinkStats stats = sink.stats();
            assertEquals(expected.size(), stats.packets(), "packets acknowledged");
            assertEquals(flowsEnded, stats.flows(), "flows acknowledged");
            assertEquals(0, stats.dropped(), "nothing dropped: " + sink.error().orElse(""));
        }

        List<TopicRecords.Received> batches = TopicRecords.readAll(broker.bootstrap(), "dns-packets");
        assertTrue(batches.size() > 1, "a small retention makes several batches, got " + batches.size());
        List<Long> timestamps = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            TopicRecords.Received batch = batches.get(i);
            assertEquals(i, batch.sequence(), "sequence numbers in order, without gaps");
            assertEquals("dns-sensor", batch.header(KafkaRecords.SENSOR));
            assertEquals(file.toString(), batch.header(KafkaRecords.DEVICE));
            assertEquals(KafkaRecords.PACKETS_SCHEMA, batch.header(KafkaRecords.SCHEMA));
            List<Long> rows = ArrowBatches.timestamps(batch.value());
            assertEquals(Integer.parseInt(batch.header(KafkaRecords.ROWS)), rows.size(), "the rows header counts the rows");
            timestamps.addAll(rows);
        }
        List<Long> expectedTimestamps = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            expectedTimestamps.add(expected.timestampNanos(i));
        }
        assertEquals(expectedTimestamps, timestamps, "every packet arrived once, in capture order");

        List<TopicRecords.Received> flows = TopicRecords.readAll(broker.bootstrap(), "dns-flows");
        assertEquals(flowsEnded, flows.size(), "one record per ended flow");
        Set<Long> sequences = new HashSet<>();
        flows.forEach(flow -> sequences.add(flow.sequence()));
        assertEquals(flowsEnded, sequences.size(), "no duplicate flow sequence");
        assertEquals(flowsEnded - 1, sequences.stream().mapToLong(Long::longValue).max().orElse(-1), "no gap");
    }

    @Test
    void survivesTheBrokerGoingAwayWithBoundedMemoryAndLosesNothingItReportedSent() throws Exception {
        PacketTable table = everyPacket(TestEnvironment.corpus().resolve("DnsPackets.pcap"));
        long bufferBytes = 256 * 1024;
        KafkaSinkConfig config = KafkaSinkConfig.builder(broker.bootstrap(), "restart-sensor").packetsTopic("restart-packets")
                .flowsTopic("restart-flows").bufferBytes(bufferBytes).connectTimeout(Duration.ofSeconds(3)).build();
        int published = 0;
        try (KafkaSink sink = KafkaSink.open(config)) {
            // One at a time: the buffer holds only a few of these, and nothing may be dropped while the broker is up.
            for (; published < 20; published++) {
                sink.publish(table);
                assertTrue(sink.flush(Duration.ofMinutes(1)));
            }
            assertEquals(20, sink.stats().packetBatches(), "all delivered while the broker is up");

            broker.stop();
            // Far more than the sink's buffer and the producer's: the excess must be dropped, not held.
            byte[] one = KafkaRecords.arrowStream(table);
            long away = 2 * (KafkaSink.producerBufferBytes(config) + bufferBytes) / one.length;
            for (long i = 0; i < away; i++, published++) {
                sink.publish(table);
                assertTrue(sink.stats().bufferedBytes() <= bufferBytes + one.length, "the buffer stays bounded");
            }
            KafkaSinkStats whileAway = sink.stats();
            assertTrue(whileAway.dropped() > 0, "records were dropped while the broker was away: " + whileAway);
            assertTrue(sink.error().orElse("").contains("kafka_dropped"), sink.error().orElse("no error"));

            broker.start();
            assertTrue(sink.flush(Duration.ofMinutes(2)), "the buffer emptied once the broker was back");
            for (int i = 0; i < 5; i++, published++) {
                sink.publish(table);
            }
            assertTrue(sink.flush(Duration.ofMinutes(1)));
            KafkaSinkStats stats = sink.stats();
            assertEquals(published, stats.packetBatches() + stats.dropped(), "every record acknowledged or dropped: " + stats);
            assertTrue(sink.error().isEmpty(), "publishing resumed: " + sink.error().orElse(""));

            List<TopicRecords.Received> received = TopicRecords.readAll(broker.bootstrap(), "restart-packets");
            Set<Long> distinct = new HashSet<>();
            received.forEach(record -> distinct.add(record.sequence()));
            assertEquals(stats.packetBatches(), distinct.size(), "every acknowledged record is in the topic, once or more");
            assertTrue(distinct.containsAll(LongStream.range(published - 5, published).boxed().toList()),
                    "the records published after the restart arrived");
        }
    }

    @Test
    void theCollectorAddsUpAConversationWhoseSidesSpokeFirstInTurn() throws Exception {
        long client = 0x0A000001L;
        long server = 0x0A000002L;
        Flow first = new Flow(4, 17, 0x0800, 0, client, 40000, 0, server, 53, 3, 300, 1, 100, 1_000, 2_000, 0,
                Direction.UNKNOWN, FlowEnd.IDLE_TIMEOUT, null, -1);
        Flow second = new Flow(4, 17, 0x0800, 0, server, 53, 0, client, 40000, 2, 50, 4, 400, 500, 3_000, 0,
                Direction.UNKNOWN, FlowEnd.IDLE_TIMEOUT, null, -1);
        assertEquals(KafkaRecords.conversationKey(first), KafkaRecords.conversationKey(second), "one conversation");
        KafkaSinkConfig config = KafkaSinkConfig.builder(broker.bootstrap(), "turns").packetsTopic("turns-packets")
                .flowsTopic("turns-flows").build();
        try (KafkaSink sink = KafkaSink.open(config)) {
            sink.publishFlows(FlowTable.of(List.of(first, second)));
            assertTrue(sink.flush(Duration.ofMinutes(1)));
        }
        try (FlowCollector collector = new FlowCollector(broker.bootstrap(), "turns-flows", "turns")) {
            pollUntil(collector, 2);
            Flow merged = collector.bySensor().get("turns").flow(0);
            assertEquals(List.of(40000, 7L, 700L, 3L, 150L, 500L, 3_000L), List.of(merged.portA(), merged.packetsAToB(),
                    merged.bytesAToB(), merged.packetsBToA(), merged.bytesBToA(), merged.firstSeenNanos(), merged.lastSeenNanos()),
                    "oriented as the first flow: the second's directions turned round");
            assertEquals(1, collector.all().size());
        }
    }

    @Test
    void aGetLargerThanTheDefaultBrokersLimitGoesAsSeveralRecordsOfConsecutiveRows(@TempDir Path dir) throws Exception {
        // 40,000 rows make an Arrow stream of about 4 MB: over the broker's message.max.bytes (Kafka's default, 1 MiB).
        Path file = Fixtures.udpFile(dir.resolve("many.pcap"), 40_000, 32);
        PacketTable table;
        try (Capture capture = Capture.open(file, CaptureConfig.builder().retention(65_536).build())) {
            assertTrue(capture.awaitEnd(Duration.ofMinutes(1)));
            table = capture.get();
        }
        assertEquals(40_000, table.size(), "one get() holds the whole file");
        assertTrue(KafkaRecords.arrowStream(table).length > 1 << 20, "whole, the batch would not fit one record");
        KafkaSinkConfig config = KafkaSinkConfig.builder(broker.bootstrap(), "big").packetsTopic("big-packets")
                .flowsTopic("big-flows").build();
        try (KafkaSink sink = KafkaSink.open(config)) {
            sink.publish(table);
            sink.publish(table.head(10));
            assertTrue(sink.flush(Duration.ofMinutes(1)));
            assertEquals(0, sink.stats().dropped(), "the broker took every part: " + sink.error().orElse(""));
        }
        List<TopicRecords.Received> records = TopicRecords.readAll(broker.bootstrap(), "big-packets");
        assertTrue(records.size() >= 5, "split into parts, got " + records.size());
        List<Long> timestamps = new ArrayList<>();
        int parts = records.size() - 1;
        for (int i = 0; i < records.size(); i++) {
            TopicRecords.Received record = records.get(i);
            assertEquals(i, record.sequence(), "one sequence number per part, without gaps");
            assertTrue(record.value().length <= config.maxRecordBytes(), "part " + i + ": " + record.value().length + " bytes");
            boolean last = i == parts;
            assertEquals(last ? "1" : "0", record.header(KafkaRecords.BATCH), "the get() it belongs to");
            assertEquals(last ? "1/1" : (i + 1) + "/" + parts, record.header(KafkaRecords.PART));
            if (!last) {
                List<Long> rows = ArrowBatches.timestamps(record.value());
                assertEquals(Integer.parseInt(record.header(KafkaRecords.ROWS)), rows.size());
                timestamps.addAll(rows);
            }
        }
        for (int i = 0; i < table.size(); i++) {
            assertEquals(table.timestampNanos(i), timestamps.get(i), "row " + i + ": every row once, in order");
        }
        assertEquals(table.size(), timestamps.size());
    }

    @Test
    void aSmallRecordLimitSplitsAsOftenAsItMust() throws Exception {
        PacketTable table = everyPacket(TestEnvironment.corpus().resolve("example2.pcap"));
        KafkaSinkConfig config = KafkaSinkConfig.builder(broker.bootstrap(), "small").packetsTopic("small-packets")
                .flowsTopic("small-flows").maxRecordBytes(KafkaSinkConfig.MIN_RECORD_BYTES).build();
        try (KafkaSink sink = KafkaSink.open(config)) {
            for (int i = 0; i < 3; i++) {
                sink.publish(table);
            }
            assertTrue(sink.flush(Duration.ofMinutes(1)));
            assertEquals(3L * table.size(), sink.stats().packets());
        }
        List<TopicRecords.Received> records = TopicRecords.readAll(broker.bootstrap(), "small-packets");
        long rows = 0;
        for (TopicRecords.Received record : records) {
            assertTrue(record.value().length <= KafkaSinkConfig.MIN_RECORD_BYTES, record.value().length + " bytes");
            rows += ArrowBatches.timestamps(record.value()).size();
        }
        assertEquals(3L * table.size(), rows);
        assertTrue(records.size() >= 3 * 4, "each get() in several parts: " + records.size());
    }

    @Test
    void snapshotsOfAnActiveFlowAreReplacedNotAddedUp() throws Exception {
        long client = 0x0A000001L;
        long server = 0x0A000002L;
        Flow early = udpFlow(client, server, 2, 200, 1, 100, 1_000, 2_000, FlowEnd.ACTIVE);
        Flow later = udpFlow(client, server, 5, 500, 3, 300, 1_000, 5_000, FlowEnd.ACTIVE);
        Flow ended = udpFlow(client, server, 7, 700, 4, 400, 1_000, 9_000, FlowEnd.IDLE_TIMEOUT);
        Flow next = udpFlow(server, client, 1, 10, 0, 0, 20_000, 20_000, FlowEnd.ACTIVE);
        KafkaSinkConfig config = KafkaSinkConfig.builder(broker.bootstrap(), "snapshots").packetsTopic("snapshots-packets")
                .flowsTopic("snapshots-flows").build();
        try (KafkaSink sink = KafkaSink.open(config);
             FlowCollector collector = new FlowCollector(broker.bootstrap(), "snapshots-flows", "snapshots")) {
            sink.publishFlows(FlowTable.of(List.of(early, later)));
            assertTrue(sink.flush(Duration.ofMinutes(1)));
            pollUntil(collector, 2);
            Flow active = collector.bySensor().get("snapshots").flow(0);
            assertEquals(List.of(5L, 500L, 3L, 300L, 5_000L), List.of(active.packetsAToB(), active.bytesAToB(),
                    active.packetsBToA(), active.bytesBToA(), active.lastSeenNanos()), "the latest snapshot counts, alone");
            assertEquals(FlowEnd.ACTIVE, active.end());

            sink.publishFlows(FlowTable.of(List.of(ended, next)));
            assertTrue(sink.flush(Duration.ofMinutes(1)));
            pollUntil(collector, 4);
            Flow total = collector.bySensor().get("snapshots").flow(0);
            assertEquals(List.of(7L, 700L, 5L, 410L, 1_000L, 20_000L), List.of(total.packetsAToB(), total.bytesAToB(),
                    total.packetsBToA(), total.bytesBToA(), total.firstSeenNanos(), total.lastSeenNanos()),
                    "the end record replaced the snapshots; the next flow's snapshot (B spoke first) is added, turned round");
            assertEquals(FlowEnd.ACTIVE, total.end(), "a flow of the conversation is still active");
            assertEquals(List.of(1L, 3L), List.of(sink.stats().flows(), sink.stats().flowSnapshots()), "ended and snapshots counted apart");
        }
    }

    @Test
    void snapshotsPublishedWhileAFileIsReadLeaveEveryConversationsTotalExact() throws Exception {
        Path file = TestEnvironment.corpus().resolve("example2.pcap");
        KafkaSinkConfig config = KafkaSinkConfig.builder(broker.bootstrap(), "snapshotting").packetsTopic("snapshotting-packets")
                .flowsTopic("snapshotting-flows").waitWhenFull(true).build();
        KafkaSinkStats stats;
        try (KafkaSink sink = KafkaSink.open(config)) {
            Capture capture = Capture.open(file, CaptureConfig.builder().retention(64).build());
            // A snapshot at nearly every get(): ~70 of them while the file's conversations are active.
            CapturePublisher publisher = CapturePublisher.start(capture, sink, Duration.ofMillis(5), Duration.ofMillis(1));
            assertTrue(capture.awaitEnd(Duration.ofMinutes(1)));
            capture.close();
            publisher.finish();
            assertTrue(sink.flush(Duration.ofMinutes(1)));
            stats = sink.stats();
            assertEquals(0, publisher.endedFlowsLost());
        }
        assertTrue(stats.flowSnapshots() > 0, "snapshots were published: " + stats);
        Map<String, List<Long>> expected = new TreeMap<>();
        try (Capture capture = Capture.open(file)) {
            assertTrue(capture.awaitEnd(Duration.ofMinutes(1)));
            capture.flows().all().flows().forEach(flow -> expected.merge(KafkaRecords.conversationKey(flow),
                    List.of(flow.packets(), flow.bytes()), KafkaSinkTest::plus));
        }
        try (FlowCollector collector = new FlowCollector(broker.bootstrap(), "snapshotting-flows", "snapshotting")) {
            pollUntil(collector, stats.flows() + stats.flowSnapshots());
            Map<String, List<Long>> collected = new TreeMap<>();
            collector.bySensor().get("snapshotting").flows().forEach(flow -> collected.merge(KafkaRecords.conversationKey(flow),
                    List.of(flow.packets(), flow.bytes()), KafkaSinkTest::plus));
            assertEquals(expected, collected, "packets and bytes per conversation, snapshots replaced by the end records");
            assertTrue(collector.all().flows().stream().noneMatch(flow -> flow.end() == FlowEnd.ACTIVE), "every flow ended");
        }
    }

    private static List<Long> plus(List<Long> a, List<Long> b) {
        return List.of(a.get(0) + b.get(0), a.get(1) + b.get(1));
    }

    private static Flow udpFlow(long a, long b, long pab, long bab, long pba, long bba, long first, long last, FlowEnd end) {
        return new Flow(4, 17, 0x0800, 0, a, a == 0x0A000001L ? 40000 : 53, 0, b, b == 0x0A000001L ? 40000 : 53, pab, bab, pba,
                bba, first, last, 0, Direction.UNKNOWN, end, null, -1);
    }

    private static void pollUntil(FlowCollector collector, long records) {
        for (int polls = 0; collector.records() < records; polls++) {
            assertTrue(polls < 300, "only " + collector.records() + " of " + records + " flow records arrived within a minute");
            collector.poll(Duration.ofMillis(200));
        }
    }

    @Test
    void topicsAreCreatedWithThePartitionsAskedForAndThePartitionerIsTheUsersToChoose() throws Exception {
        Flow flow = udpFlow(0x0A000001L, 0x0A000002L, 1, 100, 1, 100, 1_000, 2_000, FlowEnd.IDLE_TIMEOUT);
        KafkaSinkConfig keyed = KafkaSinkConfig.builder(broker.bootstrap(), "keyed").packetsTopic("part-packets")
                .flowsTopic("part-flows").partitions(5).build();
        try (KafkaSink sink = KafkaSink.open(keyed)) {
            sink.publishFlows(FlowTable.of(List.of(flow, flow, flow, flow, flow, flow)));
            assertTrue(sink.flush(Duration.ofMinutes(1)));
        }
        List<TopicRecords.Received> byKey = TopicRecords.readAll(broker.bootstrap(), "part-flows");
        assertEquals(5, TopicRecords.partitions(broker.bootstrap(), "part-flows"), "created with 5 partitions");
        assertEquals(5, TopicRecords.partitions(broker.bootstrap(), "part-packets"));
        assertEquals(1, byKey.stream().map(TopicRecords.Received::partition).distinct().count(), "one conversation, one partition");

        KafkaSinkConfig spread = KafkaSinkConfig.builder(broker.bootstrap(), "spread").packetsTopic("part-packets")
                .flowsTopic("part-flows").partitions(5)
                .producerProperties(Map.of("partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner")).build();
        try (KafkaSink sink = KafkaSink.open(spread)) {
            sink.publishFlows(FlowTable.of(List.of(flow, flow, flow, flow, flow, flow)));
            assertTrue(sink.flush(Duration.ofMinutes(1)));
        }
        List<TopicRecords.Received> roundRobin = TopicRecords.readAll(broker.bootstrap(), "part-flows").stream()
                .filter(record -> record.header(KafkaRecords.SENSOR).equals("spread")).toList();
        assertTrue(roundRobin.stream().map(TopicRecords.Received::partition).distinct().count() > 1,
                "the user's partitioner spread the conversation over partitions: " + roundRobin.size() + " records");
    }

    @Test
    void aRestartedSensorsRecordsAreNotTakenForRepeats() throws Exception {
        Flow first = udpFlow(0x0A000001L, 0x0A000002L, 1, 100, 1, 100, 1_000, 2_000, FlowEnd.IDLE_TIMEOUT);
        Flow second = udpFlow(0x0A000001L, 0x0A000003L, 2, 200, 2, 200, 3_000, 4_000, FlowEnd.IDLE_TIMEOUT);
        KafkaSinkConfig config = KafkaSinkConfig.builder(broker.bootstrap(), "restarted").packetsTopic("restarted-packets")
                .flowsTopic("restarted-flows").build();
        // Two runs of one sensor: both number their first record 0.
        for (Flow flow : List.of(first, second)) {
            try (KafkaSink sink = KafkaSink.open(config)) {
                sink.publishFlows(FlowTable.of(List.of(flow)));
                assertTrue(sink.flush(Duration.ofMinutes(1)));
            }
        }
        try (FlowCollector collector = new FlowCollector(broker.bootstrap(), "restarted-flows", "restarted")) {
            pollUntil(collector, 2);
            assertEquals(0, collector.duplicates(), "two sessions, no repeat");
            assertEquals(2, collector.bySensor().get("restarted").size(), "both runs' flows count");
        }
    }

    @Test
    void fullBatchesAreTakenAtOnceNotOnePerInterval() throws Exception {
        Path file = TestEnvironment.corpus().resolve("DnsPackets.pcap");
        KafkaSinkConfig config = KafkaSinkConfig.builder(broker.bootstrap(), "eager").packetsTopic("eager-packets")
                .flowsTopic("eager-flows").waitWhenFull(true).build();
        try (KafkaSink sink = KafkaSink.open(config);
             Capture capture = Capture.open(file, CaptureConfig.builder().retention(64).build())) {
            // An interval no test outlives: the file (464 packets, 8 batches) must not wait for it.
            CapturePublisher publisher = CapturePublisher.start(capture, sink, Duration.ofHours(1));
            boolean ended = capture.awaitEnd(Duration.ofSeconds(30));
            publisher.close();
            assertTrue(ended, "the reader never stopped for an interval: a full get() is followed by another at once");
        }
    }

    @Test
    void aBrokerThatNeverAnswersIsAClearError() throws Exception {
        String nowhere = "127.0.0.1:" + KafkaBrokerProcess.freePort();
        KafkaSinkConfig config = KafkaSinkConfig.builder(nowhere, "lonely").connectTimeout(Duration.ofSeconds(3)).build();
        KafkaSinkException e = assertThrows(KafkaSinkException.class, () -> KafkaSink.open(config));
        assertTrue(e.getMessage().startsWith("no Kafka broker answered at " + nowhere + " within 3 s"), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/kafka-broker"), e.getMessage());
    }

    /** Publishes the file through a {@link CapturePublisher}, ended flows included; returns how many flows it has. */
    private static long publishFile(Path file, KafkaSink sink) throws Exception {
        Capture capture = Capture.open(file, CaptureConfig.builder().retention(64).build());
        CapturePublisher publisher = CapturePublisher.start(capture, sink, Duration.ofMillis(5));
        assertTrue(capture.awaitEnd(Duration.ofMinutes(1)), "the file was read to its end");
        capture.close();
        publisher.finish();
        return countFlows(file);
    }

    private static long countFlows(Path file) throws Exception {
        try (Capture capture = Capture.open(file)) {
            capture.awaitEnd(Duration.ofMinutes(1));
            return capture.flows().all().size();
        }
    }

    private static PacketTable everyPacket(Path file) throws Exception {
        try (Capture capture = Capture.open(file)) {
            assertTrue(capture.awaitEnd(Duration.ofMinutes(1)));
            return capture.get();
        }
    }
}
