// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs one offline reader in its own JVM, so that each contender warms up and collects garbage
 * alone: {@code OfflinePasses READER FILE WARMUPS ROUNDS}, READER one of {@code stream},
 * {@code stream-flows}, {@code table}, {@code pcap4j}. Prints one line per pass in the C
 * program's format: {@code warmup|round packets=N checksum=HEX nanos=T}, timed from open to close.
 */
public final class OfflinePasses {
    private OfflinePasses() {
    }

    static OfflineReader reader(String name) {
        return switch (name) {
            case "stream" -> new StreamReader(false);
            case "stream-flows" -> new StreamReader(true);
            case "table" -> new TableReader();
            case "pcap4j" -> new Pcap4jReader();
            default -> throw new IllegalArgumentException("unknown reader " + name);
        };
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: OfflinePasses stream|stream-flows|table|pcap4j FILE WARMUPS ROUNDS");
            System.exit(2);
        }
        OfflineReader reader = reader(args[0]);
        Path file = Path.of(args[1]);
        int warmups = Integer.parseInt(args[2]);
        int rounds = Integer.parseInt(args[3]);
        for (int i = 0; i < warmups + rounds; i++) {
            long start = System.nanoTime();
            FieldChecksum checksum = reader.read(file);
            long elapsed = System.nanoTime() - start;
            System.out.printf(Locale.ROOT, "%s packets=%d checksum=%016x nanos=%d%n", i < warmups ? "warmup" : "round",
                    checksum.packets(), checksum.value(), elapsed);
            System.out.flush();
        }
    }
}
