// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netlistener.capture.CaptureFile;
import dev.netlistener.capture.PcapException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs a sample in this JVM with its standard output and error captured. */
record SampleRun(int exitCode, String out, String err) {

    static synchronized SampleRun of(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new SampleRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    /** The shared corpus, as the core tests find it; skips (or fails in CI) when it is absent. */
    static Path corpus() {
        String configured = System.getenv("NETLISTENER_CORPUS");
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty("netlistener.corpus", "../shared/pcaps");
        }
        Path dir = Path.of(configured).toAbsolutePath().normalize();
        boolean present = Files.isRegularFile(dir.resolve("MANIFEST.md"));
        if (!present && "1".equals(System.getenv("NETLISTENER_REQUIRE_CORPUS"))) {
            throw new AssertionError("NETLISTENER_REQUIRE_CORPUS=1 but the corpus is not at " + dir);
        }
        assumeTrue(present, "the pcap corpus is not at " + dir + " (set NETLISTENER_CORPUS)");
        return dir;
    }

    /** The corpus's DnsPackets.pcap: 464 DNS packets over IPv4 and IPv6. */
    static Path dnsPackets() {
        return corpus().resolve("DnsPackets.pcap");
    }

    /** Live samples run as root (or with capture capabilities); CI requires them. */
    static void requireLiveCapture() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && "1".equals(System.getenv("NETLISTENER_REQUIRE_LIVE"))) {
            throw new AssertionError("NETLISTENER_REQUIRE_LIVE=1 but the tests do not run as root");
        }
        assumeTrue(root, "live capture samples need root");
    }

    /** Exit code 1 and one line {@code <sample>: ...} on stderr holding each of {@code expected}, no stack trace. */
    static void assertFailsInOneLine(SampleRun run, String sample, String... expected) {
        assertEquals(1, run.exitCode(), run.err());
        List<String> errors = run.err().lines().filter(line -> line.startsWith(sample + ": ")).toList();
        assertEquals(1, errors.size(), "one line of error: " + run.err());
        for (String text : expected) {
            assertTrue(errors.getFirst().contains(text), "'" + text + "' in: " + run.err());
        }
        assertNoStackTrace(run);
    }

    /** The packets in a capture file, as the library reads them. */
    static long packetsIn(Path file) throws PcapException {
        long packets = 0;
        try (CaptureFile in = CaptureFile.open(file)) {
            while (in.advance()) {
                packets++;
            }
        }
        return packets;
    }

    static void assertNoStackTrace(SampleRun run) {
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), run.err());
    }
}
