// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What tests need from the machine: the shared pcap corpus, the right to capture live, tshark.
 * Where one is missing a test skips and says why; CI sets {@code NETLISTENER_REQUIRE_CORPUS=1},
 * {@code NETLISTENER_REQUIRE_LIVE=1} and {@code NETLISTENER_REQUIRE_TSHARK=1} so that a missing
 * piece fails instead of skipping.
 */
public final class TestEnvironment {
    private TestEnvironment() {
    }

    /** The corpus folder: {@code NETLISTENER_CORPUS}, else the build's {@code netlistener.corpus}, else ../shared/pcaps. */
    public static Path corpus() {
        return required(configuredCorpus(), "the pcap corpus");
    }

    /** The tunnel corpus: {@code pcaps-tunnels} beside the corpus folder (../shared/pcaps-tunnels by default). */
    public static Path tunnelCorpus() {
        return required(configuredCorpus().resolveSibling("pcaps-tunnels"), "the tunnel corpus");
    }

    /** Every capture file of the corpus, sorted by name. */
    public static List<Path> corpusFiles() {
        return captures(corpus());
    }

    /** Every capture file of the tunnel corpus, sorted by name. */
    public static List<Path> tunnelCorpusFiles() {
        return captures(tunnelCorpus());
    }

    private static Path configuredCorpus() {
        String configured = System.getenv("NETLISTENER_CORPUS");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("netlistener.corpus", "../shared/pcaps");
        }
        return Path.of(configured).toAbsolutePath().normalize();
    }

    private static Path required(Path dir, String what) {
        boolean present = Files.isRegularFile(dir.resolve("MANIFEST.md"));
        require(present, "NETLISTENER_REQUIRE_CORPUS",
                what + " is not at " + dir + " (set NETLISTENER_CORPUS to the folder of the pcap corpus)");
        return dir;
    }

    private static List<Path> captures(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.(pcap|pcapng|cap)"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** tshark, which some tests run as an independent decoder; CI sets {@code NETLISTENER_REQUIRE_TSHARK=1}. */
    public static void requireTshark() {
        require(Files.isExecutable(Path.of("/usr/bin/tshark")), "NETLISTENER_REQUIRE_TSHARK",
                "tshark is not installed (apt-get install tshark)");
    }

    /** Live capture needs root or CAP_NET_RAW/CAP_NET_ADMIN; tests that need it call this first. */
    public static void requireLiveCapture() {
        require(canCapture(), "NETLISTENER_REQUIRE_LIVE",
                "live capture needs root or CAP_NET_RAW+CAP_NET_ADMIN, which this JVM lacks");
    }

    private static boolean canCapture() {
        try (PcapHandle ignored = PcapHandle.openLive("lo", CaptureConfig.builder().bufferSize(1 << 20).build())) {
            return true;
        } catch (PcapException e) {
            if (e.status() == PcapStatus.PERM_DENIED) {
                return false;
            }
            throw new IllegalStateException("cannot open lo", e);
        }
    }

    private static void require(boolean present, String requiredBy, String reason) {
        if (!present && "1".equals(System.getenv(requiredBy))) {
            throw new AssertionError(requiredBy + "=1 but " + reason);
        }
        assumeTrue(present, reason);
    }
}
