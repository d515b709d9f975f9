// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.util.List;

/** What one run of the suite measured; a part that did not run is null. */
record Measurements(List<DecodeMeasurement.Score> decode, List<OfflineComparison.Result> offline,
                    List<LossHarness.ScenarioResult> loss, List<SaturationHarness.ScenarioResult> saturation,
                    KafkaHarness.Result kafka) {

    OfflineComparison.Result offline(String workload) {
        return offline.stream().filter(r -> r.workload().equals(workload)).findFirst().orElseThrow();
    }

    /** netlistener's median loss is zero wherever tcpdump's is, and never above tcpdump's. */
    static boolean lossGoalMet(LossHarness.ScenarioResult result) {
        return lossGoalMet(Report.LossMedians.of(result.of("netlistener")).lossPercent(),
                Report.LossMedians.of(result.of("tcpdump")).lossPercent());
    }

    static boolean lossGoalMet(double oursPercent, double tcpdumpPercent) {
        return oursPercent <= tcpdumpPercent && (tcpdumpPercent > 0 || oursPercent == 0);
    }
}
