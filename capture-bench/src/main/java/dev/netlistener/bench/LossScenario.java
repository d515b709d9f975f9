// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.time.Duration;
import java.util.List;

/**
 * One load the capture tools face in turn.
 *
 * @param name        the key in the results ({@code loss.<name>})
 * @param workload    {@code imix} or {@code small}
 * @param streams     tcpreplay processes started together
 * @param cpuHog      whether busy threads keep every core busy meanwhile
 * @param getInterval how long netlistener's consumer sleeps between calls of {@code get()}
 * @param retention   netlistener's retention in rows, or 0 for the default (a quarter of the heap)
 */
record LossScenario(String name, String workload, int streams, boolean cpuHog, Duration getInterval, int retention) {
    static final Duration NORMAL_INTERVAL = Duration.ofSeconds(1);
    static final Duration SLOW_INTERVAL = Duration.ofSeconds(4);
    /**
     * The slow consumer's retention: one million rows, which 4 s of these replays (0.2 to 0.8 M
     * packets/s) outgrow, so that the policy is exercised; the default (a quarter of the heap,
     * about 18 million rows in the suite's JVM) would hold them all.
     */
    static final int SLOW_RETENTION = 1_000_000;

    /** Idle, CPU hog, slow consumer and a four-stream burst, each on both workloads. */
    static List<LossScenario> all() {
        return List.of("imix", "small").stream().flatMap(workload -> List.of(
                new LossScenario("idle_" + workload, workload, 1, false, NORMAL_INTERVAL, 0),
                new LossScenario("cpu_hog_" + workload, workload, 1, true, NORMAL_INTERVAL, 0),
                new LossScenario("slow_consumer_" + workload, workload, 1, false, SLOW_INTERVAL, SLOW_RETENTION),
                new LossScenario("burst_" + workload, workload, 4, false, NORMAL_INTERVAL, 0)).stream()).toList();
    }

    String description() {
        return (streams == 1 ? "1 stream" : streams + " streams at once") + (cpuHog ? ", both cores busy" : "")
                + (getInterval.equals(NORMAL_INTERVAL) ? "" : ", get() every " + getInterval.toSeconds() + " s")
                + (retention == 0 ? "" : String.format(", retention %,d rows", retention));
    }
}
