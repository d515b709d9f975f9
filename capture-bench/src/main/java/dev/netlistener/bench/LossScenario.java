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
 */
record LossScenario(String name, String workload, int streams, boolean cpuHog, Duration getInterval) {
    static final Duration NORMAL_INTERVAL = Duration.ofSeconds(1);
    /** At the replay rates here (0.5 to 0.8 M packets/s), 4 s of load outgrow the default retention of 1 M rows. */
    static final Duration SLOW_INTERVAL = Duration.ofSeconds(4);

    /** Idle, CPU hog, slow consumer and a four-stream burst, each on both workloads. */
    static List<LossScenario> all() {
        return List.of("imix", "small").stream().flatMap(workload -> List.of(
                new LossScenario("idle_" + workload, workload, 1, false, NORMAL_INTERVAL),
                new LossScenario("cpu_hog_" + workload, workload, 1, true, NORMAL_INTERVAL),
                new LossScenario("slow_consumer_" + workload, workload, 1, false, SLOW_INTERVAL),
                new LossScenario("burst_" + workload, workload, 4, false, NORMAL_INTERVAL)).stream()).toList();
    }

    String description() {
        return (streams == 1 ? "1 stream" : streams + " streams at once") + (cpuHog ? ", both cores busy" : "")
                + (getInterval.equals(NORMAL_INTERVAL) ? "" : ", get() every " + getInterval.toSeconds() + " s");
    }
}
