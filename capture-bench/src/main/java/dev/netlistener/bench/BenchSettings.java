// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How much each part measures: the full run behind the committed results, or the quick run CI
 * uses as a smoke test (small files, one round: it shows that everything runs, not how fast).
 *
 * @param offlineSets    times the offline contenders run, one after the other, each in a new JVM
 * @param lossRounds     times each loss scenario runs per tool (tools alternate their order)
 * @param loops          tcpreplay {@code --loop} of a single stream
 * @param burstLoops     tcpreplay {@code --loop} of each stream of a burst
 * @param saturationScenarios the loads of the saturation part
 * @param saturationRounds times each saturation scenario runs per contender (contenders alternate their order)
 * @param saturationLoad   how long trafgen sends in each saturation trial
 * @param kafkaSensors     how many sensors read the file at once in the kafka part's second run
 * @param kafkaRates       the kafka part's live rates, IMIX packets per second
 * @param kafkaLoad        how long trafgen sends at each of them, per capturer
 */
record BenchSettings(boolean quick, Path workDirectory, int imixPackets, int smallPackets, int offlineSets,
                     int offlineWarmups, int offlineRounds, int lossRounds, int loops, int burstLoops,
                     List<SaturationScenario> saturationScenarios, int saturationRounds, Duration saturationLoad,
                     int kafkaSensors, List<Long> kafkaRates, Duration kafkaLoad) {

    static BenchSettings full(Path workDirectory) {
        return new BenchSettings(false, workDirectory, 1_000_000, 1_000_000, 3, 2, 3, 3, 3, 1, SaturationScenario.standard(),
                2, Duration.ofSeconds(30), 3, List.of(50_000L, 100_000L, 200_000L, 400_000L), Duration.ofSeconds(10));
    }

    static BenchSettings quick(Path workDirectory) {
        return new BenchSettings(true, workDirectory, 100_000, 100_000, 1, 1, 2, 1, 2, 1, SaturationScenario.quick(),
                1, Duration.ofSeconds(10), 3, List.of(100_000L, 400_000L), Duration.ofSeconds(5));
    }

    BenchSettings withSaturationScenarios(List<SaturationScenario> scenarios) {
        return new BenchSettings(quick, workDirectory, imixPackets, smallPackets, offlineSets, offlineWarmups,
                offlineRounds, lossRounds, loops, burstLoops, scenarios, saturationRounds, saturationLoad, kafkaSensors,
                kafkaRates, kafkaLoad);
    }

    /** The generated input of a workload ({@code imix} or {@code small}), written on first use. */
    Path file(String workload) throws IOException {
        return switch (workload) {
            case "imix" -> Workloads.imix(workDirectory, imixPackets);
            case "small" -> Workloads.small(workDirectory, smallPackets);
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        };
    }

    int packets(String workload) {
        return workload.equals("imix") ? imixPackets : smallPackets;
    }

    int loops(LossScenario scenario) {
        return scenario.streams() == 1 ? loops : burstLoops;
    }
}
