// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** listen and top print protocol, EtherType, ARP operation and TCP flag names; their CSV keeps the numbers. */
class PrintedNamesTest {

    @Test
    void listenPrintsArpNamesAndWritesNumbers(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("arp.csv");
        SampleRun run = SampleRun.of("listen", "-r", SampleRun.corpus().resolve("example2.pcap").toString(),
                "--filter", "arp", "--fields", "ethertype,protocol,operation", "--csv", csv.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> rows = run.out().lines().filter(line -> line.matches(" +[0-9]+ .*")).toList();
        assertEquals(4, rows.size(), run.out());
        assertTrue(rows.stream().allMatch(line -> line.matches(" +[0-9]+ +arp +<NA> +(request|reply)")), run.out());
        assertTrue(rows.stream().anyMatch(line -> line.endsWith("request")) && rows.stream().anyMatch(line -> line.endsWith("reply")));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("ethertype,protocol,operation", lines.getFirst());
        assertTrue(lines.subList(1, lines.size()).stream().allMatch(line -> line.matches("0x0806,,[12]")), lines.toString());
    }

    @Test
    void listenPrintsIpProtocolNames() {
        SampleRun run = SampleRun.of("listen", "-r", SampleRun.corpus().resolve("DnsPackets.pcap").toString(), "--wide");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains(" udp "), run.out());
        assertTrue(run.out().contains(" ipv6 ") || run.out().contains(" ipv4 "), run.out());
    }

    @Test
    void topPrintsProtocolAndTcpFlagNamesAndWritesNumbers(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("flows.csv");
        SampleRun run = SampleRun.of("top", "-r", SampleRun.corpus().resolve("example2.pcap").toString(),
                "--fields", "protocol,tcp_flags,packets_a_to_b", "--top", "5", "--csv", csv.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> rows = run.out().lines().filter(line -> line.matches(" +[0-9]+ .*")).toList();
        assertEquals(5, rows.size(), run.out());
        assertTrue(rows.stream().allMatch(line -> line.matches(" +[0-9]+ +(tcp|udp|icmp|arp) +([A-Z,]+|none|<NA>) +[0-9]+")),
                run.out());
        assertTrue(rows.stream().anyMatch(line -> line.contains("SYN") && line.contains("ACK")), run.out());
        List<String> lines = Files.readAllLines(csv);
        assertTrue(lines.subList(1, lines.size()).stream().allMatch(line -> line.matches("([0-9]+|0x[0-9a-f]{4})?,(0x[0-9a-f]{2})?,[0-9]+")),
                lines.toString());
    }
}
