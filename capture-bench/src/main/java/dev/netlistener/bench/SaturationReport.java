// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The saturation part's results: {@code saturation.json} (every round), its entries in
 * {@code summary.json} ({@code saturation.<scenario>.ours_loss_pct}, ...) and its goals.
 */
final class SaturationReport {
    /** Keys of the contenders in {@code summary.json}: "ours" is netlistener with its defaults. */
    static final Map<String, String> SUMMARY_PREFIX = Map.of(SaturationCapturer.Mode.TABLE.contender(), "ours",
            SaturationCapturer.Mode.STREAM.contender(), "stream", SaturationHarness.TCPDUMP, "tcpdump");
    /** The goals' limits on CPU time per packet, in multiples of tcpdump's. */
    static final Map<String, Double> CPU_GOAL_VERSUS_TCPDUMP = Map.of(SaturationCapturer.Mode.TABLE.contender(), 3.0,
            SaturationCapturer.Mode.STREAM.contender(), 2.0);

    private SaturationReport() {
    }

    /** What a contender is, for the reports. */
    static String describe(String contender) {
        return switch (SUMMARY_PREFIX.get(contender)) {
            case "ours" -> "netlistener, defaults (`get()` every second)";
            case "stream" -> "netlistener `Delivery.STREAM` + `poll`, flows off";
            default -> "tcpdump `-w /dev/null`";
        };
    }

    /** One contender's medians over the rounds of a scenario, and its worst round's loss. */
    record Medians(double offered, double offeredPerSecond, double delivered, double kernelDropped,
                   double interfaceDropped, double retentionDropped, double lossPercent,
                   double worstLossPercent, double cpuNanosPerPacket, double runCpuSeconds) {

        static Medians of(List<SaturationHarness.Trial> trials) {
            return new Medians(Stats.median(trials, SaturationHarness.Trial::offered),
                    Stats.median(trials, SaturationHarness.Trial::offeredPerSecond),
                    Stats.median(trials, t -> t.counts().delivered()), Stats.median(trials, t -> t.counts().kernelDropped()),
                    Stats.median(trials, SaturationHarness.Trial::interfaceDropped),
                    Stats.median(trials, t -> t.counts().retentionDropped()),
                    Stats.median(trials, SaturationHarness.Trial::lossPercent),
                    trials.stream().mapToDouble(SaturationHarness.Trial::lossPercent).max().orElse(Double.NaN),
                    Stats.median(trials, SaturationHarness.Trial::cpuNanosPerPacket),
                    Stats.median(trials, t -> t.runCpuNanos() / 1e9));
        }

        static Medians of(SaturationHarness.ScenarioResult result, String contender) {
            return of(result.of(contender));
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("offered", offered);
            json.put("offered_pps", offeredPerSecond);
            json.put("delivered", delivered);
            json.put("kernel_dropped", kernelDropped);
            json.put("interface_dropped", interfaceDropped);
            json.put("retention_dropped", retentionDropped);
            json.put("loss_pct", lossPercent);
            json.put("worst_loss_pct", worstLossPercent);
            json.put("cpu_ns_per_packet", cpuNanosPerPacket);
            json.put("run_cpu_s", runCpuSeconds);
            return json;
        }
    }

    /** A contender's median CPU time per packet over tcpdump's, from the same run. */
    static double cpuOverTcpdump(SaturationHarness.ScenarioResult result, String contender) {
        return Medians.of(result, contender).cpuNanosPerPacket()
                / Medians.of(result, SaturationHarness.TCPDUMP).cpuNanosPerPacket();
    }

    /** The contender's median loss is zero wherever tcpdump's is, and never above tcpdump's. */
    static boolean lossGoalMet(SaturationHarness.ScenarioResult result, String contender) {
        return Measurements.lossGoalMet(Medians.of(result, contender).lossPercent(),
                Medians.of(result, SaturationHarness.TCPDUMP).lossPercent());
    }

    static boolean cpuGoalMet(SaturationHarness.ScenarioResult result, String contender) {
        return cpuOverTcpdump(result, contender) <= CPU_GOAL_VERSUS_TCPDUMP.get(contender);
    }

    /** {@code saturation.json}: every round of every contender, with the medians. */
    static Map<String, Object> json(Report report, List<SaturationHarness.ScenarioResult> results) {
        Map<String, Object> json = report.header();
        json.put("rounds", report.settings().saturationRounds());
        json.put("load_s", report.settings().saturationLoad().toSeconds());
        Map<String, Object> scenarios = new LinkedHashMap<>();
        for (SaturationHarness.ScenarioResult result : results) {
            SaturationScenario scenario = result.scenario();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("description", scenario.description());
            entry.put("frames", scenario.frames());
            entry.put("generator_cpus", scenario.generatorCpus());
            entry.put("rate_pps", scenario.packetsPerSecond());
            Map<String, Object> contenders = new LinkedHashMap<>();
            for (String contender : SaturationHarness.CONTENDERS) {
                Map<String, Object> contenderJson = new LinkedHashMap<>();
                contenderJson.put("median", Medians.of(result, contender).json());
                contenderJson.put("trials", result.of(contender).stream().map(SaturationReport::trialJson).toList());
                contenders.put(contender, contenderJson);
            }
            entry.put("contenders", contenders);
            scenarios.put(scenario.name(), entry);
        }
        json.put("scenarios", scenarios);
        return json;
    }

    static Map<String, Object> trialJson(SaturationHarness.Trial trial) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("generated", trial.generated() >= 0 ? trial.generated() : null);
        json.put("offered", trial.offered());
        json.put("interface_dropped", trial.interfaceDropped());
        Report.putCounts(json, trial.counts());
        json.put("loss_pct", trial.lossPercent());
        json.put("window_packets", trial.windowPackets());
        json.put("window_s", trial.window().toNanos() / 1e9);
        json.put("offered_pps", trial.offeredPerSecond());
        json.put("window_cpu_s", trial.windowCpuNanos() / 1e9);
        json.put("cpu_ns_per_packet", trial.cpuNanosPerPacket());
        json.put("run_cpu_s", trial.runCpuNanos() / 1e9);
        return json;
    }

    /** The headline numbers of each scenario for {@code summary.json}: medians over rounds, ratios from the same run. */
    static Map<String, Object> summary(List<SaturationHarness.ScenarioResult> results) {
        Map<String, Object> summary = new LinkedHashMap<>();
        for (SaturationHarness.ScenarioResult result : results) {
            Map<String, Object> scenario = new LinkedHashMap<>();
            scenario.put("description", result.scenario().description());
            scenario.put("sent", Stats.median(result.trials(), SaturationHarness.Trial::offered));
            for (String contender : SaturationHarness.CONTENDERS) {
                String prefix = SUMMARY_PREFIX.get(contender) + "_";
                Medians medians = Medians.of(result, contender);
                scenario.put(prefix + "offered", medians.offered());
                scenario.put(prefix + "offered_pps", medians.offeredPerSecond());
                scenario.put(prefix + "delivered", medians.delivered());
                scenario.put(prefix + "loss_pct", medians.lossPercent());
                scenario.put(prefix + "worst_loss_pct", medians.worstLossPercent());
                scenario.put(prefix + "kernel_dropped", medians.kernelDropped());
                scenario.put(prefix + "interface_dropped", medians.interfaceDropped());
                scenario.put(prefix + "cpu_ns_per_packet", medians.cpuNanosPerPacket());
                scenario.put(prefix + "run_cpu_s", medians.runCpuSeconds());
                if (CPU_GOAL_VERSUS_TCPDUMP.containsKey(contender)) {
                    scenario.put(prefix + "retention_dropped", medians.retentionDropped());
                    scenario.put(prefix + "cpu_over_tcpdump", cpuOverTcpdump(result, contender));
                }
            }
            summary.put(result.scenario().name(), scenario);
        }
        return summary;
    }

    /** The saturation goals for {@code summary.json}: per goal, per scenario, met or not. */
    static Map<String, Object> goals(List<SaturationHarness.ScenarioResult> results) {
        Map<String, Object> goals = new LinkedHashMap<>();
        for (String contender : CPU_GOAL_VERSUS_TCPDUMP.keySet().stream().sorted().toList()) {
            String prefix = "saturation_" + SUMMARY_PREFIX.get(contender);
            Map<String, Object> loss = new LinkedHashMap<>();
            Map<String, Object> cpu = new LinkedHashMap<>();
            for (SaturationHarness.ScenarioResult result : results) {
                loss.put(result.scenario().name(), lossGoalMet(result, contender));
                cpu.put(result.scenario().name(), cpuGoalMet(result, contender));
            }
            goals.put(prefix + "_loss_never_above_tcpdump", loss);
            goals.put(prefix + "_cpu_at_most_" + CPU_GOAL_VERSUS_TCPDUMP.get(contender).intValue() + "x_tcpdump", cpu);
        }
        return goals;
    }
}
