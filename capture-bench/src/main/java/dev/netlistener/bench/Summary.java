// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code summary.json}: the headline numbers under stable keys ({@code offline.ours_pps},
 * {@code decode.ns_per_packet}, {@code loss.<scenario>.ours_loss_pct},
 * {@code saturation.<scenario>.stream_cpu_ns_per_packet}, ...) and, under
 * {@code goals}, whether each goal of the issue was met. Goals are reported, never enforced.
 */
final class Summary {
    private Summary() {
    }

    static Map<String, Object> of(Report report, Measurements measured) {
        Map<String, Object> json = report.header();
        Map<String, Object> goals = new LinkedHashMap<>();
        if (measured.decode() != null) {
            DecodeMeasurement.Score imix = Report.imixDecode(measured.decode());
            Map<String, Object> decode = new LinkedHashMap<>();
            decode.put("benchmark", imix.benchmark());
            decode.put("ns_per_packet", imix.nsPerOperation());
            decode.put("bytes_per_packet", imix.bytesPerOperation());
            json.put("decode", decode);
            goals.put("decode_allocation_about_zero", imix.bytesPerOperation() < Report.GOAL_BYTES_PER_PACKET);
        }
        if (measured.offline() != null) {
            OfflineComparison.Result imix = measured.offline("imix");
            Map<String, Object> offline = new LinkedHashMap<>();
            offline.put("workload", "imix, " + imix.packets() + " packets");
            offline.put("ours_reader", Report.HEADLINE);
            offline.put("ours_pps", imix.contenders().get(Report.HEADLINE).median());
            offline.put("c_pps", imix.contenders().get(OfflineComparison.C).median());
            offline.put("pcap4j_pps", imix.contenders().get(Report.PCAP4J).median());
            offline.put("ours_over_c", imix.ratio(Report.HEADLINE, OfflineComparison.C));
            offline.put("ours_over_pcap4j", imix.ratio(Report.HEADLINE, Report.PCAP4J));
            imix.contenders().forEach((name, contender) -> offline.put(name.replace('-', '_') + "_pps", contender.median()));
            json.put("offline", offline);
            goals.put("offline_at_least_0.95x_c", imix.ratio(Report.HEADLINE, OfflineComparison.C) >= Report.GOAL_VERSUS_C);
            goals.put("offline_at_least_40x_pcap4j",
                    imix.ratio(Report.HEADLINE, Report.PCAP4J) >= Report.GOAL_VERSUS_PCAP4J);
        }
        if (measured.loss() != null) {
            Map<String, Object> loss = new LinkedHashMap<>();
            Map<String, Object> lossGoals = new LinkedHashMap<>();
            for (LossHarness.ScenarioResult result : measured.loss()) {
                Report.LossMedians ours = Report.LossMedians.of(result.of("netlistener"));
                Report.LossMedians tcpdump = Report.LossMedians.of(result.of("tcpdump"));
                Map<String, Object> scenario = new LinkedHashMap<>();
                scenario.put("sent", ours.sent());
                scenario.put("ours_captured", ours.captured());
                scenario.put("ours_loss_pct", ours.lossPercent());
                scenario.put("ours_worst_loss_pct", ours.worstLossPercent());
                scenario.put("ours_kernel_dropped", ours.kernelDropped());
                scenario.put("ours_retention_dropped", ours.retentionDropped());
                scenario.put("tcpdump_sent", tcpdump.sent());
                scenario.put("tcpdump_captured", tcpdump.captured());
                scenario.put("tcpdump_loss_pct", tcpdump.lossPercent());
                scenario.put("tcpdump_worst_loss_pct", tcpdump.worstLossPercent());
                scenario.put("tcpdump_kernel_dropped", tcpdump.kernelDropped());
                loss.put(result.scenario().name(), scenario);
                lossGoals.put(result.scenario().name(), Measurements.lossGoalMet(result));
            }
            json.put("loss", loss);
            goals.put("loss_never_above_tcpdump", lossGoals);
        }
        if (measured.saturation() != null) {
            json.put("saturation", SaturationReport.summary(measured.saturation()));
            goals.putAll(SaturationReport.goals(measured.saturation()));
        }
        if (measured.kafka() != null) {
            json.put("kafka", KafkaReport.summary(measured.kafka()));
        }
        json.put("goals", goals);
        return json;
    }
}
