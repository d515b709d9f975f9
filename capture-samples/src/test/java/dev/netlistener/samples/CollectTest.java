// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.Flow;
import dev.netlistener.capture.FlowTable;
import dev.netlistener.kafka.KafkaBrokerProcess;
import dev.netlistener.kafka.KafkaRecords;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Three sensors publish, scripts/collect adds their flows up: against the real broker. */
class CollectTest {
    private static final List<String> FILES = List.of("DnsPackets.pcap", "example2.pcap", "afs.pcap");
    @RegisterExtension
    static final KafkaBrokerProcess broker = new KafkaBrokerProcess();

    @Test
    void collectorTotalsPerConversationEqualTheSensorsOwnFlows(@TempDir Path dir) throws Exception {
        for (String name : FILES) {
            SampleRun sensor = SampleRun.of("sensor", "--read", SampleRun.corpus().resolve(name).toString(), "--bootstrap",
                    broker.bootstrap(), "--sensor-id", name, "--flows-topic", "three-flows", "--packets-topic", "three-packets");
            assertEquals(0, sensor.exitCode(), sensor.err());
        }
        Path csv = dir.resolve("flows.csv");
        SampleRun collect = SampleRun.of("collect", "--bootstrap", broker.bootstrap(), "--flows-topic", "three-flows",
                "--group", "three", "--csv", csv.toString(), "--idle-exit", "2");
        assertEquals(0, collect.exitCode(), collect.err());

        Map<String, Map<String, List<Long>>> collected = collected(csv);
        assertEquals(FILES.size(), collected.size(), "every sensor: " + collected.keySet());
        for (String name : FILES) {
            assertEquals(ownFlows(SampleRun.corpus().resolve(name)), collected.get(name), name);
        }
        assertTrue(collect.out().contains("--- 3 sensors"), collect.out());
    }

    @Test
    void mergeAddsAConversationUpAcrossTheSensorsThatSawIt(@TempDir Path dir) throws Exception {
        Path dns = SampleRun.dnsPackets();
        // Two sensors on the same packets (both ends of one link) and one elsewhere.
        for (String[] sensor : List.of(new String[] {"left", dns.toString()}, new String[] {"right", dns.toString()},
                new String[] {"other", SampleRun.corpus().resolve("afs.pcap").toString()})) {
            SampleRun run = SampleRun.of("sensor", "--read", sensor[1], "--bootstrap", broker.bootstrap(), "--sensor-id",
                    sensor[0], "--flows-topic", "merge-flows", "--packets-topic", "merge-packets");
            assertEquals(0, run.exitCode(), run.err());
        }
        Path csv = dir.resolve("merged.csv");
        Path parquet = dir.resolve("merged.parquet");
        SampleRun collect = SampleRun.of("collect", "--bootstrap", broker.bootstrap(), "--flows-topic", "merge-flows",
                "--group", "merge", "--csv", csv.toString(), "--parquet", parquet.toString(), "--idle-exit", "2", "--merge");
        assertEquals(0, collect.exitCode(), collect.err());
        assertTrue(collect.out().lines().anyMatch(line -> line.contains("left+right")), "the printed top names the sensors: "
                + collect.out());

        Map<String, List<Long>> dnsFlows = ownFlows(dns);
        Map<String, List<Long>> afsFlows = ownFlows(SampleRun.corpus().resolve("afs.pcap"));
        Map<String, Map<String, List<Long>>> expected = new HashMap<>();
        dnsFlows.forEach((row, counters) -> expected.computeIfAbsent("left+right", s -> new HashMap<>())
                .put(row, counters.stream().map(c -> 2 * c).toList()));
        expected.put("other", afsFlows);
        assertEquals(expected, collected(csv), "one row per conversation: the two sensors' counts added up, the other's alone");

        // The same rows in Parquet, as an analyst would load them.
        Map<String, Long> packets = new HashMap<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT sensor, sum(packets_a_to_b + packets_b_to_a) FROM '"
                     + parquet + "' GROUP BY sensor")) {
            while (result.next()) {
                packets.put(result.getString(1), result.getLong(2));
            }
        }
        Map<String, Long> expectedPackets = new HashMap<>();
        expected.forEach((sensor, rows) -> expectedPackets.put(sensor,
                rows.values().stream().mapToLong(counters -> counters.get(0) + counters.get(2)).sum()));
        assertEquals(expectedPackets, packets);
    }

    /** The collector's CSV: sensor column, then the conversation's row key, to its four counters. */
    static Map<String, Map<String, List<Long>>> collected(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.getFirst().startsWith("sensor,ip_version,protocol,address_a,port_a,"), lines.getFirst());
        Map<String, Map<String, List<Long>>> collected = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            List<Long> counters = List.of(Long.parseLong(c[7]), Long.parseLong(c[8]), Long.parseLong(c[9]), Long.parseLong(c[10]));
            Object previous = collected.computeIfAbsent(c[0], s -> new HashMap<>())
                    .put(String.join("/", c[1], c[2], c[3], c[4], c[5], c[6]), counters);
            assertEquals(null, previous, "one row per sensor and conversation: " + line);
        }
        return collected;
    }

    /**
     * The file's own flows added up per conversation, keyed as the CSV row the collector writes
     * (oriented as the first flow of it: A spoke first), to its four counters.
     */
    static Map<String, List<Long>> ownFlows(Path file) throws Exception {
        try (Capture capture = Capture.open(file)) {
            assertTrue(capture.awaitEnd(Duration.ofMinutes(1)));
            Map<String, String> rowOf = new HashMap<>();
            Map<String, List<Long>> rows = new HashMap<>();
            for (Flow flow : capture.flows().all().flows()) {
                String conversation = KafkaRecords.conversationKey(flow);
                String row = rowOf.computeIfAbsent(conversation, k -> rowKey(flow));
                boolean same = row.equals(rowKey(flow));
                List<Long> add = same ? List.of(flow.packetsAToB(), flow.bytesAToB(), flow.packetsBToA(), flow.bytesBToA())
                        : List.of(flow.packetsBToA(), flow.bytesBToA(), flow.packetsAToB(), flow.bytesAToB());
                rows.merge(row, add, (a, b) -> List.of(a.get(0) + b.get(0), a.get(1) + b.get(1), a.get(2) + b.get(2),
                        a.get(3) + b.get(3)));
            }
            return rows;
        }
    }

    /** The first six cells of the flow's CSV row. */
    private static String rowKey(Flow flow) {
        StringBuilder csv = new StringBuilder();
        FlowTable.of(List.of(flow)).writeCsv(csv);
        String[] c = csv.toString().lines().skip(1).findFirst().orElseThrow().split(",", -1);
        return String.join("/", c[0], c[1], c[2], c[3], c[4], c[5]);
    }
}
