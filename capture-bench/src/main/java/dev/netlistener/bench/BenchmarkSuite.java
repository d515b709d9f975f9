// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole comparison in one run, started by {@code scripts/bench-loss}: decode (JMH), the
 * offline pipeline against C and pcap4j, loss under replayed load against tcpdump, loss and
 * CPU per packet under trafgen's load up to saturation against tcpdump, and packets per second
 * through Kafka. Writes {@code decode.json}, {@code jmh.json}, {@code offline.json},
 * {@code loss.json}, {@code saturation.json}, {@code kafka.json} (each as soon as its part ends), then {@code summary.json} and
 * {@code results.md}; exits 1 when the output is broken or absurd ({@link SanityCheck}), never
 * because of a speed.
 *
 * <pre>
 * BenchmarkSuite [--quick] [--parts decode,offline,loss,saturation,kafka] [--saturation SCENARIO,...] [--out DIR]
 *                [--command TEXT]
 * </pre>
 * {@code --saturation} runs only the saturation scenarios named (see {@link SaturationScenario#all()}),
 * with the settings of the mode: {@code --quick --saturation flat_2cpu_small} tries one load briefly.
 * The inputs are generated into {@link BenchFiles#workDirectory()}; the results go to
 * {@code --out} (default: {@code results} in the work directory). {@code --command} is the
 * command line to print in the results, as the user typed it.
 */
public final class BenchmarkSuite {
    private static final List<String> PARTS = List.of("decode", "offline", "loss", "saturation", "kafka");

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Set<String> parts = new LinkedHashSet<>(PARTS);
        String saturation = null;
        Path work = BenchFiles.workDirectory();
        Path out = work.resolve("results");
        String command = "BenchmarkSuite " + String.join(" ", args);
        BenchSettings settings;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--parts" -> parts = parts(args[++i]);
                    case "--saturation" -> saturation = args[++i];
                    case "--out" -> out = Path.of(args[++i]).toAbsolutePath();
                    case "--command" -> command = args[++i];
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            settings = quick ? BenchSettings.quick(work) : BenchSettings.full(work);
            if (saturation != null) {
                settings = settings.withSaturationScenarios(SaturationScenario.named(List.of(saturation.split(","))));
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            System.err.println((e instanceof IllegalArgumentException ? e.getMessage() : "an option lacks its value")
                    + "; usage: BenchmarkSuite [--quick] [--parts decode,offline,loss,saturation,kafka]"
                    + " [--saturation SCENARIO,...] [--out DIR] [--command TEXT]");
            System.exit(2);
            return;
        }
        Files.createDirectories(out);
        Report report = new Report(Machine.describe(), command, settings);
        Measurements measured = measure(settings, parts, report, out);
        write(out.resolve("summary.json"), Json.write(Summary.of(report, measured)));
        write(out.resolve("results.md"), MarkdownReport.of(report, measured));
        List<String> problems = SanityCheck.problems(measured);
        System.err.println("results in " + out);
        if (!problems.isEmpty()) {
            problems.forEach(problem -> System.err.println("broken result: " + problem));
            System.exit(1);
        }
    }

    private static Set<String> parts(String list) {
        Set<String> parts = new LinkedHashSet<>(List.of(list.split(",")));
        if (!PARTS.containsAll(parts)) {
            throw new IllegalArgumentException("--parts takes some of " + PARTS + ", got " + list);
        }
        return parts;
    }

    private static Measurements measure(BenchSettings settings, Set<String> parts, Report report, Path out)
            throws Exception {
        List<DecodeMeasurement.Score> decode = null;
        List<OfflineComparison.Result> offline = null;
        List<LossHarness.ScenarioResult> loss = null;
        List<SaturationHarness.ScenarioResult> saturation = null;
        if (parts.contains("decode")) {
            decode = DecodeMeasurement.run(settings, out.resolve("jmh.json"));
            write(out.resolve("decode.json"), Json.write(report.decodeJson(decode)));
        }
        if (parts.contains("offline")) {
            OfflineComparison comparison = new OfflineComparison(settings);
            offline = new ArrayList<>();
            for (String workload : List.of("imix", "small")) {
                offline.add(comparison.run(workload));
            }
            write(out.resolve("offline.json"), Json.write(report.offlineJson(offline)));
        }
        if (parts.contains("loss")) {
            loss = new LossHarness(settings).run(LossScenario.all());
            write(out.resolve("loss.json"), Json.write(report.lossJson(loss)));
        }
        if (parts.contains("saturation")) {
            saturation = new SaturationHarness(settings).run();
            write(out.resolve("saturation.json"), Json.write(SaturationReport.json(report, saturation)));
        }
        KafkaHarness.Result kafka = null;
        if (parts.contains("kafka")) {
            kafka = new KafkaHarness(settings).run();
            write(out.resolve("kafka.json"), Json.write(KafkaReport.json(report, kafka)));
        }
        return new Measurements(decode, offline, loss, saturation, kafka);
    }

    private static void write(Path file, String text) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(partial, text);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }
}
