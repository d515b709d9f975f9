// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * tcpdump's short options beside the long ones (-i device, -r read, -w write, -c count), and a bad
 * value refused in one line that names the option, the value and what is expected, then "see --help".
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ShortOptionsTest {

    private static String dns() {
        return SampleRun.dnsPackets().toString();
    }

    @Test
    void listenReadsWritesAndCountsWithTheShortOptionsAsWithTheLongOnes(@TempDir Path dir) throws Exception {
        Path shortWritten = dir.resolve("short.pcap");
        SampleRun run = SampleRun.of("listen", "-r", dns(), "-c", "10", "-w", shortWritten.toString(), "--quiet");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("+10 packets (total 10)"), run.out());
        assertTrue(run.err().startsWith("Reading " + dns()), run.err());
        Path longWritten = dir.resolve("long.pcap");
        SampleRun same = SampleRun.of("listen", "--read", dns(), "--count", "10", "--write", longWritten.toString(),
                "--quiet");
        assertEquals(0, same.exitCode(), same.err());
        assertTrue(SampleRun.packetsIn(shortWritten) >= 10, "the -w file holds the packets read");
        assertEquals(SampleRun.packetsIn(longWritten), SampleRun.packetsIn(shortWritten));
    }

    @Test
    void everySampleReadsAFileWithR(@TempDir Path dir) throws Exception {
        for (List<String> args : List.of(List.of("top", "-r", dns(), "--top", "1"), List.of("stream", "-r", dns()),
                List.of("dump", "-r", dns(), "-w", dir.resolve("d.pcap").toString(), "-c", "7"))) {
            SampleRun run = SampleRun.of(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), args + ": " + run.err());
        }
        assertEquals(7, SampleRun.packetsIn(dir.resolve("d.pcap")));
    }

    @Test
    void listenCapturesOnTheDeviceGivenWithI() {
        SampleRun.requireLiveCapture();
        SampleRun run = SampleRun.of("listen", "-i", "lo", "--seconds", "0.3", "--quiet");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("Listening on lo"), run.err());
    }

    @Test
    void aBadValueIsOneLineNamingTheOptionTheValueAndWhatIsExpected() {
        SampleRun count = SampleRun.of("listen", "-r", dns(), "-c", "lots");
        assertEquals(2, count.exitCode(), count.err());
        assertEquals("listen: --count must be a positive whole number of packets, got lots; see --help",
                count.err().strip());

        SampleRun order = SampleRun.of("top", "-r", dns(), "--order", "sideways");
        assertEquals(2, order.exitCode(), order.err());
        assertEquals("top: --order must be one of BYTES, PACKETS (in any case), got sideways; see --help",
                order.err().strip());

        for (SampleRun run : List.of(count, order, SampleRun.of("listen", "--bogus"))) {
            assertFalse(run.err().contains("Usage:"), "no usage text after the error: " + run.err());
            assertTrue(run.err().strip().endsWith("; see --help"), run.err());
            assertEquals("", run.out());
        }
    }
}
