// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.Capture;
import dev.netlistener.kafka.ArrowBatches;
import dev.netlistener.kafka.KafkaBrokerProcess;
import dev.netlistener.kafka.KafkaRecords;
import dev.netlistener.kafka.TopicRecords;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** scripts/sensor against the real broker of scripts/kafka-broker. */
class SensorTest {
    @RegisterExtension
    static final KafkaBrokerProcess broker = new KafkaBrokerProcess();

    @Test
    void publishesEveryPacketAndFlowOfAFileThenExits() throws Exception {
        Path file = SampleRun.corpus().resolve("example2.pcap");
        SampleRun run = SampleRun.of("sensor", "--read", file.toString(), "--bootstrap", broker.bootstrap(),
                "--sensor-id", "site-a", "--packets-topic", "file-packets", "--flows-topic", "file-flows",
                "--rows-per-batch", "500", "--interval", "0.01", "--snapshot-interval", "0");
        assertEquals(0, run.exitCode(), run.err());
        long packets = SampleRun.packetsIn(file);
        long flows = flowsIn(file);
        assertTrue(run.out().contains("published " + packets + " packets"), run.out());
        assertTrue(run.out().contains(flows + " flows, 0 flow snapshots; kafka_dropped=0"), run.out());

        List<TopicRecords.Received> batches = TopicRecords.readAll(broker.bootstrap(), "file-packets");
        long rows = 0;
        for (int i = 0; i < batches.size(); i++) {
            assertEquals(i, batches.get(i).sequence(), "sequence numbers without gaps");
            assertEquals("site-a", batches.get(i).header(KafkaRecords.SENSOR));
            rows += ArrowBatches.timestamps(batches.get(i).value()).size();
        }
        // Published once 500 wait; the capture holds up to 4 times as many while a publish is under way.
        assertTrue(batches.size() >= packets / 2000, "batches of at most 2000 rows: " + batches.size());
        assertTrue(batches.size() > 1, "several batches: " + batches.size());
        assertEquals(packets, rows, "every packet arrived once");
        assertEquals(flows, TopicRecords.readAll(broker.bootstrap(), "file-flows").size(), "one record per flow");
    }

    @Test
    void aBrokerThatNeverAnswersIsOneLine() throws Exception {
        String nowhere = "127.0.0.1:" + KafkaBrokerProcess.freePort();
        SampleRun run = SampleRun.of("sensor", "--read", SampleRun.dnsPackets().toString(), "--bootstrap", nowhere,
                "--connect-timeout", "2");
        SampleRun.assertFailsInOneLine(run, "sensor", "no Kafka broker answered at " + nowhere, "scripts/kafka-broker");
    }

    @Test
    void refusesRecordLimitsAndIntervalsItCannotUse() {
        SampleRun small = SampleRun.of("sensor", "--read", "x.pcap", "--bootstrap", "127.0.0.1:9092", "--max-record-bytes", "1000");
        assertEquals(2, small.exitCode(), small.err());
        assertTrue(small.err().startsWith("sensor: --max-record-bytes must be a number of bytes from 65536"), small.err());
        SampleRun negative = SampleRun.of("sensor", "--read", "x.pcap", "--bootstrap", "127.0.0.1:9092", "--snapshot-interval", "-1");
        assertEquals(2, negative.exitCode(), negative.err());
        assertTrue(negative.err().startsWith("sensor: --snapshot-interval must be 0 (never) or a positive number"), negative.err());
        SampleRun buffer = SampleRun.of("sensor", "--read", "x.pcap", "--bootstrap", "127.0.0.1:9092", "--buffer-mib", "0");
        assertEquals(2, buffer.exitCode(), buffer.err());
        assertTrue(buffer.err().startsWith("sensor: --buffer-mib must be a whole number of MiB"), buffer.err());
    }

    @Test
    void aKafkaConfigThatCannotBeReadIsOneLine(@TempDir Path dir) {
        Path missing = dir.resolve("missing.properties");
        SampleRun run = SampleRun.of("sensor", "--read", SampleRun.dnsPackets().toString(), "--bootstrap", "127.0.0.1:9092",
                "--kafka-config", missing.toString());
        SampleRun.assertFailsInOneLine(run, "sensor", "reading --kafka-config '" + missing + "' failed: No such file");
    }

    @Test
    void refusesABootstrapWithoutAPort() {
        SampleRun run = SampleRun.of("sensor", "--read", "x.pcap", "--bootstrap", "localhost");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("sensor: --bootstrap must be HOST:PORT"), run.err());
    }

    private static long flowsIn(Path file) throws Exception {
        try (Capture capture = Capture.open(file)) {
            assertTrue(capture.awaitEnd(Duration.ofMinutes(1)));
            return capture.flows().all().size();
        }
    }
}
