// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static dev.netlistener.samples.SampleRun.assertFailsInOneLine;
import static dev.netlistener.samples.SampleRun.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sample against values and outputs chosen to break it: each case ends, within the timeout,
 * with one line that says what is wrong, no stack trace, and a non-zero exit code whenever
 * something failed (2 for a bad option, as picocli does; 1 for an output that cannot be written).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileOptionsTest {

    private static final List<String> BAD_SECONDS = List.of("0", "-1", "NaN", "Infinity", "-Infinity", "1e400",
            "0.0001", "abc", "", "5s");
    private static final List<String> BAD_COUNTS = List.of("0", "-1", "NaN", "1e12", "1.5", "99999999999999999999",
            "abc", "");

    private static String dns() {
        return SampleRun.corpus().resolve("DnsPackets.pcap").toString();
    }

    /** Every numeric or network option of every sample, each with every value it must refuse. */
    static Stream<Arguments> refusedValues() {
        List<Arguments> cases = new ArrayList<>();
        String dump = "/nonexistent/never-written.pcap";
        for (String value : BAD_SECONDS) {
            cases.add(Arguments.of(List.of("listen", "--read", dns(), "--interval", value), "--interval"));
            cases.add(Arguments.of(List.of("listen", "--read", dns(), "--seconds", value), "--seconds"));
            cases.add(Arguments.of(List.of("top", "--read", dns(), "--interval", value), "--interval"));
            cases.add(Arguments.of(List.of("top", "--read", dns(), "--seconds", value), "--seconds"));
            cases.add(Arguments.of(List.of("dump", "--read", dns(), "-w", dump, "--seconds", value), "--seconds"));
            cases.add(Arguments.of(List.of("stream", "--read", dns(), "--seconds", value), "--seconds"));
        }
        for (String value : BAD_COUNTS) {
            cases.add(Arguments.of(List.of("listen", "--read", dns(), "--count", value), "--count"));
            cases.add(Arguments.of(List.of("dump", "--read", dns(), "-w", dump, "-c", value), "--count"));
        }
        for (String value : List.of("0", "-1", "2147483648", "1e3", "NaN", "abc")) {
            cases.add(Arguments.of(List.of("top", "--read", dns(), "--top", value), "--top"));
        }
        for (String value : List.of("0", "-1", "262145", "99999999999", "NaN", "abc")) {
            cases.add(Arguments.of(List.of("listen", "--read", dns(), "--snaplen", value), "--snaplen"));
        }
        for (String value : List.of("10.0.0.0/33", "::1/129", "10.0.0.0/x", "not-a-network", "", "10.0.0.0/8,nope")) {
            cases.add(Arguments.of(List.of("listen", "--read", dns(), "--local-net", value), "--local-net"));
        }
        for (String value : List.of("ns", "ISO", "epoch", "", "seconds,iso")) {
            cases.add(Arguments.of(List.of("listen", "--read", dns(), "--time", value), "--time"));
            cases.add(Arguments.of(List.of("top", "--read", dns(), "--time", value), "--time"));
        }
        for (String value : List.of("src_ip", "", "source_ip,source_ip", "source_ip,", "ip_version")) {
            cases.add(Arguments.of(List.of("listen", "--read", dns(), "--fields", value), "--fields"));
        }
        for (String value : List.of("source_ip", "port_a,port_a", ",")) {
            cases.add(Arguments.of(List.of("top", "--read", dns(), "--fields", value), "--fields"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedValues")
    void aBadValueIsAUsageErrorInOneLine(List<String> args, String option) {
        SampleRun run = SampleRun.of(args.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), "one line: " + run.err());
        assertTrue(run.err().startsWith(args.getFirst() + ": " + option + " must be "), run.err());
        assertEquals("", run.out(), "nothing ran");
    }

    @Test
    void anUnknownOptionOrAMissingValueIsOneLineToo() {
        for (List<String> args : List.of(List.of("listen", "--bogus"), List.of("listen", "--interval"),
                List.of("dump", "--read", dns()), List.of("top", "--order", "sideways"), List.of("nosuchsample"))) {
            SampleRun run = SampleRun.of(args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), args + ": " + run.err());
            assertEquals(1, run.err().lines().count(), args + ": " + run.err());
            assertNoStackTrace(run);
        }
    }

    /** Values too large to add to a clock reading: they mean "never", and --seconds or the file's end still stop. */
    @Test
    void hugeDurationsAndCountsDoNotOverflow(@TempDir Path dir) {
        SampleRun listen = SampleRun.of("listen", "--read", dns(), "--interval", "1e12", "--seconds",
                "99999999999999999999", "--count", "9223372036854775807", "--quiet");
        assertEquals(0, listen.exitCode(), listen.err());
        assertEquals(List.of("+464 packets (total 464)"), statsLines(listen), listen.out());
        SampleRun top = SampleRun.of("top", "--read", dns(), "--interval", "1e12", "--seconds", "1e300", "--top",
                "2147483647");
        assertEquals(0, top.exitCode(), top.err());
        SampleRun stream = SampleRun.of("stream", "--read", dns(), "--seconds", "1e300");
        assertEquals(0, stream.exitCode(), stream.err());
        SampleRun dump = SampleRun.of("dump", "--read", dns(), "-w", dir.resolve("x.pcap").toString(), "--seconds",
                "1e12", "-c", "9223372036854775807");
        assertEquals(0, dump.exitCode(), dump.err());
        assertTrue(dump.err().contains("464 packets written"), dump.err());
    }

    /** Before, an interval of 1e12 s overflowed the deadline: lines of "+0 packets" until --seconds passed. */
    @Test
    void aLiveCaptureStopsAtItsSecondsWhateverTheInterval() {
        SampleRun.requireLiveCapture();
        SampleRun run = SampleRun.of("listen", "--device", "lo", "--interval", "1e12", "--seconds", "0.5", "--quiet");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, statsLines(run).size(), run.out());
    }

    private static List<String> statsLines(SampleRun run) {
        Pattern stats = Pattern.compile("(\\+\\d+ packets \\(total \\d+\\))");
        List<String> lines = new ArrayList<>();
        for (String line : run.out().lines().toList()) {
            Matcher m = stats.matcher(line);
            if (line.startsWith("--- ") && m.find()) {
                lines.add(m.group(1));
            }
        }
        return lines;
    }

    // ---- outputs that cannot be written --------------------------------------------------------

    @Test
    void csvOnAFullDevice() {
        assertFailsInOneLine(SampleRun.of("listen", "--read", dns(), "--csv", "/dev/full", "--quiet"), "listen",
                "writing CSV file '/dev/full' failed: No space left on device");
        assertFailsInOneLine(SampleRun.of("top", "--read", dns(), "--csv", "/dev/full"), "top",
                "writing CSV file '/dev/full' failed: No space left on device");
    }

    @Test
    void csvInAMissingDirectoryFailsBeforeCapturing() {
        SampleRun run = SampleRun.of("listen", "--read", dns(), "--csv", "/nonexistent/dir/x.csv");
        assertFailsInOneLine(run, "listen", "'/nonexistent/dir/x.csv'", "/nonexistent/dir does not exist");
        assertEquals("", run.out(), "nothing was captured");
        assertFailsInOneLine(SampleRun.of("top", "--read", dns(), "--csv", "/nonexistent/dir/x.csv"), "top",
                "/nonexistent/dir does not exist");
    }

    @Test
    void outputsOnAReadOnlyFileSystem(@TempDir Path dir) throws Exception {
        try (Tmpfs readOnly = Tmpfs.mount(dir.resolve("ro"), "ro,size=16k")) {
            for (List<String> args : List.of(
                    List.of("listen", "--read", dns(), "--csv", readOnly.resolve("x.csv").toString()),
                    List.of("top", "--read", dns(), "--csv", readOnly.resolve("x.csv").toString()),
                    List.of("listen", "--read", dns(), "--write", readOnly.resolve("x.pcap").toString()),
                    List.of("dump", "--read", dns(), "-w", readOnly.resolve("x.pcap").toString()))) {
                assertFailsInOneLine(SampleRun.of(args.toArray(String[]::new)), args.getFirst(),
                        "Read-only file system", "write elsewhere");
            }
        }
    }

    @Test
    void aCaptureFileOnAFullDevice() {
        assertFailsInOneLine(SampleRun.of("dump", "--read", dns(), "--write", "/dev/full"), "dump",
                "No space left on device");
        assertFailsInOneLine(SampleRun.of("listen", "--read", dns(), "--write", "/dev/full", "--quiet"), "listen",
                "No space left on device");
    }

    /** Before, dump said "4709 packets written" and exited 0 while the file held 239 and ended mid-record. */
    @Test
    void dumpOntoADiskThatFillsUpSaysHowManyPacketsTheFileHolds(@TempDir Path dir) throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), "size=100k")) {
            Path file = disk.resolve("x.pcap");
            SampleRun run = SampleRun.of("dump", "--read", SampleRun.corpus().resolve("example2.pcap").toString(),
                    "-w", file.toString());
            assertFailsInOneLine(run, "dump", "No space left on device", "full");
            Matcher holds = Pattern.compile("holds the (\\d+) packets").matcher(run.err());
            assertTrue(holds.find(), run.err());
            assertEquals(Long.parseLong(holds.group(1)), SampleRun.packetsIn(file),
                    "what the message says the file holds");
        }
    }

    @Test
    void listenOntoDisksThatFillUp(@TempDir Path dir) throws Exception {
        String example2 = SampleRun.corpus().resolve("example2.pcap").toString();
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), "size=100k")) {
            assertFailsInOneLine(SampleRun.of("listen", "--read", example2, "--write", disk.resolve("x.pcap").toString(),
                    "--quiet"), "listen", "No space left on device");
            Files.delete(disk.resolve("x.pcap"));
            assertFailsInOneLine(SampleRun.of("listen", "--read", example2, "--csv", disk.resolve("x.csv").toString(),
                    "--quiet"), "listen", "writing CSV file", "No space left on device");
        }
    }

    /** Before, dump said "159 packets written" for a file of 59: the other link type was left out in silence. */
    @Test
    void dumpCountsExactlyWhatTheFileHolds(@TempDir Path dir) throws Exception {
        String mixed = SampleRun.corpus().resolve("pcapng-example.pcapng").toString();
        Path whole = dir.resolve("whole.pcap");
        SampleRun run = SampleRun.of("dump", "--read", mixed, "-w", whole.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("159 packets written"), run.err());
        assertEquals(159, SampleRun.packetsIn(whole));
        Path pcap = dir.resolve("ethernet.pcap");
        run = SampleRun.of("dump", "--read", mixed, "-w", pcap.toString(), "--format", "pcap");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("59 packets written"), run.err());
        assertTrue(run.err().contains("100 packets were left out: a pcap file holds one link type"), run.err());
        assertEquals(59, SampleRun.packetsIn(pcap));
    }
}
