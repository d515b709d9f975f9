package dev.netlistener.bench;

import java.util.List;

/** What one run of the suite measured; a part that did not run is null. */
record Measurements(List<DecodeMeasurement.Score> decode, List<OfflineComparison.Result> offline,
                    List<LossHarness.ScenarioResult> loss) {

    OfflineComparison.Result offline(String workload) {
        return offline.stream().filter(r -> r.workload().equals(workload)).findFirst().orElseThrow();
    }

    /** netlistener's median loss is zero wherever tcpdump's is, and never above tcpdump's. */
    static boolean lossGoalMet(LossHarness.ScenarioResult result) {
        double ours = Report.LossMedians.of(result.of("netlistener")).lossPercent();
        double tcpdump = Report.LossMedians.of(result.of("tcpdump")).lossPercent();
        return ours <= tcpdump && (tcpdump > 0 || ours == 0);
    }
}
