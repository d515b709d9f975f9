package dev.netlistener.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What makes a run's output unusable: a missing part, a number that is not finite, a loss outside
 * 0 to 100 %, nothing sent or captured. Never a speed: on a shared machine that would fail at random.
 */
final class SanityCheck {
    private final List<String> problems = new ArrayList<>();

    private SanityCheck() {
    }

    static List<String> problems(Measurements measured) {
        SanityCheck check = new SanityCheck();
        if (measured.decode() != null) {
            check.decode(measured.decode());
        }
        if (measured.offline() != null) {
            measured.offline().forEach(check::offline);
        }
        if (measured.loss() != null) {
            measured.loss().forEach(check::loss);
        }
        return check.problems;
    }

    private void decode(List<DecodeMeasurement.Score> scores) {
        if (scores.stream().noneMatch(s -> s.benchmark().equals(DecodeMeasurement.IMIX))) {
            problems.add("JMH reported no " + DecodeMeasurement.IMIX);
        }
        for (DecodeMeasurement.Score score : scores) {
            positive(score.benchmark() + " " + score.params() + " ns/op", score.nsPerOperation());
            atLeastZero(score.benchmark() + " " + score.params() + " bytes/op", score.bytesPerOperation());
        }
    }

    private void offline(OfflineComparison.Result result) {
        for (String contender : OfflineComparison.CONTENDERS) {
            OfflineComparison.Contender measured = result.contenders().get(contender);
            if (measured == null) {
                problems.add("offline " + result.workload() + ": no result for " + contender);
            } else {
                measured.packetsPerSecond().forEach(pps -> positive("offline " + result.workload() + " " + contender
                        + " packets/s", pps));
            }
        }
    }

    private void loss(LossHarness.ScenarioResult result) {
        for (String tool : Report.TOOLS) {
            if (result.of(tool).isEmpty()) {
                problems.add("loss " + result.scenario().name() + ": no trial of " + tool);
            }
        }
        for (LossHarness.Trial trial : result.trials()) {
            String what = "loss " + result.scenario().name() + " " + trial.tool();
            positive(what + " sent", trial.sent());
            positive(what + " captured", trial.counts().captured());
            positive(what + " received by the interface", trial.interfaceReceived());
            double loss = trial.lossPercent();
            if (!(loss >= 0 && loss <= 100)) {
                problems.add(what + ": loss " + loss + " % is outside 0 to 100 (sent " + trial.sent() + ", captured "
                        + trial.counts().captured() + ")");
            }
            for (long count : List.of(trial.counts().kernelDropped(), trial.counts().ringDropped(),
                    trial.counts().retentionDropped(), trial.interfaceDropped())) {
                atLeastZero(what + " drop count", count);
            }
        }
    }

    private void positive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            problems.add(what + " is " + value + ", not a positive number");
        }
    }

    private void atLeastZero(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            problems.add(what + " is " + value + ", not a number of at least 0");
        }
    }
}
