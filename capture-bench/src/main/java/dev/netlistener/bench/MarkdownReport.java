// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.util.Locale;
import java.util.Map;

/** {@code results.md}: the tables the READMEs quote, with the machine and the command that made them. */
final class MarkdownReport {
    private final StringBuilder out = new StringBuilder();

    private MarkdownReport() {
    }

    static String of(Report header, Measurements measured) {
        BenchSettings settings = header.settings();
        MarkdownReport report = new MarkdownReport();
        report.line("# capture-bench results" + (settings.quick() ? " (quick mode: a smoke test, not a measurement)" : ""));
        report.line("");
        report.line("Machine: " + header.machine().line() + ".  ");
        report.line("Command: `" + header.command() + "`");
        if (measured.decode() != null) {
            report.decode(measured);
        }
        if (measured.offline() != null) {
            report.offline(settings, measured);
        }
        if (measured.loss() != null) {
            report.loss(settings, measured);
        }
        if (measured.saturation() != null) {
            report.saturation(settings, measured);
        }
        if (measured.kafka() != null) {
            KafkaReport.markdown(settings, measured.kafka(), report.out);
        }
        return report.out.toString();
    }

    private void decode(Measurements measured) {
        line("");
        line("## Decode (JMH, `-prof gc`)");
        line("");
        line("| benchmark | params | ns/op | ± | bytes allocated/op |");
        line("|---|---|---:|---:|---:|");
        for (DecodeMeasurement.Score score : measured.decode()) {
            line("| `" + score.benchmark().substring(score.benchmark().lastIndexOf('.', score.benchmark().lastIndexOf('.') - 1) + 1)
                    + "` | " + score.params() + " | " + format("%.1f", score.nsPerOperation()) + " | "
                    + format("%.1f", score.error()) + " | " + format("%.4f", score.bytesPerOperation()) + " |");
        }
    }

    private void offline(BenchSettings settings, Measurements measured) {
        for (OfflineComparison.Result result : measured.offline()) {
            line("");
            line("## Offline pipeline: " + result.workload() + " (" + format("%,d", result.packets())
                    + " packets), same fields and checksum `" + result.checksum() + "` for every reader");
            line("");
            line("Median packets/s of " + settings.offlineSets() * settings.offlineRounds() + " passes ("
                    + settings.offlineSets() + " processes of " + settings.offlineRounds() + " passes after "
                    + settings.offlineWarmups() + " warm-ups), timed from open to close.");
            line("");
            line("| reader | packets/s | vs C | vs pcap4j |");
            line("|---|---:|---:|---:|");
            for (Map.Entry<String, OfflineComparison.Contender> entry : result.contenders().entrySet()) {
                String name = entry.getKey();
                String reader = OfflineComparison.describe(name);
                line("| " + (name.equals(Report.HEADLINE) ? "**" + reader + "**" : reader) + " | "
                        + format("%,.0f", entry.getValue().median()) + " | "
                        + format("%.2fx", result.ratio(name, OfflineComparison.C)) + " | "
                        + format("%.1fx", result.ratio(name, Report.PCAP4J)) + " |");
            }
        }
    }

    private void loss(BenchSettings settings, Measurements measured) {
        line("");
        line("## Loss under replayed load (medians of " + settings.lossRounds() + " rounds per tool)");
        line("");
        line("tcpreplay `--topspeed --preload-pcap` into a veth pair; each tool captures the same load in turn, "
                + "32 MiB kernel buffer for both. Loss = (sent - captured) / sent. netlistener's retention drops "
                + "(rows past `retention` while `get()` is not called) are decoded packets the consumer policy "
                + "discarded: shown apart, not counted as capture loss.");
        line("");
        line("| scenario | tool | sent | interface rx | captured | kernel drops | retention drops | loss % "
                + "| worst round's loss % | goal |");
        line("|---|---|---:|---:|---:|---:|---:|---:|---:|---|");
        for (LossHarness.ScenarioResult result : measured.loss()) {
            for (String tool : Report.TOOLS) {
                Report.LossMedians m = Report.LossMedians.of(result.of(tool));
                boolean ours = tool.equals("netlistener");
                line("| " + (ours ? result.scenario().name() + " (" + result.scenario().workload() + ", "
                        + result.scenario().description() + ", --loop=" + result.loops() + ")" : "") + " | " + tool
                        + " | " + format("%,.0f", m.sent()) + " | " + format("%,.0f", m.interfaceReceived()) + " | "
                        + format("%,.0f", m.captured()) + " | " + format("%,.0f", m.kernelDropped()) + " | "
                        + (ours ? format("%,.0f", m.retentionDropped()) : "") + " | " + format("%.3f", m.lossPercent())
                        + " | " + format("%.3f", m.worstLossPercent()) + " | " + (ours ? (Measurements.lossGoalMet(result) ? "met" : "**missed**") : "") + " |");
            }
        }
    }

    private void saturation(BenchSettings settings, Measurements measured) {
        line("");
        int rounds = settings.saturationRounds();
        line("## Saturation: trafgen into a veth pair (" + (rounds == 1 ? "1 round" : "medians of " + rounds + " rounds")
                + " per contender)");
        line("");
        line("trafgen sends for " + settings.saturationLoad().toSeconds() + " s while one capturer at a time, each in a "
                + "process of its own, takes the host end (32 MiB kernel buffer for all). Offered = the interface's "
                + "`rx_packets` (sysfs) during the trial, delivered = what reached the application (rows from `get()`, "
                + "packets through `poll`, tcpdump's \"captured\"), loss = (offered - captured) / offered, where captured = "
                + "delivered + retention drops (rows read and decoded, then discarded while `get()` was not called: "
                + "shown apart, not counted as loss). CPU = the "
                + "capturing process's time on a CPU (all threads) from 25 % to 90 % of the load, per packet offered "
                + "then; whole run = its CPU seconds from start to stop, start-up and JIT warm-up included. Flat out, "
                + "the generator slows down as the capturer takes CPU, so each contender faces its own offered rate.");
        line("");
        line("| scenario | contender | offered | offered/s | delivered | kernel drops | interface drops "
                + "| retention drops | loss % | worst round's loss % | CPU ns/packet | vs tcpdump | whole run CPU s | goals |");
        line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (SaturationHarness.ScenarioResult result : measured.saturation()) {
            boolean first = true;
            for (String contender : SaturationHarness.CONTENDERS) {
                SaturationReport.Medians m = SaturationReport.Medians.of(result, contender);
                boolean ours = SaturationReport.CPU_GOAL_VERSUS_TCPDUMP.containsKey(contender);
                line("| " + (first ? result.scenario().name() + " (" + result.scenario().description() + ")" : "")
                        + " | " + SaturationReport.describe(contender) + " | " + format("%,.0f", m.offered()) + " | "
                        + format("%,.0f", m.offeredPerSecond()) + " | " + format("%,.0f", m.delivered()) + " | "
                        + format("%,.0f", m.kernelDropped()) + " | " + format("%,.0f", m.interfaceDropped()) + " | "
                        + (ours ? format("%,.0f", m.retentionDropped()) : "") + " | " + percent(m.lossPercent())
                        + " | " + percent(m.worstLossPercent()) + " | " + format("%.0f", m.cpuNanosPerPacket())
                        + " | " + (ours ? format("%.2fx", SaturationReport.cpuOverTcpdump(result, contender)) : "1.00x")
                        + " | " + format("%.2f", m.runCpuSeconds()) + " | " + (ours ? saturationGoals(result, contender) : "")
                        + " |");
                first = false;
            }
        }
    }

    /** Three decimals, or two significant digits below 0.001 %: a dozen packets lost of millions must not read as 0. */
    private static String percent(double value) {
        return value == 0 || value >= 0.001 ? format("%.3f", value) : format("%.2g", value);
    }

    private static String saturationGoals(SaturationHarness.ScenarioResult result, String contender) {
        return "loss " + (SaturationReport.lossGoalMet(result, contender) ? "met" : "**missed**") + ", CPU <= "
                + format("%.0fx", SaturationReport.CPU_GOAL_VERSUS_TCPDUMP.get(contender)) + " "
                + (SaturationReport.cpuGoalMet(result, contender) ? "met" : "**missed**");
    }

    private static String format(String pattern, Object value) {
        return String.format(Locale.ROOT, pattern, value);
    }

    private void line(String text) {
        out.append(text).append('\n');
    }
}
