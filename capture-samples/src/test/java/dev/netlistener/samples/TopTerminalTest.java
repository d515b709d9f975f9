// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.FlowTable;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** top at a terminal of a fixed width: redrawn in place, cut to the width, ages instead of times, Ctrl-C clean. */
class TopTerminalTest {
    private static final int WIDTH = 64;

    @Test
    void readingAFileItFitsTheTerminalAndShowsAgesAndRates(@TempDir Path dir) throws Exception {
        int width = 90;
        PseudoTerminal run = PseudoTerminal.run(dir, width, -1, "top", "-r",
                SampleRun.corpus().resolve("example2.pcap").toString(), "--top", "5");
        assertEquals(0, run.exitCode(), run.screen());
        assertFitsWithoutStackTrace(run, width);
        assertTrue(run.lines().getFirst().length() == width, "the summary line cut to the width: " + run.screen());
        assertTrue(run.screen().contains("\033[H") && run.screen().contains("\033[K\r\n"), "redrawn in place");
        assertFalse(run.screen().contains("\033[2J"), "never a full clear");
        List<String> rows = run.lines().stream().filter(line -> line.startsWith("tcp ")).toList();
        assertEquals(5, rows.size(), run.screen());
        assertTrue(rows.getFirst().matches("tcp +10\\.0\\.0\\.1:55291 +54\\.192\\.94\\.30:80 +566 +528\\.6k +24\\.2k +21s +0s.*"),
                rows.getFirst());
        assertFalse(run.screen().matches("(?s).*1[0-9]{9}\\.[0-9].*"), "no epoch times: " + run.screen());
    }

    @Test
    void widthOptionCutsLinesWhenNotATerminal() {
        SampleRun run = SampleRun.of("top", "-r", SampleRun.dnsPackets().toString(), "--width", "40");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().lines().allMatch(line -> line.length() <= 40), run.out());
        assertTrue(run.out().lines().anyMatch(line -> line.length() == 40), run.out());
        assertFalse(run.out().contains("\033["), "no escape sequences in a pipe");
    }

    @Test
    void ctrlCEndsALiveViewCleanlyAndWritesTheCsv(@TempDir Path dir) throws Exception {
        SampleRun.requireLiveCapture();
        Path csv = dir.resolve("flows.csv");
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread traffic = Thread.ofPlatform().start(() -> {
            try (DatagramSocket socket = new DatagramSocket()) {
                byte[] payload = new byte[100];
                while (sending.get()) {
                    socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), 47_111));
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        PseudoTerminal run;
        try {
            run = PseudoTerminal.run(dir, WIDTH, 6, "top", "-i", "lo", "--interval", "0.3", "--csv", csv.toString());
        } finally {
            sending.set(false);
            traffic.join();
        }
        assertEquals(130, run.exitCode(), "ended by SIGINT, as a shell reports Ctrl-C: " + run.screen());
        assertFitsWithoutStackTrace(run, WIDTH);
        assertTrue(run.lines().stream().anyMatch(line -> line.matches("udp +127\\.0\\.0\\.1:[0-9]+ +127\\.0\\.0\\.1:47111 .*")),
                run.screen());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", FlowTable.CSV_HEADER), lines.getFirst());
        assertTrue(Files.readString(csv).endsWith("\n"), "the last line is whole");
        assertTrue(lines.stream().anyMatch(line -> line.matches("4,17,127\\.0\\.0\\.1,[0-9]+,127\\.0\\.0\\.1,47111,[0-9]+,.*")),
                lines.toString());
        String wrote = run.lines().stream().filter(line -> line.startsWith("top: wrote ")).findFirst().orElseThrow();
        assertEquals("top: wrote " + (lines.size() - 1) + " flows to " + csv, wrote);
    }

    private static void assertFitsWithoutStackTrace(PseudoTerminal run, int width) {
        for (String line : run.lines()) {
            assertTrue(line.length() <= width, line.length() + " characters: " + line);
        }
        assertFalse(run.screen().contains("Exception") || run.screen().contains("\tat "), run.screen());
    }
}
