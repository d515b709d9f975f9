// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static dev.netlistener.samples.SampleRun.assertFailsInOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --read} of gzip and zstd files, told by their first bytes whatever their names, and of
 * standard input ({@code -}), plain or compressed, from a file or a pipe; a compression that is
 * not read, or a corrupt one, is one line.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CompressedInputTest {
    private static final String ALL_464 = "+464 packets (total 464)";

    private static Path dns() {
        return SampleRun.dnsPackets();
    }

    @Test
    void gzipAndZstdFilesAreReadWhateverTheirNames(@TempDir Path dir) throws Exception {
        Path gzip = gzip(dns(), dir.resolve("dns.pcap.gz"));
        Path zstd = zstd(dns(), dir.resolve("dns-capture"));
        for (Path file : List.of(gzip, zstd)) {
            SampleRun run = SampleRun.of("listen", "-r", file.toString(), "--quiet");
            assertEquals(0, run.exitCode(), file + ": " + run.err());
            assertTrue(run.out().contains(ALL_464), file + ": " + run.out());
            Path copy = dir.resolve(file.getFileName() + ".pcap");
            SampleRun dump = SampleRun.of("dump", "-r", file.toString(), "-w", copy.toString());
            assertEquals(0, dump.exitCode(), dump.err());
            assertEquals(SampleRun.packetsIn(dns()), SampleRun.packetsIn(copy), file.toString());
        }
    }

    @Test
    void aCutShortGzipFileIsOneLineAfterThePacketsBeforeTheCut(@TempDir Path dir) throws Exception {
        Path gzip = gzip(dns(), dir.resolve("dns.pcap.gz"));
        byte[] whole = Files.readAllBytes(gzip);
        Path cut = Files.write(dir.resolve("cut.pcap.gz"), Arrays.copyOf(whole, whole.length / 2));
        SampleRun run = SampleRun.of("listen", "-r", cut.toString(), "--quiet");
        assertFailsInOneLine(run, "listen", "capture stopped", cut.toString(), "Unexpected end of ZLIB input stream");
        // Before, the bytes decompressed in the read that failed were lost: "Packets before byte 0 were read".
        Matcher total = Pattern.compile("\\(total (\\d+)\\)").matcher(run.out());
        assertTrue(total.find() && Long.parseLong(total.group(1)) > 100, "the packets before the cut: " + run.out());
    }

    @Test
    void xzAndBzip2AreRefusedSayingWhatToDo(@TempDir Path dir) throws Exception {
        // Their magic numbers, which is all the samples look at before refusing them.
        Path xz = Files.write(dir.resolve("dns.pcap.xz"), new byte[]{(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 4});
        Path bzip2 = Files.write(dir.resolve("dns.pcap.bz2"), "BZh91AY&SY".getBytes(StandardCharsets.US_ASCII));
        assertFailsInOneLine(SampleRun.of("listen", "-r", xz.toString()), "listen",
                "compressed with xz, which is not read", "xz -d", "gzip or zstd");
        assertFailsInOneLine(SampleRun.of("top", "-r", bzip2.toString()), "top",
                "compressed with bzip2, which is not read", "bzip2 -d");
    }

    @Test
    void standardInputFromAFileOrAPipePlainOrCompressed(@TempDir Path dir) throws Exception {
        Path gzip = gzip(dns(), dir.resolve("dns.pcap.gz"));
        assertTrue(listenToStandardInput(dns(), false).contains(ALL_464));
        assertTrue(listenToStandardInput(gzip, false).contains(ALL_464));
        assertTrue(listenToStandardInput(dns(), true).contains(ALL_464));
        assertTrue(listenToStandardInput(zstd(dns(), dir.resolve("dns.zst")), true).contains(ALL_464));
    }

    /** Runs {@code listen --read - --quiet} in a child JVM with {@code input} on standard input. */
    private static String listenToStandardInput(Path input, boolean throughAPipe) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "listen", "--read", "-", "--quiet"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (!throughAPipe) {
            builder.redirectInput(input.toFile());
        }
        Process listen = builder.start();
        if (throughAPipe) {
            try (OutputStream stdin = listen.getOutputStream()) {
                Files.copy(input, stdin);
            }
        }
        String out = new String(listen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, listen.waitFor(), out);
        return out;
    }

    private static Path gzip(Path from, Path to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            Files.copy(from, out);
        }
        return to;
    }

    private static Path zstd(Path from, Path to) throws IOException {
        try (OutputStream out = new ZstdOutputStream(Files.newOutputStream(to))) {
            Files.copy(from, out);
        }
        return to;
    }
}
