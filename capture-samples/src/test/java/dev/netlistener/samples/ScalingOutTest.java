// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.VethPair;
import dev.netlistener.kafka.ArrowBatches;
import dev.netlistener.kafka.KafkaBrokerProcess;
import dev.netlistener.kafka.KafkaRecords;
import dev.netlistener.kafka.TopicRecords;
import dev.netlistener.kafka.TopicRecords.Received;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's scaling out end to end, against the real broker: sensor processes at once, three
 * reading corpus files through pipes and one live on a veth pair, with the broker stopped mid-run
 * and started again; then a live sensor with a small buffer under load while the broker is away.
 */
class ScalingOutTest {
    private static final List<String> FILES = List.of("DnsPackets.pcap", "example2.pcap", "afs.pcap");
    /** What the live sensor of the first test sees: 3,000 packets, many of them IP fragments. */
    private static final String REPLAYED = "ip-frag.pcap";
    private static final String LIVE = "live";
    /** Slow enough that the kernel drops nothing, whatever else the machine does. */
    private static final int PACKETS_PER_SECOND = 1000;
    /** Starting a sensor's JVM, several at once on a busy machine. */
    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @RegisterExtension
    static final KafkaBrokerProcess broker = new KafkaBrokerProcess();

    @Test
    void fourSensorsAtOnceLoseNothingWhileTheBrokerRestarts(@TempDir Path dir) throws Exception {
        SampleRun.requireLiveCapture();
        Path replayed = SampleRun.corpus().resolve(REPLAYED);
        long replayedPackets = SampleRun.packetsIn(replayed);
        List<Path> replayedParts = splitPcap(replayed, (int) replayedPackets / 2, dir);
        CountDownLatch brokerAway = new CountDownLatch(1);
        List<SampleProcess> files = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        boolean away = false;
        try (VethPair pair = VethPair.create()) {
            try {
                for (String name : FILES) {
                    Path fifo = dir.resolve(name + ".fifo");
                    run("mkfifo", fifo.toString());
                    files.add(SampleProcess.start(dir, name, sensor(name, "scale", "--read", fifo.toString(),
                            "--rows-per-batch", "100", "--interval", "0.05")));
                    writers.add(feed(fifo, Files.readAllBytes(SampleRun.corpus().resolve(name)), brokerAway));
                }
                try (SampleProcess live = SampleProcess.start(dir, LIVE, sensor(LIVE, "scale", "--device", pair.hostDevice(),
                        "--rows-per-batch", "1000", "--interval", "0.2", "--snapshot-interval", "1"))) {
                    live.awaitLine(true, line -> line.startsWith("Listening on"), START, "that it listens");
                    pair.replay(replayedParts.get(0), PACKETS_PER_SECOND);
                    long firstPart = SampleRun.packetsIn(replayedParts.get(0));
                    live.awaitLine(false, line -> isStats(line) && stat(line, CAPTURED) == firstPart
                            && stat(line, PUBLISHED) == firstPart, WAIT, "that it published the first " + firstPart + " packets");
                    awaitSomeOfEachPublished(FILES, "scale-packets");

                    broker.stop();
                    away = true;
                    brokerAway.countDown();
                    pair.replay(replayedParts.get(1), PACKETS_PER_SECOND);
                    for (Thread writer : writers) {
                        assertTrue(writer.join(WAIT), "the file sensors read the rest of their pipes while the broker is away");
                    }
                    live.awaitLine(false, line -> isStats(line) && stat(line, CAPTURED) == replayedPackets, WAIT,
                            "that it captured all " + replayedPackets + " packets while the broker is away");
                    Thread.sleep(3000);
                    for (SampleProcess file : files) {
                        assertTrue(file.isAlive(), "a file sensor waits for its last records to be acknowledged:\n" + file.err());
                    }
                    broker.start();
                    away = false;

                    for (int i = 0; i < FILES.size(); i++) {
                        assertEquals(0, files.get(i).awaitExit(WAIT), files.get(i).err());
                    }
                    live.awaitLine(false, line -> isStats(line) && stat(line, PUBLISHED) == replayedPackets, WAIT,
                            "that it published all " + replayedPackets + " packets after the broker came back");
                    String last = ctrlC(live, 0);
                    assertEquals(0, stat(last, KERNEL_DROPPED), "no kernel drops at " + PACKETS_PER_SECOND + " packets/s: " + last);
                    assertEquals(replayedPackets, stat(last, CAPTURED), "every replayed packet captured: " + last);
                    assertDelivered(live, LIVE, "scale");
                }
                for (int i = 0; i < FILES.size(); i++) {
                    String last = lastStats(files.get(i));
                    assertEquals(SampleRun.packetsIn(SampleRun.corpus().resolve(FILES.get(i))), stat(last, PUBLISHED), last);
                    assertDelivered(files.get(i), FILES.get(i), "scale");
                }
            } finally {
                writers.forEach(Thread::interrupt);
                for (SampleProcess file : files) {
                    file.close();
                }
                if (away) {
                    broker.start(); // for the next test
                }
            }
        }

        Path csv = dir.resolve("flows.csv");
        SampleRun collect = SampleRun.of("collect", "--bootstrap", broker.bootstrap(), "--flows-topic", "scale-flows",
                "--group", "scale", "--csv", csv.toString(), "--idle-exit", "2");
        assertEquals(0, collect.exitCode(), collect.err());
        Map<String, Map<String, List<Long>>> collected = CollectTest.collected(csv);
        assertEquals(FILES.size() + 1, collected.size(), "every sensor: " + collected.keySet());
        for (String name : FILES) {
            assertEquals(CollectTest.ownFlows(SampleRun.corpus().resolve(name)), collected.get(name), name);
        }
        assertEquals(CollectTest.ownFlows(replayed), collected.get(LIVE), "the live sensor's flows are the replayed file's");
        List<Received> flows = TopicRecords.readAll(broker.bootstrap(), "scale-flows");
        long duplicates = 0;
        for (String name : collected.keySet()) {
            duplicates += Sequenced.of(flows, name).duplicates();
        }
        assertTrue(collect.out().contains("(" + duplicates + " duplicates)"), "the collector counts the duplicates: " + collect.out());
    }

    @Test
    void aLiveSensorsBufferStaysBoundedWhileTheBrokerIsAwayAndPublishingResumes(@TempDir Path dir) throws Exception {
        SampleRun.requireLiveCapture();
        Path load = SampleRun.corpus().resolve("example2.pcap");
        long bufferBytes = 1 << 20;
        try (VethPair pair = VethPair.create();
             SampleProcess sensor = SampleProcess.start(dir, "loaded", sensor("loaded", "loaded", "--device", pair.hostDevice(),
                     "--buffer-mib", "1", "--rows-per-batch", "2000", "--interval", "0.1", "--connect-timeout", "2"))) {
            sensor.awaitLine(true, line -> line.startsWith("Listening on"), START, "that it listens");
            // 400 times 4,709 packets at most: the load ends by itself should the test not end it.
            Process traffic = pair.startReplay(load, 400);
            long capturedBefore;
            try {
                sensor.awaitLine(false, line -> isStats(line) && stat(line, PUBLISHED) > 0, WAIT, "a first published batch");
                broker.stop();
                sensor.awaitLine(false, line -> isStats(line) && stat(line, DROPPED) > 0, WAIT,
                        "kafka_dropped above 0 while the broker is away under load");
            } finally {
                traffic.destroy();
                assertTrue(traffic.waitFor(30, TimeUnit.SECONDS), "tcpreplay ended");
                capturedBefore = stat(lastStats(sensor), CAPTURED);
                broker.start();
            }
            long more = SampleRun.packetsIn(SampleRun.dnsPackets());
            pair.replay(SampleRun.dnsPackets(), PACKETS_PER_SECOND);
            // Every packet captured since is published or counted dropped: publishing resumed.
            sensor.awaitLine(false, line -> isStats(line) && stat(line, CAPTURED) >= capturedBefore + more
                    && stat(line, PUBLISHED) + stat(line, DROPPED_ROWS) + stat(line, RETENTION_DROPPED) == stat(line, CAPTURED),
                    WAIT, "that it published what it captured after the broker came back");
            String last = ctrlC(sensor, 1);
            assertTrue(sensor.err().lines().anyMatch(line -> line.startsWith("sensor: ") && line.contains(broker.bootstrap())
                    && line.contains("(kafka_dropped)")), "the reason for the drops on stderr:\n" + sensor.err());
            Sequenced packets = Sequenced.of(TopicRecords.readAll(broker.bootstrap(), "loaded-packets"), "loaded");
            Sequenced flows = Sequenced.of(TopicRecords.readAll(broker.bootstrap(), "loaded-flows"), "loaded");
            assertEquals(stat(last, DROPPED), packets.missing() + flows.missing(),
                    "the sequence gaps are the records it reports dropped: " + last);
            assertEquals(stat(last, PUBLISHED), packets.rows(), "the rows it reports published arrived: " + last);
            assertEquals(stat(last, CAPTURED), stat(last, PUBLISHED) + stat(last, DROPPED_ROWS) - flows.missing()
                    + stat(last, RETENTION_DROPPED), "every captured packet published, dropped or over the retention: " + last);
            assertTrue(packets.lastSequence() > packets.lastMissing(), "records arrived after the drops: " + last);
            long largest = packets.distinct().stream().mapToLong(r -> r.value().length).max().orElseThrow();
            long mostBuffered = 0;
            for (String line : sensor.out().lines().filter(ScalingOutTest::isStats).toList()) {
                assertTrue(stat(line, BUFFERED) <= bufferBytes + largest, "at most the buffer plus one record (" + largest
                        + " bytes) waits: " + line);
                mostBuffered = Math.max(mostBuffered, stat(line, BUFFERED));
            }
            System.out.printf("ScalingOutTest: under load with the broker away: %s%n  %d packet records and %d flows "
                    + "missing (dropped), %d and %d duplicates; at most %d bytes buffered (largest record %d)%n", last,
                    packets.missing(), flows.missing(), packets.duplicates(), flows.duplicates(), mostBuffered, largest);
        }
    }

    /** The arguments of a sensor named {@code name} publishing to the topics {@code topics-packets} and {@code topics-flows}. */
    private static String[] sensor(String name, String topics, String... more) {
        List<String> args = new ArrayList<>(List.of("sensor", "--bootstrap", broker.bootstrap(), "--sensor-id", name,
                "--packets-topic", topics + "-packets", "--flows-topic", topics + "-flows"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * Checks a sensor's records in both topics against its final statistics line: batches and flows
     * numbered 0..n-1 without gaps, as many distinct ones as it reports published, their rows the
     * packets it reports published, a duplicate the same record again.
     */
    private static void assertDelivered(SampleProcess sensor, String name, String topics) throws IOException {
        String last = lastStats(sensor) + "\n" + sensor.err();
        assertFalse(sensor.err().contains("Exception"), name + " failed: " + last);
        assertEquals(0, stat(last, DROPPED), name + " dropped nothing: " + last);
        Sequenced packets = Sequenced.of(TopicRecords.readAll(broker.bootstrap(), topics + "-packets"), name);
        Sequenced flows = Sequenced.of(TopicRecords.readAll(broker.bootstrap(), topics + "-flows"), name);
        assertEquals(0, packets.missing(), name + ": packet batches without gaps");
        assertEquals(0, flows.missing(), name + ": flows without gaps");
        assertEquals(stat(last, BATCHES), packets.distinct().size(), name + ": the batches it reports published: " + last);
        assertEquals(stat(last, FLOWS) + stat(last, SNAPSHOTS), flows.distinct().size(),
                name + ": the flows and snapshots it reports published: " + last);
        assertEquals(stat(last, PUBLISHED), packets.rows(), name + ": the packets it reports published: " + last);
        System.out.printf("ScalingOutTest: %s: %d batches (%d duplicates), %d flows (%d duplicates)%n", name,
                packets.distinct().size(), packets.duplicates(), flows.distinct().size(), flows.duplicates());
    }

    /** One sensor's records of a topic, one per sequence number, with the duplicates and gaps counted. */
    private record Sequenced(List<Received> distinct, long duplicates, long missing, long lastMissing) {
        /** From {@code topic} ordered by sequence ({@link TopicRecords#readAll}); a duplicate must be the same record. */
        static Sequenced of(List<Received> topic, String sensor) {
            List<Received> distinct = new ArrayList<>();
            long duplicates = 0;
            long lastMissing = -1;
            for (Received record : topic) {
                if (!record.header(KafkaRecords.SENSOR).equals(sensor)) {
                    continue;
                }
                Received previous = distinct.isEmpty() ? null : distinct.getLast();
                long expected = previous == null ? 0 : previous.sequence() + 1;
                if (previous != null && record.sequence() == previous.sequence()) {
                    assertArrayEquals(previous.value(), record.value(), "a duplicate is the same record");
                    duplicates++;
                    continue;
                }
                if (record.sequence() > expected) {
                    lastMissing = record.sequence() - 1;
                }
                distinct.add(record);
            }
            long missing = distinct.isEmpty() ? 0 : distinct.getLast().sequence() + 1 - distinct.size();
            return new Sequenced(distinct, duplicates, missing, lastMissing);
        }

        long lastSequence() {
            return distinct.isEmpty() ? -1 : distinct.getLast().sequence();
        }

        /** The packet rows of the distinct records, as Arrow reads them (and as their rows header says). */
        long rows() throws IOException {
            long rows = 0;
            for (Received record : distinct) {
                int read = ArrowBatches.timestamps(record.value()).size();
                assertEquals(Long.parseLong(record.header(KafkaRecords.ROWS)), read, "the rows header");
                rows += read;
            }
            return rows;
        }
    }

    /** Waits until each of {@code sensors} has a record in {@code topic}. */
    private static void awaitSomeOfEachPublished(List<String> sensors, String topic) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<Received> records = TopicRecords.readAll(broker.bootstrap(), topic);
            List<String> waiting = sensors.stream()
                    .filter(name -> records.stream().noneMatch(r -> r.header(KafkaRecords.SENSOR).equals(name))).toList();
            if (waiting.isEmpty()) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "no record in " + topic + " within " + WAIT.toSeconds() + " s from " + waiting);
            Thread.sleep(200);
        }
    }

    /**
     * Writes {@code bytes} into {@code fifo} on a thread of its own: the first half now, the rest
     * once {@code then} opens, then closes it (the reader's end of file). The pipe is opened for
     * reading and writing, which does not wait for a reader, and an interrupt ends a blocked write.
     */
    private static Thread feed(Path fifo, byte[] bytes, CountDownLatch then) {
        return Thread.ofPlatform().daemon().name("feeds " + fifo.getFileName()).start(() -> {
            try (FileChannel pipe = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                int half = bytes.length / 2;
                writeFully(pipe, ByteBuffer.wrap(bytes, 0, half));
                then.await();
                writeFully(pipe, ByteBuffer.wrap(bytes, half, bytes.length - half));
            } catch (IOException | InterruptedException e) {
                // Interrupted by the test's end: the sensor no longer reads.
            }
        });
    }

    private static void writeFully(FileChannel pipe, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            pipe.write(bytes);
        }
    }

    /** Writes the first {@code count} packets of a pcap file, and the rest, as two pcap files in {@code dir}. */
    private static List<Path> splitPcap(Path file, int count, Path dir) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int magic = in.getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            in.order(ByteOrder.BIG_ENDIAN);
        }
        int header = 24;
        int cut = header;
        for (int i = 0; i < count; i++) {
            cut += 16 + in.getInt(cut + 8); // a record's header, then its captured length of bytes
        }
        Path first = dir.resolve("first.pcap");
        Path rest = dir.resolve("rest.pcap");
        Files.write(first, Arrays.copyOf(bytes, cut));
        Files.write(rest, Arrays.copyOf(bytes, header));
        Files.write(rest, Arrays.copyOfRange(bytes, cut, bytes.length), StandardOpenOption.APPEND);
        return List.of(first, rest);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0, String.join(" ", command));
    }

    // The statistics line: "--- published N packets in B batches, F flows, S flow snapshots; kafka_dropped=D (R rows),
    // buffered X bytes  received=.. captured=.. decoded=.. dropped(kernel=.. interface=.. retention=..) ...".
    private static final Pattern PUBLISHED = Pattern.compile("published (\\d+) packets");
    private static final Pattern BATCHES = Pattern.compile("in (\\d+) batches");
    private static final Pattern FLOWS = Pattern.compile("(\\d+) flows,");
    private static final Pattern SNAPSHOTS = Pattern.compile("(\\d+) flow snapshots");
    private static final Pattern DROPPED = Pattern.compile("kafka_dropped=(\\d+)");
    private static final Pattern DROPPED_ROWS = Pattern.compile("kafka_dropped=\\d+ \\((\\d+) rows\\)");
    private static final Pattern BUFFERED = Pattern.compile("buffered (\\d+) bytes");
    private static final Pattern CAPTURED = Pattern.compile(" captured=(\\d+)");
    private static final Pattern KERNEL_DROPPED = Pattern.compile("dropped\\(kernel=(\\d+)");
    private static final Pattern RETENTION_DROPPED = Pattern.compile(" retention=(\\d+)");

    private static boolean isStats(String line) {
        return line.startsWith("--- published ");
    }

    private static long stat(String line, Pattern field) {
        Matcher matcher = field.matcher(line);
        assertTrue(matcher.find(), field + " in the statistics line: " + line);
        return Long.parseLong(matcher.group(1));
    }

    /**
     * Ctrl-C to a live sensor, which publishes the rest, then prints its final statistics line and
     * exits with {@code status} (0: everything reached Kafka, 1: not); returns that line. Until then
     * no flow has ended (the tests' flows outlast them), so flows counted in it show that the line
     * is the final one, not the last periodic one.
     */
    private static String ctrlC(SampleProcess sensor, int status) throws IOException, InterruptedException {
        sensor.interrupt();
        assertEquals(status, sensor.awaitExit(WAIT), "exit status after Ctrl-C:\n" + sensor.err());
        String last = lastStats(sensor);
        assertTrue(stat(last, FLOWS) > 0, "Ctrl-C: the final statistics, with the flows the capture's close ended; not: "
                + last + "\n" + sensor.err());
        return last;
    }

    /** The sensor's last statistics line: after it exited, its final one. */
    private static String lastStats(SampleProcess sensor) {
        return sensor.out().lines().filter(ScalingOutTest::isStats).reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("no statistics line:\n" + sensor.out() + "\n" + sensor.err()));
    }
}
