// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.CaptureConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Loss under replayed load: for every {@link LossScenario}, netlistener and tcpdump capture the
 * same replay one after the other (their order alternating by round) on the host end of a
 * {@link VethLink}, and each trial records what was sent, what reached the interface and where
 * each tool lost packets. Needs root (namespaces, raw sockets).
 */
final class LossHarness {
    /** After the last packet is sent: longer than tcpdump's 1 s libpcap timeout, so its last block is read. */
    private static final Duration SETTLE = Duration.ofMillis(1500);
    private static final int BUFFER_BYTES = CaptureConfig.DEFAULT_BUFFER_SIZE;

    private final BenchSettings settings;

    LossHarness(BenchSettings settings) {
        this.settings = settings;
    }

    /**
     * One tool's run through one replay.
     *
     * @param interfaceReceived {@code rx_packets} of the capturing end during the trial (sysfs)
     * @param interfaceDropped  {@code rx_dropped} of the capturing end during the trial
     */
    record Trial(String tool, long sent, long interfaceReceived, long interfaceDropped, LossTool.Counts counts) {
        /** Sent but not captured, in percent of sent. */
        double lossPercent() {
            return 100.0 * (sent - counts.captured()) / sent;
        }
    }

    record ScenarioResult(LossScenario scenario, int loops, List<Trial> trials) {
        List<Trial> of(String tool) {
            return trials.stream().filter(t -> t.tool().equals(tool)).toList();
        }
    }

    List<ScenarioResult> run(List<LossScenario> scenarios) throws Exception {
        return VethLink.during(link -> {
            warmUp(link);
            List<ScenarioResult> results = new ArrayList<>();
            for (LossScenario scenario : scenarios) {
                results.add(run(link, scenario));
            }
            return results;
        });
    }

    /** One unrecorded trial, so that netlistener's code is compiled before it is measured, as tcpdump's is. */
    private void warmUp(VethLink link) throws Exception {
        LossScenario warmUp = new LossScenario("warm-up", "small", 1, false, LossScenario.NORMAL_INTERVAL, 0);
        trial(link, warmUp, new NetlistenerTool(warmUp.getInterval(), BUFFER_BYTES, 0), 1);
    }

    private ScenarioResult run(VethLink link, LossScenario scenario) throws Exception {
        int loops = settings.loops(scenario);
        List<Trial> trials = new ArrayList<>();
        for (int round = 0; round < settings.lossRounds(); round++) {
            List<LossTool> tools = List.of(new NetlistenerTool(scenario.getInterval(), BUFFER_BYTES, scenario.retention()),
                    new TcpdumpTool(BUFFER_BYTES));
            for (LossTool tool : round % 2 == 0 ? tools : tools.reversed()) {
                Trial trial = trial(link, scenario, tool, loops);
                System.err.printf("loss %s round %d %s: sent %d, interface %d, captured %d, kernel drops %d,"
                                + " retention drops %d, loss %.3f %%%n", scenario.name(), round + 1, tool.name(),
                        trial.sent(), trial.interfaceReceived(), trial.counts().captured(),
                        trial.counts().kernelDropped(), trial.counts().retentionDropped(), trial.lossPercent());
                trials.add(trial);
            }
        }
        return new ScenarioResult(scenario, loops, trials);
    }

    private Trial trial(VethLink link, LossScenario scenario, LossTool tool, int loops) throws Exception {
        tool.start(link.host());
        try {
            VethLink.InterfaceCounters before = link.counters();
            long sent;
            CpuHog hog = scenario.cpuHog() ? new CpuHog(Runtime.getRuntime().availableProcessors()) : null;
            try {
                sent = Replay.run(link, settings.file(scenario.workload()), scenario.streams(), loops);
                Thread.sleep(SETTLE);
            } finally {
                if (hog != null) {
                    hog.stop();
                }
            }
            LossTool.Counts counts = tool.stop();
            VethLink.InterfaceCounters interfaceCounts = link.counters().since(before);
            return new Trial(tool.name(), sent, interfaceCounts.received(), interfaceCounts.dropped(), counts);
        } catch (Exception e) {
            throw LossTool.stopAfter(tool, e);
        }
    }
}
