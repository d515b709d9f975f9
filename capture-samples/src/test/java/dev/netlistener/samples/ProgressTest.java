// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a large file shows progress on standard error when it is a terminal, and nothing when it is not. */
class ProgressTest {
    private static final Pattern PROGRESS_LINE =
            Pattern.compile("\r *[0-9]{1,3}%  ([0-9.]+[kMG]?|--) packets/s  ETA ([0-9]+s|[0-9]+m[0-9]{2}s|--)\033\\[K");
    private static final int COPIES = 12;
    private static final int PCAP_HEADER = 24;

    /** example2.pcap's packets {@code COPIES} times over in one pcap file: about 34 MB. */
    private static Path largeFile(Path dir) throws IOException {
        byte[] example = Files.readAllBytes(SampleRun.corpus().resolve("example2.pcap"));
        Path file = dir.resolve("large.pcap");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(example, 0, PCAP_HEADER);
            byte[] packets = Arrays.copyOfRange(example, PCAP_HEADER, example.length);
            for (int copy = 0; copy < COPIES; copy++) {
                out.write(packets);
            }
        }
        assertTrue(Files.size(file) > 10 * Progress.MIN_BYTES);
        return file;
    }

    @Test
    void aLargeFileShowsPercentageRateAndTimeLeftOnATerminal(@TempDir Path dir) throws Exception {
        PseudoTerminal run = PseudoTerminal.run(dir, 120, -1, "listen", "-r", largeFile(dir).toString(), "--quiet");
        assertEquals(0, run.exitCode(), run.screen());
        assertTrue(PROGRESS_LINE.matcher(run.screen()).find(), run.screen());
        assertTrue(run.screen().contains("+" + 4709 * COPIES + " packets"), run.screen());
        assertFalse(run.screen().contains("Exception"), run.screen());
    }

    @Test
    void silentWhenStandardErrorIsNotATerminal(@TempDir Path dir) throws Exception {
        Path errors = dir.resolve("errors.txt");
        PseudoTerminal run = PseudoTerminal.run(dir, 120, -1, errors, "stream", "-r", largeFile(dir).toString());
        assertEquals(0, run.exitCode(), run.screen());
        assertTrue(run.screen().contains("total     " + 4709 * COPIES), run.screen());
        assertFalse(run.screen().contains("ETA") || Files.readString(errors).contains("ETA"), Files.readString(errors));
        SampleRun inTest = SampleRun.of("stream", "-r", largeFile(Files.createTempDirectory(dir, "again")).toString());
        assertEquals(0, inTest.exitCode(), inTest.err());
        assertFalse(inTest.err().contains("ETA") || inTest.out().contains("ETA"), inTest.err());
    }

    @Test
    void silentForASmallFile(@TempDir Path dir) throws Exception {
        PseudoTerminal run = PseudoTerminal.run(dir, 120, -1, "stream", "-r", SampleRun.dnsPackets().toString());
        assertEquals(0, run.exitCode(), run.screen());
        assertFalse(run.screen().contains("ETA"), run.screen());
    }
}
