// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplesTest {

    @Test
    void devicesListsLoopbackWithItsFlagsAndNetworks() {
        SampleRun run = SampleRun.of("devices");
        assertEquals(0, run.exitCode(), run.err());
        String lo = run.out().lines().filter(line -> line.startsWith("lo ")).findFirst().orElseThrow();
        assertTrue(lo.contains("LOOPBACK") && lo.contains("UP") && lo.contains("RUNNING"), lo);
        assertTrue(lo.contains("127.0.0.1/8") && lo.contains("::1/128"), lo);
        assertTrue(run.out().startsWith("device"), "a header row");
    }

    @Test
    void listenReadsAFileIntoTheCsvAndPrintsTheTable(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("out.csv");
        SampleRun run = SampleRun.of("listen", "--read", SampleRun.corpus().resolve("VlanPackets.pcap").toString(),
                "--csv", csv.toString(), "--local-net", "192.168.0.0/16");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("timestamp,ethertype,direction,source_mac,destination_mac,source_ip,source_port,destination_ip,"
                + "destination_port,protocol,operation,size,captured,vlan,status", lines.getFirst());
        assertEquals(27, lines.size(), "a header and one row per packet");
        assertTrue(run.out().contains("[26 rows x 6 columns]"), run.out());
        assertTrue(run.out().contains("+26 packets (total 26)"), run.out());
    }

    static java.util.stream.Stream<Path> corpusFiles() throws java.io.IOException {
        try (var files = Files.list(SampleRun.corpus())) {
            return files.filter(f -> f.toString().matches(".*\\.(pcap|pcapng|cap)")).sorted().toList().stream();
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("corpusFiles")
    void listenWritesTheCsvOfAnyCorpusFile(Path file, @TempDir Path dir) throws Exception {
        Path csv = dir.resolve("out.csv");
        SampleRun run = SampleRun.of("listen", "--read", file.toString(), "--csv", csv.toString(), "--quiet");
        assertEquals(0, run.exitCode(), run.err());
        String stem = file.getFileName().toString().replaceAll("\\.[^.]+$", "");
        long frames = Files.readAllLines(file.resolveSibling(stem + ".tshark.csv")).size() - 1;
        List<String> lines = Files.readAllLines(csv);
        assertEquals(frames + 1, lines.size(), "a header and one row per frame");
        assertTrue(lines.stream().skip(1).allMatch(line -> line.split(",", -1).length == 15), "15 cells per row");
    }

    @Test
    void listenStopsAfterCount() {
        SampleRun run = SampleRun.of("listen", "--read", SampleRun.corpus().resolve("example2.pcap").toString(),
                "--count", "100", "--quiet");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("(total 100)"), run.out());
        assertTrue(!run.out().contains("rows x"), "--quiet prints no tables");
    }

    @Test
    void listenExplainsABadFilter() {
        SampleRun run = SampleRun.of("listen", "--read", SampleRun.corpus().resolve("sll2.pcap").toString(),
                "--filter", "tcp prot 80");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("'tcp prot 80'"), run.err());
    }

    @Test
    void topWritesEveryFlowOfAFile(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("flows.csv");
        SampleRun run = SampleRun.of("top", "--read", SampleRun.corpus().resolve("DnsPackets.pcap").toString(),
                "--csv", csv.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("ip_version,protocol,address_a,port_a,address_b,port_b,packets_a_to_b,bytes_a_to_b,"
                + "packets_b_to_a,bytes_b_to_a,first_seen,last_seen,tcp_flags,direction", lines.getFirst());
        long packets = lines.stream().skip(1).map(line -> line.split(",", -1))
                .mapToLong(cells -> Long.parseLong(cells[6]) + Long.parseLong(cells[8])).sum();
        assertEquals(464, packets, "every packet of the file is in some flow");
        assertTrue(run.out().contains("packets/s") && run.out().contains("bytes/s"), run.out());
    }

    @Test
    void streamCountsBytesPerProtocol() {
        SampleRun run = SampleRun.of("stream", "--read", SampleRun.corpus().resolve("DnsPackets.pcap").toString());
        assertEquals(0, run.exitCode(), run.err());
        String udp = run.out().lines().filter(line -> line.startsWith("udp ")).findFirst().orElseThrow();
        assertEquals("464", udp.split("\\s+")[1], run.out());
        assertTrue(run.out().lines().anyMatch(line -> line.startsWith("total") && line.split("\\s+")[1].equals("464")));
    }

    @Test
    void dumpCapturesLoopbackTrafficToAFile(@TempDir Path dir) throws Exception {
        SampleRun.requireLiveCapture();
        Path file = dir.resolve("dump.pcap");
        AtomicBoolean sending = new AtomicBoolean(true);
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            Thread sender = Thread.ofPlatform().start(() -> {
                while (sending.get()) {
                    try {
                        socket.send(new DatagramPacket(new byte[32], 32, InetAddress.getLoopbackAddress(), port));
                        Thread.sleep(2);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            SampleRun run = SampleRun.of("dump", "--device", "lo", "--filter", "udp dst port " + port,
                    "--count", "50", "--seconds", "20", "-w", file.toString());
            sending.set(false);
            sender.join();
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.err().contains("50 packets written"), run.err());
        }
        SampleRun read = SampleRun.of("stream", "--read", file.toString());
        assertTrue(read.out().lines().anyMatch(line -> line.startsWith("udp ") && line.split("\\s+")[1].equals("50")),
                read.out());
    }

    @Test
    void topAndStreamRunLiveOnLoopback() {
        SampleRun.requireLiveCapture();
        SampleRun top = SampleRun.of("top", "--device", "lo", "--seconds", "1.5", "--interval", "0.5");
        assertEquals(0, top.exitCode(), top.err());
        assertTrue(top.out().lines().filter(line -> line.startsWith("lo ")).count() >= 2, top.out());
        SampleRun stream = SampleRun.of("stream", "--device", "lo", "--seconds", "1");
        assertEquals(0, stream.exitCode(), stream.err());
        assertTrue(stream.out().contains("total"), stream.out());
    }
}
