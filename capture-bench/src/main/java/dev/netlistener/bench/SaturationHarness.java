// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.CaptureConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Loss and CPU per packet under a generated load of up to the machine's limit: for every
 * {@link SaturationScenario}, trafgen sends into a {@link VethLink} while one capturer at a time
 * takes the host end: netlistener with its defaults, netlistener streaming, and tcpdump, each in a
 * process of its own, their order alternating by round. Per trial: what reached the interface
 * (sysfs {@code rx_packets}: the offered load, whatever trafgen meant to send), what reached the
 * application, each drop counter, and the capturing process's CPU time over a steady window and
 * over its whole run. Needs root.
 */
final class SaturationHarness {
    static final String TCPDUMP = "tcpdump";
    static final List<String> CONTENDERS = List.of(SaturationCapturer.Mode.TABLE.contender(),
            SaturationCapturer.Mode.STREAM.contender(), TCPDUMP);
    /** The steady window, in shares of the load's duration: after start-up and JIT warm-up, before the end. */
    private static final double WINDOW_START = 0.25;
    private static final double WINDOW_END = 0.90;
    /** After the load: longer than tcpdump's 1 s libpcap timeout, so its last block is read. */
    private static final Duration SETTLE = Duration.ofMillis(1500);
    /** Then the capturer counts as idle, done with what its buffers held, below this share of one core. */
    private static final double IDLE_SHARE = 0.05;
    private static final Duration IDLE_PROBE = Duration.ofMillis(500);
    private static final Duration LONGEST_SETTLE = Duration.ofSeconds(20);
    private static final int BUFFER_BYTES = CaptureConfig.DEFAULT_BUFFER_SIZE;

    private final BenchSettings settings;

    SaturationHarness(BenchSettings settings) {
        this.settings = settings;
    }

    /**
     * One capturer's run through one load.
     *
     * @param generated        packets trafgen reports as sent, or -1 when it had to be killed before it said
     * @param offered          {@code rx_packets} of the capturing end over the whole trial
     * @param interfaceDropped {@code rx_dropped} of the capturing end over the whole trial
     * @param windowPackets    {@code rx_packets} over the steady window
     * @param windowCpuNanos   the capturing process's CPU time over the window, all threads
     * @param runCpuNanos      its CPU time from its start to the end of the load and the settling
     *                         after it (start-up and JIT warm-up included)
     */
    record Trial(String tool, long generated, long offered, long interfaceDropped, LossTool.Counts counts,
                 long windowPackets, Duration window, long windowCpuNanos, long runCpuNanos) {

        /**
         * Offered but not captured (dropped by the kernel or the interface, or never read), in percent
         * of offered; rows dropped by retention were captured and are counted apart.
         */
        double lossPercent() {
            return 100.0 * (offered - counts.captured()) / offered;
        }

        double cpuNanosPerPacket() {
            return (double) windowCpuNanos / windowPackets;
        }

        double offeredPerSecond() {
            return windowPackets * 1e9 / window.toNanos();
        }
    }

    record ScenarioResult(SaturationScenario scenario, List<Trial> trials) {
        List<Trial> of(String tool) {
            return trials.stream().filter(t -> t.tool().equals(tool)).toList();
        }
    }

    /** Runs every scenario of the settings. */
    List<ScenarioResult> run() throws Exception {
        return VethLink.during(link -> {
            List<ScenarioResult> results = new ArrayList<>();
            for (SaturationScenario scenario : settings.saturationScenarios()) {
                results.add(run(link, scenario));
            }
            return results;
        });
    }

    private ScenarioResult run(VethLink link, SaturationScenario scenario) throws Exception {
        Path config = TrafgenConfig.write(settings.workDirectory(), scenario.frames());
        List<Trial> trials = new ArrayList<>();
        for (int round = 0; round < settings.saturationRounds(); round++) {
            List<ProcessTool> tools = List.of(new CapturerJvm(SaturationCapturer.Mode.TABLE, BUFFER_BYTES),
                    new CapturerJvm(SaturationCapturer.Mode.STREAM, BUFFER_BYTES), new TcpdumpTool(BUFFER_BYTES));
            for (ProcessTool tool : round % 2 == 0 ? tools : tools.reversed()) {
                Trial trial = trial(link, scenario, config, tool, settings.saturationLoad());
                System.err.printf("saturation %s round %d %s: offered %d (%.0f/s in the window), delivered %d,"
                                + " kernel drops %d, interface drops %d, retention drops %d, loss %.3f %%,"
                                + " CPU %.0f ns/packet, whole run %.2f s CPU%n", scenario.name(), round + 1, tool.name(),
                        trial.offered(), trial.offeredPerSecond(), trial.counts().delivered(),
                        trial.counts().kernelDropped(), trial.interfaceDropped(), trial.counts().retentionDropped(),
                        trial.lossPercent(), trial.cpuNanosPerPacket(), trial.runCpuNanos() / 1e9);
                trials.add(trial);
            }
        }
        return new ScenarioResult(scenario, trials);
    }

    private record Moment(VethLink.InterfaceCounters interfaceCounters, ProcFs.ThreadTimes cpu) {
        static Moment of(VethLink link, long pid) throws IOException {
            return new Moment(link.counters(), ProcFs.threadTimes(pid));
        }
    }

    /** One capturer through {@code duration} of the load: started, measured, settled, stopped. */
    static Trial trial(VethLink link, SaturationScenario scenario, Path config, ProcessTool tool, Duration duration)
            throws Exception {
        tool.start(link.host());
        try {
            long pid = tool.pid();
            VethLink.InterfaceCounters before = link.counters();
            long load = duration.toNanos();
            Moment windowStart;
            Moment windowEnd;
            long generated;
            try (Trafgen trafgen = Trafgen.start(link, config, scenario.generatorCpus(), scenario.packetsPerSecond())) {
                long started = System.nanoTime();
                sleepUntil(started + (long) (load * WINDOW_START));
                windowStart = Moment.of(link, pid);
                sleepUntil(started + (long) (load * WINDOW_END));
                windowEnd = Moment.of(link, pid);
                sleepUntil(started + load);
                generated = trafgen.stop();
            }
            settle(tool);
            long runCpu = ProcFs.cpuNanos(pid);
            LossTool.Counts counts = tool.stop();
            VethLink.InterfaceCounters total = link.counters().since(before);
            return new Trial(tool.name(), generated, total.received(), total.dropped(), counts,
                    windowEnd.interfaceCounters().since(windowStart.interfaceCounters()).received(),
                    windowEnd.cpu().since(windowStart.cpu()), windowEnd.cpu().cpuNanosSince(windowStart.cpu()), runCpu);
        } catch (Exception e) {
            throw LossTool.stopAfter(tool, e);
        }
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            Thread.sleep(Duration.ofNanos(left));
        }
    }

    /**
     * Lets the capturer work through what its buffers still hold when the load ends, so that it is
     * not stopped with packets in hand: at least {@link #SETTLE}, then until it idles.
     */
    private static void settle(ProcessTool tool) throws IOException, InterruptedException {
        Thread.sleep(SETTLE);
        long deadline = System.nanoTime() + LONGEST_SETTLE.toNanos();
        ProcFs.ThreadTimes last = ProcFs.threadTimes(tool.pid());
        while (true) {
            Thread.sleep(IDLE_PROBE);
            ProcFs.ThreadTimes now = ProcFs.threadTimes(tool.pid());
            if (now.cpuNanosSince(last) < IDLE_SHARE * now.since(last).toNanos()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                System.err.println("saturation: " + tool.name() + " was still busy " + LONGEST_SETTLE.toSeconds()
                        + " s after the load; stopping it anyway");
                return;
            }
            last = now;
        }
    }
}
