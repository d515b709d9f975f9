// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The kafka part's results: {@code kafka.json} (every run and trial), its entries in
 * {@code summary.json} ({@code kafka.one_sensor_pps}, {@code kafka.live.<rate>.sensor_loss_pct}, ...),
 * its section of {@code results.md} and its sanity checks.
 */
final class KafkaReport {
    private KafkaReport() {
    }

    static Map<String, Object> json(Report report, KafkaHarness.Result result) {
        Map<String, Object> json = report.header();
        json.putAll(summary(result));
        json.put("live_load_s", report.settings().kafkaLoad().toSeconds());
        List<Object> live = new ArrayList<>();
        for (KafkaHarness.LiveTrial trial : result.live()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("rate_pps", trial.rate());
            entry.put("tool", trial.trial().tool());
            entry.putAll(SaturationReport.trialJson(trial.trial()));
            if (trial.sensor() != null) {
                putSensor(entry, "", trial);
                entry.put("timeline", timeline(trial));
            }
            live.add(entry);
        }
        json.put("live_trials", live);
        return json;
    }

    /** {@code summary.json}'s {@code kafka}: the headline numbers, ratios from the same run. */
    static Map<String, Object> summary(KafkaHarness.Result result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", result.file().getFileName().toString());
        json.put("file_packets", result.filePackets());
        KafkaHarness.Alone alone = result.alone();
        json.put("capture_alone_pps", alone.packetsPerSecond());
        json.put("capture_alone_s", alone.seconds());
        json.put("capture_alone_process_s", alone.processSeconds());
        json.put("capture_alone_cpu_s", alone.cpuSeconds());
        json.put("capture_alone_flows", alone.flows());
        for (KafkaHarness.FileRun run : result.fileRuns()) {
            String prefix = switch (run.sensors()) {
                case 1 -> "one_sensor_";
                case 3 -> "three_sensors_";
                default -> "sensors_" + run.sensors() + "_";
            };
            json.put(prefix + "pps", run.packetsPerSecond());
            json.put(prefix + "over_capture_alone_process", run.packetsPerSecond() / alone.processPacketsPerSecond());
            json.put(prefix + "end_to_end_s", run.seconds());
            json.put(prefix + "wall_s", run.sensorSeconds());
            json.put(prefix + "cpu_s", run.sensorCpuSeconds());
            json.put(prefix + "broker_cpu_s", run.brokerCpuSeconds());
            json.put(prefix + "rows_expected", run.expectedRows());
            json.put(prefix + "rows_received", run.received().rows());
            json.put(prefix + "flows_expected", run.expectedFlows());
            json.put(prefix + "flows_received", run.received().flows());
            json.put(prefix + "records", run.received().packetRecords());
            json.put(prefix + "packet_bytes", run.received().packetBytes());
            json.put(prefix + "topic_bytes_on_disk", run.topicBytes());
            json.put(prefix + "sequence_gaps", run.received().gaps());
            json.put(prefix + "duplicates", run.received().duplicates());
            json.put(prefix + "complete", run.problems().isEmpty());
            json.put(prefix + "problems", run.problems());
        }
        Map<String, Object> live = new LinkedHashMap<>();
        Long losesFrom = null;
        Long losesAfterStartFrom = null;
        for (KafkaHarness.LiveTrial trial : result.live()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> rate = (Map<String, Object>) live.computeIfAbsent(Long.toString(trial.rate()),
                    r -> new LinkedHashMap<String, Object>());
            String prefix = trial.sensor() != null ? "sensor_" : "alone_";
            SaturationHarness.Trial t = trial.trial();
            rate.put(prefix + "offered", t.offered());
            rate.put(prefix + "offered_pps", t.offeredPerSecond());
            rate.put(prefix + "captured", t.counts().captured());
            rate.put(prefix + "kernel_dropped", t.counts().kernelDropped());
            rate.put(prefix + "interface_dropped", t.interfaceDropped());
            rate.put(prefix + "retention_dropped", t.counts().retentionDropped());
            rate.put(prefix + "loss_pct", t.lossPercent());
            rate.put(prefix + "cpu_ns_per_packet", t.cpuNanosPerPacket());
            if (trial.sensor() != null) {
                putSensor(rate, prefix, trial);
                rate.put(prefix + "dropped_after_start", droppedAfterStart(trial));
                if (losesFrom == null && lost(trial)) {
                    losesFrom = trial.rate();
                }
                if (losesAfterStartFrom == null && droppedAfterStart(trial) > 0) {
                    losesAfterStartFrom = trial.rate();
                }
            }
        }
        json.put("live", live);
        json.put("sensor_loses_from_pps", losesFrom);
        json.put("sensor_loses_after_start_from_pps", losesAfterStartFrom);
        return json;
    }

    private static void putSensor(Map<String, Object> json, String prefix, KafkaHarness.LiveTrial trial) {
        json.put(prefix + "kafka_dropped", trial.sensor().kafkaDropped());
        json.put(prefix + "kafka_dropped_rows", trial.sensor().kafkaDroppedRows());
        json.put(prefix + "published", trial.sensor().published());
        json.put(prefix + "received_by_consumer", trial.received().rows());
        json.put(prefix + "flows", trial.sensor().flows());
        json.put(prefix + "broker_cpu_s", trial.brokerCpuSeconds());
        json.put(prefix + "consumer_cpu_s", trial.consumerCpuSeconds());
        json.put(prefix + "problems", trial.problems());
    }

    /** The sensor's statistics lines: when each came and what it said, to tell when and where it lost. */
    private static List<Object> timeline(KafkaHarness.LiveTrial trial) {
        List<Object> lines = new ArrayList<>();
        for (SensorProcess.Sample sample : trial.timeline()) {
            SensorProcess.Report r = sample.report();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("s", sample.nanos() / 1e9);
            line.put("captured", r.captured());
            line.put("kernel_dropped", r.kernelDropped());
            line.put("retention_dropped", r.retentionDropped());
            line.put("published", r.published());
            line.put("batches", r.batches());
            line.put("kafka_dropped_rows", r.kafkaDroppedRows());
            lines.add(line);
        }
        return lines;
    }

    /**
     * What the sensor dropped (kernel, retention, Kafka rows) after the start of its load: from its
     * second statistics line that shows traffic to its final one. The first second of a new JVM
     * under load (the publishing path compiled and connected while packets arrive) is apart from the
     * rate it sustains; the start is what {@link #lost} adds.
     */
    static long droppedAfterStart(KafkaHarness.LiveTrial trial) {
        List<SensorProcess.Sample> timeline = trial.timeline();
        int first = 0;
        while (first < timeline.size() - 1 && timeline.get(first).report().captured() == 0) {
            first++;
        }
        return dropped(timeline.getLast().report()) - dropped(timeline.get(Math.min(first + 1, timeline.size() - 1)).report());
    }

    private static long dropped(SensorProcess.Report report) {
        return report.kernelDropped() + report.interfaceDropped() + report.retentionDropped() + report.kafkaDroppedRows();
    }

    /** Whether the sensor lost anything of what was offered: kernel, interface, retention or Kafka. */
    static boolean lost(KafkaHarness.LiveTrial trial) {
        return trial.trial().lossPercent() > 0 || trial.trial().counts().retentionDropped() > 0
                || trial.sensor().kafkaDroppedRows() > 0;
    }

    static void markdown(BenchSettings settings, KafkaHarness.Result result, StringBuilder out) {
        KafkaHarness.Alone alone = result.alone();
        line(out, "");
        line(out, "## Kafka: packets per second from capture to broker to consumer (one run)");
        line(out, "");
        line(out, "A broker of its own (`scripts/kafka-broker`'s main class, a process on 127.0.0.1) on this machine. "
                + "End to end = from the sensors' start (JVM start-up included) until the consumer (in the suite's JVM, "
                + "counting the `rows` header of distinct (sensor, sequence) records) had every packet row and every flow. "
                + "Capture alone = the sensor's capture without Kafka (retention 16,384, `get()` until the end, flows) in a JVM "
                + "of its own. CPU = the processes' user + system time. Bytes: the packet records' values as the consumer "
                + "reads them (Arrow IPC), and the packets topic's log segments on the broker's disk (zstd batches).");
        line(out, "");
        line(out, "| run (" + result.file().getFileName() + ") | packets | end to end s | packets/s | vs capture alone (process) "
                + "| sensors' wall s | sensors' CPU s | broker CPU s | records | Arrow bytes | on disk | complete |");
        line(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        line(out, "| capture alone (in-JVM time " + format("%.2f", alone.seconds()) + " s, " + format("%,.0f", alone.packetsPerSecond())
                + " packets/s) | " + format("%,d", alone.rows()) + " | " + format("%.2f", alone.processSeconds()) + " | "
                + format("%,.0f", alone.processPacketsPerSecond()) + " | 1.00x | " + format("%.2f", alone.processSeconds())
                + " | " + format("%.2f", alone.cpuSeconds()) + " | | " + format("%,d", alone.flows()) + " flows | | | |");
        for (KafkaHarness.FileRun run : result.fileRuns()) {
            line(out, "| " + run.sensors() + (run.sensors() == 1 ? " sensor" : " sensors at once") + " | "
                    + format("%,d", run.received().rows()) + " of " + format("%,d", run.expectedRows()) + " | "
                    + format("%.2f", run.seconds()) + " | " + format("%,.0f", run.packetsPerSecond()) + " | "
                    + format("%.2fx", run.packetsPerSecond() / alone.processPacketsPerSecond()) + " | "
                    + format("%.2f", run.sensorSeconds()) + " | " + format("%.2f", run.sensorCpuSeconds()) + " | "
                    + format("%.2f", run.brokerCpuSeconds()) + " | " + format("%,d", run.received().packetRecords()) + " + "
                    + format("%,d", run.received().flows()) + " flows | " + format("%,d", run.received().packetBytes()) + " | "
                    + format("%,d", run.topicBytes()) + " | "
                    + (run.problems().isEmpty() ? "yes" : "**no**: " + String.join("; ", run.problems())) + " |");
        }
        line(out, "");
        line(out, "Live: one sensor on the veth pair of the saturation part, trafgen IMIX at fixed rates for "
                + settings.kafkaLoad().toSeconds() + " s, beside the capture alone (netlistener's defaults, `get()` every "
                + "second) at the same rates. Offered = the interface's `rx_packets`; loss = (offered - captured) / offered; "
                + "retention drops = rows the capture discarded while 4 x 16,384 (the sensor) waited for `get()`; kafka_dropped = "
                + "rows taken but dropped on the way to the broker; received = rows the consumer counted. CPU per packet "
                + "offered from 25 % to 90 % of the load (the capturing process); the broker's and the consumer's CPU "
                + "seconds over the sensor's whole trial. trafgen `--rate` busy-waits on one of the two cores. "
                + "`kafka.json` has the sensor's statistics line of every second; dropped after the start = its "
                + "kernel, retention and Kafka drops from its second line that shows traffic to its last.");
        line(out, "");
        line(out, "| rate/s | capturer | offered | offered/s | captured | kernel drops | retention drops | kafka_dropped rows "
                + "| published | received | loss % | CPU ns/packet | broker, consumer CPU s | lost anything | dropped after the start |");
        line(out, "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        for (KafkaHarness.LiveTrial trial : result.live()) {
            SaturationHarness.Trial t = trial.trial();
            boolean sensor = trial.sensor() != null;
            boolean lost = sensor ? lost(trial) : t.lossPercent() > 0 || t.counts().retentionDropped() > 0;
            line(out, "| " + format("%,d", trial.rate()) + " | " + (sensor ? "sensor" : "capture alone") + " | "
                    + format("%,d", t.offered()) + " | " + format("%,.0f", t.offeredPerSecond()) + " | "
                    + format("%,d", t.counts().captured()) + " | " + format("%,d", t.counts().kernelDropped()) + " | "
                    + format("%,d", t.counts().retentionDropped()) + " | "
                    + (sensor ? format("%,d", trial.sensor().kafkaDroppedRows()) + " | " + format("%,d", trial.sensor().published())
                    + " | " + format("%,d", trial.received().rows()) : " | | ") + " | " + format("%.3f", t.lossPercent()) + " | "
                    + format("%.0f", t.cpuNanosPerPacket()) + " | "
                    + (sensor ? format("%.2f", trial.brokerCpuSeconds()) + ", " + format("%.2f", trial.consumerCpuSeconds()) : "")
                    + " | " + (lost ? "**yes**" : "no")
                    + (trial.problems().isEmpty() ? "" : "; " + String.join("; ", trial.problems())) + " | "
                    + (sensor ? format("%,d", droppedAfterStart(trial)) : "") + " |");
        }
    }

    /** What makes the part's output unusable: a file run that lost anything, published rows the consumer never saw. */
    static List<String> problems(KafkaHarness.Result result) {
        List<String> problems = new ArrayList<>();
        for (KafkaHarness.FileRun run : result.fileRuns()) {
            run.problems().forEach(p -> problems.add("kafka " + run.sensors() + " sensor(s) reading the file: " + p));
            if (!(run.seconds() > 0)) {
                problems.add("kafka " + run.sensors() + " sensor(s): no record arrived");
            }
        }
        if (result.alone().rows() != result.filePackets()) {
            problems.add("kafka capture alone read " + result.alone().rows() + " of " + result.filePackets() + " packets");
        }
        for (KafkaHarness.LiveTrial trial : result.live()) {
            trial.problems().forEach(p -> problems.add("kafka live " + trial.rate() + "/s: " + p));
            if (trial.trial().offered() <= 0) {
                problems.add("kafka live " + trial.rate() + "/s " + trial.trial().tool() + ": nothing offered");
            }
        }
        return problems;
    }

    private static String format(String pattern, Object value) {
        return String.format(Locale.ROOT, pattern, value);
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append('\n');
    }
}
