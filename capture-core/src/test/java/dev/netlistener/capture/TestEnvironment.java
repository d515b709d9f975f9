package dev.netlistener.capture;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What tests need from the machine: the shared pcap corpus and the right to capture live. Where
 * either is missing a test skips and says why; CI sets {@code NETLISTENER_REQUIRE_CORPUS=1} and
 * {@code NETLISTENER_REQUIRE_LIVE=1} so that a missing piece fails instead of skipping.
 */
public final class TestEnvironment {
    private TestEnvironment() {
    }

    /** The corpus folder: {@code NETLISTENER_CORPUS}, else the build's {@code netlistener.corpus}, else ../shared/pcaps. */
    public static Path corpus() {
        String configured = System.getenv("NETLISTENER_CORPUS");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("netlistener.corpus", "../shared/pcaps");
        }
        Path dir = Path.of(configured).toAbsolutePath().normalize();
        boolean present = Files.isRegularFile(dir.resolve("MANIFEST.md"));
        require(present, "NETLISTENER_REQUIRE_CORPUS",
                "the pcap corpus is not at " + dir + " (set NETLISTENER_CORPUS to its folder)");
        return dir;
    }

    /** Every capture file of the corpus, sorted by name. */
    public static List<Path> corpusFiles() {
        try (Stream<Path> files = Files.list(corpus())) {
            return files.filter(f -> f.getFileName().toString().matches(".*\\.(pcap|pcapng|cap)"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
