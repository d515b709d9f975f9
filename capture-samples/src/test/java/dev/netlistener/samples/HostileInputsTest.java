// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static dev.netlistener.samples.SampleRun.assertNoStackTrace;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input files through the command line: whatever a file holds, every sample ends in time
 * with exit 0 and no error line when the file read cleanly, or exit 1 and one line that names the
 * file, never a stack trace, a hang or a zero exit after a failure. capture-core's HostileFileTest
 * covers the reader itself in depth; this is what a user of the programs sees.
 */
class HostileInputsTest {
    private static final long SEED = Long.getLong("netlistener.hostile.seed", 20261130L);
    private static final int MUTATIONS = 300;
    private static final List<String> SAMPLES = List.of("listen", "top", "stream", "dump");

    private static SampleRun run(String sample, Path input, Path dir) {
        return switch (sample) {
            case "listen" -> SampleRun.of("listen", "--read", input.toString(), "--quiet",
                    "--csv", dir.resolve("out.csv").toString());
            case "top" -> SampleRun.of("top", "--read", input.toString(), "--csv", dir.resolve("flows.csv").toString());
            case "dump" -> SampleRun.of("dump", "--read", input.toString(), "-w", dir.resolve("out.pcap").toString());
            default -> SampleRun.of(sample, "--read", input.toString());
        };
    }

    /**
     * Exit 0 and no line about the input, or exit 1 and exactly one line {@code <sample>: ...}
     * naming the input (other lines, such as top's "wrote N flows", may stand beside it); never
     * a stack trace.
     */
    private static void assertCleanOutcome(SampleRun run, String sample, Path input, String what) {
        assertNoStackTrace(run);
        List<String> errors = run.err().lines()
                .filter(line -> line.startsWith(sample + ": ") && line.contains(input.toString())).toList();
        if (run.exitCode() == 0) {
            assertEquals(List.of(), errors, what + ": exit 0 after an error: " + run.err());
        } else {
            assertEquals(1, run.exitCode(), what + ": " + run.err());
            assertEquals(1, errors.size(), what + ": one error line naming the file: " + run.err());
        }
    }

    @Test
    void mutatedCapturesEndCleanlyInEverySample(@TempDir Path dir) throws IOException {
        List<Path> sources = List.of(SampleRun.corpus().resolve("DnsPackets.pcap"),
                SampleRun.corpus().resolve("pcapng-example.pcapng"), SampleRun.corpus().resolve("VlanPackets.pcap"));
        Random random = new Random(SEED);
        System.out.println("HostileInputsTest seed " + SEED + " (-Dnetlistener.hostile.seed=...)");
        int failures = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] bytes = Files.readAllBytes(sources.get(i % sources.size()));
            byte[] mutated = mutate(bytes, random);
            Path input = dir.resolve("mutation-" + i + ".cap");
            Files.write(input, mutated);
            String sample = SAMPLES.get(i % SAMPLES.size());
            String what = "mutation " + i + " (seed " + SEED + ") through " + sample;
            SampleRun result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run(sample, input, dir), what);
            assertCleanOutcome(result, sample, input, what);
            failures += result.exitCode() == 0 ? 0 : 1;
        }
        assertTrue(failures > MUTATIONS / 10 && failures < MUTATIONS, "both outcomes occur: " + failures + " failed");
    }

    /** A cut at a random point, a few flipped bytes, or a length-sized field set to an extreme. */
    private static byte[] mutate(byte[] bytes, Random random) {
        byte[] copy = bytes.clone();
        switch (random.nextInt(3)) {
            case 0 -> {
                return java.util.Arrays.copyOf(copy, random.nextInt(copy.length));
            }
            case 1 -> {
                for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
                    copy[random.nextInt(copy.length)] ^= (byte) (1 + random.nextInt(255));
                }
            }
            default -> {
                int at = random.nextInt(copy.length - 4) & ~3;
                int value = random.nextBoolean() ? -1 : random.nextInt();
                copy[at] = (byte) value;
                copy[at + 1] = (byte) (value >>> 8);
                copy[at + 2] = (byte) (value >>> 16);
                copy[at + 3] = (byte) (value >>> 24);
            }
        }
        return copy;
    }

    @Test
    void specialInputsGiveOneLineEach(@TempDir Path dir) throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.pcap"));
        for (Path input : List.of(empty, dir, Path.of("/dev/zero"), dir.resolve("missing.pcap"))) {
            for (String sample : SAMPLES) {
                SampleRun result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run(sample, input, dir));
                assertEquals(1, result.exitCode(), sample + " " + input + ": " + result.err());
                assertCleanOutcome(result, sample, input, sample + " " + input);
            }
        }
    }

    /**
     * A pipe whose writer stops mid-record, as a capture cut while it is written: the packets
     * before the cut are delivered, the cut is one line, and the exit code says it.
     */
    @Test
    void aPipeCutMidRecordKeepsWhatCameAndExitsNonZero(@TempDir Path dir) throws Exception {
        byte[] file = Files.readAllBytes(SampleRun.corpus().resolve("DnsPackets.pcap"));
        Path fifo = dir.resolve("capture.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        Thread writer = Thread.ofPlatform().start(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(file, 0, 3000);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        SampleRun result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> SampleRun.of("listen", "--read", fifo.toString(), "--csv", dir.resolve("out.csv").toString(),
                        "--quiet"));
        writer.join();
        assertCleanOutcome(result, "listen", fifo, "the cut pipe");
        assertEquals(1, result.exitCode(), result.err());
        assertTrue(result.err().contains("at byte 2982"), result.err());
        // The 19 whole records before the cut, under the CSV header.
        assertEquals(20, Files.readAllLines(dir.resolve("out.csv")).size());
    }
}
