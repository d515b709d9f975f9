// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What makes a run's output unusable: a missing part, a number that is not finite, a loss outside
 * 0 to 100 %, nothing sent or captured, captured packets neither delivered nor dropped by retention,
 * more packets received than generated, more CPU time than the cores have, a Kafka run that lost
 * packets reading a file (which never drops) or published rows its consumer never received. Never a speed: on a
 * shared machine that would fail at random.
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
        if (measured.saturation() != null) {
            measured.saturation().forEach(check::saturation);
        }
        if (measured.kafka() != null) {
            check.problems.addAll(KafkaReport.problems(measured.kafka()));
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
        everyToolTried("loss " + result.scenario().name(), Report.TOOLS, result::of);
        for (LossHarness.Trial trial : result.trials()) {
            String what = "loss " + result.scenario().name() + " " + trial.tool();
            positive(what + " sent", trial.sent());
            positive(what + " captured", trial.counts().captured());
            positive(what + " received by the interface", trial.interfaceReceived());
            lossWithinRange(what, trial.lossPercent(), trial.sent(), trial.counts().captured());
            dropCounts(what, trial.counts(), trial.interfaceDropped());
        }
    }

    private void saturation(SaturationHarness.ScenarioResult result) {
        everyToolTried("saturation " + result.scenario().name(), SaturationHarness.CONTENDERS, result::of);
        for (SaturationHarness.Trial trial : result.trials()) {
            String what = "saturation " + result.scenario().name() + " " + trial.tool();
            positive(what + " offered", trial.offered());
            positive(what + " delivered", trial.counts().delivered());
            positive(what + " packets offered in the steady window", trial.windowPackets());
            positive(what + " CPU ns per packet", trial.cpuNanosPerPacket());
            positive(what + " whole-run CPU time", trial.runCpuNanos());
            lossWithinRange(what, trial.lossPercent(), trial.offered(), trial.counts().captured());
            dropCounts(what, trial.counts(), trial.interfaceDropped());
            if (trial.generated() >= 0 && trial.offered() > trial.generated()) {
                problems.add(what + ": the interface received " + trial.offered() + " packets, more than trafgen sent ("
                        + trial.generated() + "): something else sent on the link");
            }
            long cpuAvailable = trial.window().toNanos() * Runtime.getRuntime().availableProcessors();
            if (trial.windowCpuNanos() > cpuAvailable * 1.05) {
                problems.add(what + ": " + trial.windowCpuNanos() + " ns of CPU time in a window of " + trial.window()
                        + " is more than the machine's cores have");
            }
        }
    }

    private void everyToolTried(String scenario, List<String> tools, Function<String, List<?>> trialsOf) {
        for (String tool : tools) {
            if (trialsOf.apply(tool).isEmpty()) {
                problems.add(scenario + ": no trial of " + tool);
            }
        }
    }

    private void lossWithinRange(String what, double loss, long sent, long captured) {
        if (!(loss >= 0 && loss <= 100)) {
            problems.add(what + ": loss " + loss + " % is outside 0 to 100 (sent " + sent + ", captured " + captured + ")");
        }
    }

    private void dropCounts(String what, LossTool.Counts counts, long interfaceDropped) {
        for (long count : List.of(counts.kernelDropped(), counts.retentionDropped(), interfaceDropped)) {
            atLeastZero(what + " drop count", count);
        }
        if (counts.delivered() + counts.retentionDropped() != counts.captured()) {
            problems.add(what + ": captured " + counts.captured() + ", but delivered " + counts.delivered()
                    + " and dropped " + counts.retentionDropped() + " by retention: packets went missing or were counted twice");
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
