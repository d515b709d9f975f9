// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the measurements into the results: one JSON document per part, {@code summary.json}
 * (the headline numbers and the goals, under stable keys) and {@code results.md}.
 */
final class Report {
    /** The netlistener reader behind the headline offline number: the same work as the C program. */
    static final String HEADLINE = "stream";
    static final String PCAP4J = "pcap4j";
    static final double GOAL_VERSUS_C = 0.95;
    static final double GOAL_VERSUS_PCAP4J = 40;
    /** "About zero": JMH's own bookkeeping shows up as about 10^-4 bytes per operation. */
    static final double GOAL_BYTES_PER_PACKET = 0.01;

    private final Machine machine;
    private final String command;
    private final BenchSettings settings;

    Report(Machine machine, String command, BenchSettings settings) {
        this.machine = machine;
        this.command = command;
        this.settings = settings;
    }

    Machine machine() {
        return machine;
    }

    String command() {
        return command;
    }

    BenchSettings settings() {
        return settings;
    }

    Map<String, Object> header() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        json.put("quick", settings.quick());
        json.put("machine", machine.json());
        return json;
    }

    // ---- decode

    Map<String, Object> decodeJson(List<DecodeMeasurement.Score> scores) {
        Map<String, Object> json = header();
        List<Object> list = new ArrayList<>();
        for (DecodeMeasurement.Score score : scores) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("benchmark", score.benchmark());
            entry.put("params", score.params());
            entry.put("ns_per_op", score.nsPerOperation());
            entry.put("ns_per_op_error", score.error());
            entry.put("bytes_per_op", score.bytesPerOperation());
            list.add(entry);
        }
        json.put("benchmarks", list);
        return json;
    }

    static DecodeMeasurement.Score imixDecode(List<DecodeMeasurement.Score> scores) {
        return scores.stream().filter(s -> s.benchmark().equals(DecodeMeasurement.IMIX)).findFirst()
                .orElseThrow(() -> new IllegalStateException("JMH reported no " + DecodeMeasurement.IMIX));
    }

    // ---- offline

    Map<String, Object> offlineJson(List<OfflineComparison.Result> results) {
        Map<String, Object> json = header();
        json.put("sets", settings.offlineSets());
        json.put("warmups_per_process", settings.offlineWarmups());
        json.put("rounds_per_process", settings.offlineRounds());
        Map<String, Object> workloads = new LinkedHashMap<>();
        for (OfflineComparison.Result result : results) {
            Map<String, Object> workload = new LinkedHashMap<>();
            workload.put("packets", result.packets());
            workload.put("checksum", result.checksum());
            Map<String, Object> contenders = new LinkedHashMap<>();
            result.contenders().forEach((name, contender) -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("reader", OfflineComparison.describe(name));
                entry.put("median_pps", contender.median());
                entry.put("over_c", result.ratio(name, OfflineComparison.C));
                entry.put("over_pcap4j", result.ratio(name, PCAP4J));
                entry.put("pps", contender.packetsPerSecond());
                contenders.put(name, entry);
            });
            workload.put("contenders", contenders);
            workloads.put(result.workload(), workload);
        }
        json.put("workloads", workloads);
        return json;
    }

    // ---- loss

    /** One tool's medians over the rounds of a scenario, and its worst round's loss (medians hide a bad round). */
    record LossMedians(double sent, double interfaceReceived, double interfaceDropped, double captured,
                       double kernelDropped, double retentionDropped, double lossPercent,
                       double worstLossPercent) {

        static LossMedians of(List<LossHarness.Trial> trials) {
            return new LossMedians(Stats.median(trials, LossHarness.Trial::sent),
                    Stats.median(trials, LossHarness.Trial::interfaceReceived),
                    Stats.median(trials, LossHarness.Trial::interfaceDropped), Stats.median(trials, t -> t.counts().captured()),
                    Stats.median(trials, t -> t.counts().kernelDropped()),
                    Stats.median(trials, t -> t.counts().retentionDropped()),
                    Stats.median(trials, LossHarness.Trial::lossPercent),
                    trials.stream().mapToDouble(LossHarness.Trial::lossPercent).max().orElse(Double.NaN));
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sent", sent);
            json.put("interface_received", interfaceReceived);
            json.put("interface_dropped", interfaceDropped);
            json.put("captured", captured);
            json.put("kernel_dropped", kernelDropped);
            json.put("retention_dropped", retentionDropped);
            json.put("loss_pct", lossPercent);
            json.put("worst_loss_pct", worstLossPercent);
            return json;
        }
    }

    static final List<String> TOOLS = List.of("netlistener", "tcpdump");

    Map<String, Object> lossJson(List<LossHarness.ScenarioResult> results) {
        Map<String, Object> json = header();
        json.put("rounds", settings.lossRounds());
        Map<String, Object> scenarios = new LinkedHashMap<>();
        for (LossHarness.ScenarioResult result : results) {
            LossScenario scenario = result.scenario();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("description", scenario.description());
            entry.put("workload", scenario.workload());
            entry.put("file_packets", settings.packets(scenario.workload()));
            entry.put("streams", scenario.streams());
            entry.put("loops", result.loops());
            entry.put("cpu_hog", scenario.cpuHog());
            entry.put("get_interval_s", scenario.getInterval().toSeconds());
            Map<String, Object> tools = new LinkedHashMap<>();
            for (String tool : TOOLS) {
                LossMedians medians = LossMedians.of(result.of(tool));
                Map<String, Object> toolJson = new LinkedHashMap<>();
                toolJson.put("median", medians.json());
                toolJson.put("trials", result.of(tool).stream().map(Report::trialJson).toList());
                tools.put(tool, toolJson);
            }
            entry.put("tools", tools);
            scenarios.put(scenario.name(), entry);
        }
        json.put("scenarios", scenarios);
        return json;
    }

    private static Map<String, Object> trialJson(LossHarness.Trial trial) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sent", trial.sent());
        json.put("interface_received", trial.interfaceReceived());
        json.put("interface_dropped", trial.interfaceDropped());
        putCounts(json, trial.counts());
        json.put("loss_pct", trial.lossPercent());
        return json;
    }

    /** What a capturing tool reported, under the same keys in every part's JSON. */
    static void putCounts(Map<String, Object> json, LossTool.Counts counts) {
        json.put("captured", counts.captured());
        json.put("received_by_filter", counts.receivedByFilter());
        json.put("kernel_dropped", counts.kernelDropped());
        json.put("retention_dropped", counts.retentionDropped());
        json.put("delivered", counts.delivered());
    }
}
