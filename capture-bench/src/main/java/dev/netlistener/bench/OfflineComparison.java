// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline pipeline, side by side: open a file, read every packet, extract the same fields,
 * close. Contenders: the C program (libpcap's {@code pcap_dispatch}, built here with gcc -O2),
 * netlistener's streaming API without and with flow tracking, its table API with its defaults,
 * and pcap4j. Each runs in its own process, the contenders one after the other, and the whole
 * sequence {@code offlineSets} times, so that a noisy moment of a shared machine hits them all.
 * Every pass must report the same packet count and field checksum.
 */
final class OfflineComparison {
    static final String C = "c";
    static final List<String> CONTENDERS = List.of(C, "stream", "stream-flows", "table", "pcap4j");
    private static final Pattern PASS = Pattern.compile("^(warmup|round) packets=(\\d+) checksum=(\\p{XDigit}+) nanos=(\\d+)$",
            Pattern.MULTILINE);
    private static final Duration LONGEST = Duration.ofMinutes(30);

    private final BenchSettings settings;
    private Path program;

    OfflineComparison(BenchSettings settings) {
        this.settings = settings;
    }

    /** What a contender is, for the reports. */
    static String describe(String contender) {
        return switch (contender) {
            case C -> "C, libpcap `pcap_dispatch` (gcc -O2)";
            case "stream" -> "netlistener `Delivery.STREAM` + `poll`, flow tracking off";
            case "stream-flows" -> "netlistener `Delivery.STREAM` + `poll`, flow tracking on (default)";
            case "table" -> "netlistener `Delivery.TABLE` + `get()`, all defaults";
            case "pcap4j" -> "pcap4j 1.8.2, `getNextPacketEx` + packet classes";
            default -> throw new IllegalArgumentException("unknown contender " + contender);
        };
    }

    /** packets/s of every measured pass of one contender, and the checksum all passes agreed on. */
    record Contender(String name, List<Double> packetsPerSecond) {
        double median() {
            return Stats.median(packetsPerSecond);
        }
    }

    record Result(String workload, long packets, String checksum, Map<String, Contender> contenders) {
        double ratio(String contender, String baseline) {
            return contenders.get(contender).median() / contenders.get(baseline).median();
        }
    }

    Result run(String workload) throws IOException, InterruptedException {
        Path file = settings.file(workload);
        if (program == null) {
            program = compile();
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        String[] checksum = {null};
        for (int set = 0; set < settings.offlineSets(); set++) {
            for (String contender : CONTENDERS) {
                List<String> command = new ArrayList<>(contender.equals(C) ? List.of(program.toString())
                        : Commands.java(OfflinePasses.class, contender));
                command.addAll(List.of(file.toString(), Integer.toString(settings.offlineWarmups()),
                        Integer.toString(settings.offlineRounds())));
                List<Double> setRates = new ArrayList<>();
                for (Pass pass : passes(Commands.run(LONGEST, command), contender)) {
                    if (pass.packets() != settings.packets(workload)) {
                        throw new IllegalStateException(contender + " read " + pass.packets() + " packets of "
                                + settings.packets(workload) + " in " + file);
                    }
                    if (checksum[0] == null) {
                        checksum[0] = pass.checksum();
                    } else if (!checksum[0].equals(pass.checksum())) {
                        throw new IllegalStateException(contender + " extracted other fields (checksum "
                                + pass.checksum() + ") than the contenders before it (" + checksum[0] + ")");
                    }
                    setRates.add(pass.packets() * 1e9 / pass.nanos());
                }
                rates.computeIfAbsent(contender, c -> new ArrayList<>()).addAll(setRates);
                System.err.printf("offline %s set %d %s: %s packets/s%n", workload, set + 1, contender,
                        setRates.stream().map(rate -> String.format("%,.0f", rate)).toList());
            }
        }
        Map<String, Contender> contenders = new LinkedHashMap<>();
        rates.forEach((name, list) -> contenders.put(name, new Contender(name, list)));
        return new Result(workload, settings.packets(workload), checksum[0], contenders);
    }

    private record Pass(long packets, String checksum, long nanos) {
    }

    /** The measured passes (warm-ups left out) a contender printed. */
    private static List<Pass> passes(String output, String contender) {
        List<Pass> passes = new ArrayList<>();
        Matcher matcher = PASS.matcher(output);
        while (matcher.find()) {
            if (matcher.group(1).equals("round")) {
                passes.add(new Pass(Long.parseLong(matcher.group(2)), matcher.group(3), Long.parseLong(matcher.group(4))));
            }
        }
        if (passes.isEmpty()) {
            throw new IllegalStateException(contender + " printed no measured pass:\n" + output);
        }
        return passes;
    }

    /** Builds the C program from the source in this jar, into the work directory. */
    private Path compile() throws IOException, InterruptedException {
        Path source = settings.workDirectory().resolve("offline_fields.c");
        Path program = settings.workDirectory().resolve("offline_fields");
        try (InputStream in = OfflineComparison.class.getResourceAsStream("c/offline_fields.c")) {
            if (in == null) {
                throw new IOException("offline_fields.c is missing from the class path");
            }
            Files.createDirectories(settings.workDirectory());
            Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
        }
        Commands.run(Duration.ofMinutes(2), "gcc", "-O2", "-Wall", "-o", program.toString(), source.toString(), "-lpcap");
        return program;
    }
}
