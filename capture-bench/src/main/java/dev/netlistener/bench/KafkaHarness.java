// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.CaptureConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Packets per second from capture to broker to consumer (issue 14), all in one run so that the
 * ratios mean something on a shared machine: a broker of its own ({@link BrokerProcess}); the
 * generated IMIX file read by the sensor's capture alone ({@link SensorCaptureAlone}), by one
 * {@code scripts/sensor --read} and by several at once, each counted end to end by a
 * {@link TopicCounter}; then one sensor live on a veth pair at fixed trafgen rates, beside the
 * capture alone (the saturation part's netlistener-with-defaults contender) at the same rates.
 * A run that lost anything says so in {@link FileRun#problems()} and {@link LiveTrial#problems()}.
 * Live needs root.
 */
final class KafkaHarness {
    /** How long the consumer waits for a record more before it calls a run incomplete. */
    private static final Duration IDLE = Duration.ofSeconds(20);
    private static final Duration ALONE_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern ALONE = Pattern.compile("\\{\"rows\":(\\d+),\"flows\":(\\d+),\"nanos\":(\\d+)}");
    static final String SENSOR = "sensor";
    static final String CAPTURE_ALONE = SaturationCapturer.Mode.TABLE.contender();

    private final BenchSettings settings;
    private int topics;

    KafkaHarness(BenchSettings settings) {
        this.settings = settings;
    }

    /**
     * The capture alone, reading the file as a sensor does.
     *
     * @param seconds        from open to close, inside its JVM
     * @param processSeconds from the process's start to its exit, JVM start-up included
     * @param cpuSeconds     the process's CPU time, all threads
     */
    record Alone(long rows, long flows, double seconds, double processSeconds, double cpuSeconds) {
        double packetsPerSecond() {
            return rows / seconds;
        }

        double processPacketsPerSecond() {
            return rows / processSeconds;
        }
    }

    /**
     * Sensors reading the file at once, from their start until the consumer had every record.
     *
     * @param expectedRows   packets in the file times the sensors
     * @param expectedFlows  the flows the sensors say they published
     * @param seconds        from the sensors' start to the last new record at the consumer
     * @param sensorSeconds  from the sensors' start to the last one's exit
     * @param sensorCpuSeconds all sensors' CPU time
     * @param brokerCpuSeconds the broker's CPU time from the sensors' start until the consumer had everything
     * @param topicBytes     what the broker keeps of the packets topic on disk (zstd-compressed batches)
     * @param problems       what was lost, duplicated or failed; empty when the run was complete
     */
    record FileRun(int sensors, long expectedRows, TopicCounter.Counts received, long expectedFlows, long batches,
                   double seconds, double sensorSeconds, double sensorCpuSeconds, double brokerCpuSeconds,
                   long topicBytes, List<String> problems) {
        double packetsPerSecond() {
            return received.rows() / seconds;
        }
    }

    /**
     * One capturer on the veth pair at one rate: the saturation part's trial, and for the sensor its
     * statistics lines (one a second, the last its final counts), what the consumer received, and
     * the CPU time the broker and this JVM (the consumer) took from the sensor's start to its exit.
     */
    record LiveTrial(long rate, SaturationHarness.Trial trial, List<SensorProcess.Sample> timeline,
                     TopicCounter.Counts received, double brokerCpuSeconds, double consumerCpuSeconds, List<String> problems) {

        /** The sensor's final counts, or null for the capture alone. */
        SensorProcess.Report sensor() {
            return timeline == null ? null : timeline.getLast().report();
        }
    }

    record Result(Path file, long filePackets, Alone alone, List<FileRun> fileRuns, List<LiveTrial> live) {
    }

    Result run() throws Exception {
        Path file = settings.file("imix");
        long packets = settings.packets("imix");
        try (BrokerProcess broker = BrokerProcess.start()) {
            System.err.println("kafka: broker on " + broker.bootstrap());
            Alone alone = alone(file);
            System.err.printf("kafka: capture alone: %d rows, %d flows in %.2f s (%.0f packets/s; process %.2f s, CPU %.2f s)%n",
                    alone.rows(), alone.flows(), alone.seconds(), alone.packetsPerSecond(), alone.processSeconds(),
                    alone.cpuSeconds());
            List<FileRun> fileRuns = new ArrayList<>();
            for (int sensors : List.of(1, settings.kafkaSensors())) {
                FileRun run = fileRun(broker, file, packets, sensors);
                System.err.printf("kafka: %d sensor(s): %d of %d rows, %d of %d flows end to end in %.2f s (%.0f packets/s;"
                                + " sensors %.2f s, CPU %.2f s; broker CPU %.2f s)%s%n", sensors, run.received().rows(),
                        run.expectedRows(), run.received().flows(), run.expectedFlows(), run.seconds(), run.packetsPerSecond(),
                        run.sensorSeconds(), run.sensorCpuSeconds(), run.brokerCpuSeconds(),
                        run.problems().isEmpty() ? "" : " INCOMPLETE: " + run.problems());
                fileRuns.add(run);
            }
            return new Result(file, packets, alone, fileRuns, live(broker));
        }
    }

    private Alone alone(Path file) throws Exception {
        long cpuBefore = ProcFs.reapedChildrenCpuNanos();
        long started = System.nanoTime();
        String output = Commands.run(ALONE_TIMEOUT, Commands.java(SensorCaptureAlone.class, file.toString()));
        long processNanos = System.nanoTime() - started;
        long cpu = ProcFs.reapedChildrenCpuNanos() - cpuBefore;
        Matcher m = ALONE.matcher(output);
        if (!m.find()) {
            throw new IOException("SensorCaptureAlone printed no counts:\n" + output);
        }
        return new Alone(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)) / 1e9,
                processNanos / 1e9, cpu / 1e9);
    }

    private FileRun fileRun(BrokerProcess broker, Path file, long packets, int count) throws Exception {
        String topic = nextTopic(count + "sensors");
        try (TopicCounter counter = TopicCounter.start(broker.bootstrap(), topic + ".packets", topic + ".flows")) {
            long brokerBefore = broker.cpuNanos();
            long cpuBefore = ProcFs.reapedChildrenCpuNanos();
            long started = System.nanoTime();
            List<SensorProcess> sensors = SensorProcess.startReading(count, "bench-" + count + "x", file, broker.bootstrap(),
                    topic + ".packets", topic + ".flows");
            List<String> problems = new ArrayList<>();
            List<Integer> statuses = new ArrayList<>();
            for (SensorProcess sensor : sensors) {
                statuses.add(sensor.awaitExit());
            }
            long sensorNanos = System.nanoTime() - started;
            long sensorCpu = ProcFs.reapedChildrenCpuNanos() - cpuBefore;
            long flows = 0;
            long batches = 0;
            for (int i = 0; i < count; i++) {
                SensorProcess.Report report = sensors.get(i).report();
                flows += report.flows();
                batches += report.batches();
                if (statuses.get(i) != 0) {
                    problems.add("sensor " + (i + 1) + " exited with " + statuses.get(i) + ": " + sensors.get(i).errors());
                }
                if (report.published() != packets || report.kafkaDropped() > 0) {
                    problems.add("sensor " + (i + 1) + " published " + report.published() + " of " + packets
                            + " packets, kafka_dropped " + report.kafkaDropped());
                }
            }
            TopicCounter.Counts received = counter.awaitAtLeast(packets * count, flows, IDLE);
            long brokerCpu = broker.cpuNanos() - brokerBefore;
            problems.addAll(consumed(received, packets * count, flows, batches));
            return new FileRun(count, packets * count, received, flows, batches,
                    (received.lastArrival() - started) / 1e9, sensorNanos / 1e9, sensorCpu / 1e9, brokerCpu / 1e9,
                    broker.topicBytes(topic + ".packets"), problems);
        }
    }

    /** A fresh pair of topics per run, so that each run counts only its own records. */
    private String nextTopic(String what) {
        return "bench." + ++topics + "." + what;
    }

    /** What the consumer's counts say went missing or arrived twice. */
    private static List<String> consumed(TopicCounter.Counts received, long rows, long flows, long batches) {
        List<String> problems = new ArrayList<>();
        if (received.rows() != rows || received.packetRecords() != batches) {
            problems.add("the consumer received " + received.rows() + " of " + rows + " packet rows in "
                    + received.packetRecords() + " of " + batches + " records");
        }
        if (received.flows() != flows) {
            problems.add("the consumer received " + received.flows() + " of " + flows + " flows");
        }
        if (received.gaps() > 0) {
            problems.add(received.gaps() + " sequence numbers missing");
        }
        if (received.duplicates() > 0) {
            problems.add(received.duplicates() + " duplicate records (at least once: counted once)");
        }
        return problems;
    }

    private List<LiveTrial> live(BrokerProcess broker) throws Exception {
        Path config = TrafgenConfig.write(settings.workDirectory(), "imix");
        return VethLink.during(link -> {
            List<LiveTrial> trials = new ArrayList<>();
            for (long rate : settings.kafkaRates()) {
                SaturationScenario scenario = SaturationScenario.rate("imix", rate);
                trials.add(liveSensor(broker, link, scenario, config));
                SaturationHarness.Trial alone = SaturationHarness.trial(link, scenario, config,
                        new CapturerJvm(SaturationCapturer.Mode.TABLE, CaptureConfig.DEFAULT_BUFFER_SIZE), settings.kafkaLoad());
                print(rate, alone, null);
                trials.add(new LiveTrial(rate, alone, null, null, 0, 0, List.of()));
            }
            return trials;
        });
    }

    private LiveTrial liveSensor(BrokerProcess broker, VethLink link, SaturationScenario scenario, Path config)
            throws Exception {
        String topic = nextTopic("live" + scenario.packetsPerSecond());
        try (TopicCounter counter = TopicCounter.start(broker.bootstrap(), topic + ".packets", topic + ".flows")) {
            SensorProcess sensor = new SensorProcess("bench-live", broker.bootstrap(), topic + ".packets", topic + ".flows");
            long brokerBefore = broker.cpuNanos();
            long consumerBefore = ProcFs.cpuNanos(ProcessHandle.current().pid());
            SaturationHarness.Trial trial = SaturationHarness.trial(link, scenario, config, sensor, settings.kafkaLoad());
            long brokerCpu = broker.cpuNanos() - brokerBefore;
            long consumerCpu = ProcFs.cpuNanos(ProcessHandle.current().pid()) - consumerBefore;
            SensorProcess.Report report = sensor.report();
            TopicCounter.Counts received = counter.awaitAtLeast(report.published(), report.flows(), IDLE);
            List<String> problems = new ArrayList<>();
            if (received.rows() != report.published() || received.flows() != report.flows() || received.gaps() > 0) {
                problems.add("the consumer received " + received.rows() + " of the " + report.published()
                        + " rows and " + received.flows() + " of the " + report.flows() + " flows the sensor published, "
                        + received.gaps() + " sequence numbers missing");
            }
            print(scenario.packetsPerSecond(), trial, report);
            return new LiveTrial(scenario.packetsPerSecond(), trial, sensor.samples(), received, brokerCpu / 1e9,
                    consumerCpu / 1e9, problems);
        }
    }

    private static void print(long rate, SaturationHarness.Trial trial, SensorProcess.Report sensor) {
        System.err.printf("kafka live %,d/s %s: offered %d, captured %d, kernel drops %d, retention drops %d%s, loss %.3f %%,"
                        + " CPU %.0f ns/packet%n", rate, trial.tool(), trial.offered(), trial.counts().captured(),
                trial.counts().kernelDropped(), trial.counts().retentionDropped(),
                sensor == null ? "" : ", kafka_dropped " + sensor.kafkaDropped() + " (" + sensor.kafkaDroppedRows()
                        + " rows), published " + sensor.published(), trial.lossPercent(), trial.cpuNanosPerPacket());
    }
}
