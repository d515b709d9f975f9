// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FlowTrackerTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_700_000_000L * SECOND;

    static Stream<Path> corpusFiles() {
        return TestEnvironment.corpusFiles().stream();
    }

    /** Packets and bytes per conversation key, summed from a packet table. */
    private static Map<String, long[]> totalsFromPackets(PacketTable table) {
        Map<String, long[]> totals = new HashMap<>();
        for (int row = 0; row < table.size(); row++) {
            String key;
            if (table.ipVersion(row) == 0) {
                key = "ethertype " + table.etherType(row);
            } else {
                String a = table.sourceIpText(row) + " " + table.sourcePort(row);
                String b = table.destinationIpText(row) + " " + table.destinationPort(row);
                key = table.ipVersion(row) + " " + table.protocol(row) + " "
                        + (a.compareTo(b) <= 0 ? a + " | " + b : b + " | " + a);
            }
            long[] sum = totals.computeIfAbsent(key, k -> new long[2]);
            sum[0]++;
            sum[1] += table.wireLength(row);
        }
        return totals;
    }

    private static Map<String, long[]> totalsFromFlows(List<Flow> flows) {
        Map<String, long[]> totals = new HashMap<>();
        for (Flow flow : flows) {
            String key;
            if (flow.ipVersion() == 0) {
                key = "ethertype " + flow.etherType();
            } else {
                String a = flow.addressAText() + " " + flow.portA();
                String b = flow.addressBText() + " " + flow.portB();
                key = flow.ipVersion() + " " + flow.protocol() + " " + (a.compareTo(b) <= 0 ? a + " | " + b : b + " | " + a);
            }
            long[] sum = totals.computeIfAbsent(key, k -> new long[2]);
            sum[0] += flow.packets();
            sum[1] += flow.bytes();
        }
        return totals;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void flowTotalsEqualSumsFromThePacketTable(Path file) throws Exception {
        List<Flow> flows = new ArrayList<>();
        PacketTable packets;
        try (Capture capture = Capture.open(file)) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(60)));
            packets = capture.get();
            FlowSnapshot snapshot = capture.flows();
            flows.addAll(snapshot.all().flows());
            assertEquals(0, snapshot.endedLost());
        }
        Map<String, long[]> expected = totalsFromPackets(packets);
        Map<String, long[]> actual = totalsFromFlows(flows);
        assertEquals(expected.keySet(), actual.keySet());
        for (String key : expected.keySet()) {
            assertEquals(expected.get(key)[0], actual.get(key)[0], key + " packets");
            assertEquals(expected.get(key)[1], actual.get(key)[1], key + " bytes");
        }
    }

    @Test
    void bothDirectionsOfATcpConversationAreOneFlow() throws Exception {
        try (Capture capture = Capture.open(TestEnvironment.corpus().resolve("tcp-handshake-nano.pcap"))) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(10)));
            FlowTable flows = capture.flows().all();
            assertEquals(1, flows.size(), flows.toString());
            Flow flow = flows.flow(0);
            assertEquals(6, flow.protocol());
            assertEquals(2, flow.packetsAToB(), "SYN and ACK from the client");
            assertEquals(1, flow.packetsBToA(), "SYN-ACK from the server");
            assertTrue(flow.sawSyn());
            assertTrue(!flow.sawFin() && !flow.sawRst());
            assertEquals(0x12, flow.tcpFlags() & 0x12, "SYN and ACK seen");
        }
    }

    @Test
    void aFullTableEvictsTheLeastRecentlySeenAndCountsIt(@TempDir Path dir) throws Exception {
        List<Fixtures.Datagram> datagrams = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            datagrams.add(new Fixtures.Datagram(T0 + i * 10 * SECOND, 0x0A000001, 1000 + i, 0x0A000002, 53, 10));
        }
        // A reply refreshes flow 1000 once the table is full, 35 s after it was listed (more than an
        // eighth of the 60 s idle timeout, the listing granularity): evictions then go by last
        // sight, 1001, 1002, 1003 before 1000.
        datagrams.add(4, new Fixtures.Datagram(T0 + 35 * SECOND, 0x0A000002, 53, 0x0A000001, 1000, 10));
        Path file = Fixtures.udpFile(dir.resolve("flows.pcap"), datagrams);
        CaptureConfig config = CaptureConfig.builder().flowCapacity(4).build();
        try (Capture capture = Capture.open(file, config)) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(10)));
            FlowSnapshot snapshot = capture.flows();
            assertEquals(4, snapshot.active().size());
            assertEquals(6, snapshot.evictions());
            List<Flow> evicted = snapshot.ended().flows().stream().filter(f -> f.end() == FlowEnd.EVICTED).toList();
            assertEquals(List.of(1001, 1002, 1003, 1000, 1004, 1005), evicted.stream().map(Flow::portA).toList());
            Flow refreshed = evicted.get(3);
            assertEquals(1, refreshed.packetsAToB());
            assertEquals(1, refreshed.packetsBToA());
            assertEquals(11, snapshot.all().flows().stream().mapToLong(Flow::packets).sum());
            assertEquals(0, capture.flows().ended().size(), "ended flows are returned once");
        }
    }

    @Test
    void idleAndActiveTimeoutsEndFlowsByPacketTime(@TempDir Path dir) throws Exception {
        List<Fixtures.Datagram> datagrams = new ArrayList<>();
        datagrams.add(new Fixtures.Datagram(T0, 0x0A000001, 1111, 0x0A000002, 53, 10));
        datagrams.add(new Fixtures.Datagram(T0 + SECOND, 0x0A000002, 53, 0x0A000001, 1111, 10));
        for (int i = 0; i <= 10; i++) {
            datagrams.add(new Fixtures.Datagram(T0 + 100 * SECOND + i * 10 * SECOND, 0x0A000003, 2222, 0x0A000004, 80, 10));
        }
        Path file = Fixtures.udpFile(dir.resolve("timeouts.pcap"), datagrams);
        CaptureConfig config = CaptureConfig.builder().flowIdleTimeout(Duration.ofSeconds(60))
                .flowActiveTimeout(Duration.ofSeconds(35)).build();
        try (Capture capture = Capture.open(file, config)) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(10)));
            FlowSnapshot snapshot = capture.flows();
            Flow idle = snapshot.ended().flows().stream().filter(f -> f.portA() == 1111).findFirst().orElseThrow();
            assertEquals(FlowEnd.IDLE_TIMEOUT, idle.end());
            assertEquals(1, idle.packetsAToB());
            assertEquals(1, idle.packetsBToA());
            List<Flow> split = snapshot.all().flows().stream().filter(f -> f.portA() == 2222).toList();
            // 100..130 s, 140..170 s end by the active timeout; 180..200 s is still active.
            assertEquals(2, split.stream().filter(f -> f.end() == FlowEnd.ACTIVE_TIMEOUT).count(), split.toString());
            assertEquals(3, split.size());
            assertEquals(11, split.stream().mapToLong(Flow::packets).sum());
            assertTrue(split.stream().allMatch(f -> f.lastSeenNanos() - f.firstSeenNanos() <= 35 * SECOND));
        }
    }

    @Test
    void nonIpTrafficIsAggregatedPerEtherType() throws Exception {
        try (Capture capture = Capture.open(TestEnvironment.corpus().resolve("arp-oobr.pcap"))) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(10)));
            FlowTable flows = capture.flows().all();
            Flow arp = flows.flows().stream().filter(f -> f.etherType() == 0x0806).findFirst().orElseThrow();
            assertEquals(0, arp.ipVersion());
            assertTrue(flows.toString().contains(" arp "), "the printed table names the EtherType");
        }
    }

    @Test
    void csvHasTheDocumentedHeaderAndTopRanksBySize() throws Exception {
        try (Capture capture = Capture.open(TestEnvironment.corpus().resolve("example2.pcap"))) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(30)));
            FlowTable all = capture.flows().all();
            StringBuilder csv = new StringBuilder();
            all.writeCsv(csv);
            assertEquals("ip_version,protocol,address_a,port_a,address_b,port_b,packets_a_to_b,bytes_a_to_b,"
                    + "packets_b_to_a,bytes_b_to_a,first_seen,last_seen,tcp_flags,direction", csv.toString().lines().findFirst().orElseThrow());
            assertEquals(all.size() + 1, csv.toString().lines().count());
            FlowTable top = all.top(5, FlowOrder.BYTES);
            assertEquals(5, top.size());
            long largest = all.flows().stream().mapToLong(Flow::bytes).max().orElseThrow();
            assertEquals(largest, top.flow(0).bytes());
            for (int i = 1; i < top.size(); i++) {
                assertTrue(top.flow(i - 1).bytes() >= top.flow(i).bytes());
            }
        }
    }

    @Test
    void closeEndsEveryFlowAndKeepsThemReadable() throws Exception {
        Capture capture = Capture.open(TestEnvironment.corpus().resolve("DnsPackets.pcap"));
        assertTrue(capture.awaitEnd(Duration.ofSeconds(10)));
        capture.close();
        FlowSnapshot last = capture.flows();
        assertEquals(0, last.active().size());
        assertEquals(464, last.ended().flows().stream().mapToLong(Flow::packets).sum());
        assertTrue(last.ended().flows().stream().allMatch(f -> f.end() == FlowEnd.CAPTURE_CLOSED
                || f.end() == FlowEnd.IDLE_TIMEOUT));
        assertEquals(0, capture.flows().ended().size());
    }

    @Test
    void endedFlowsHandsOutEachEndedFlowOnceWithoutTheActiveOnes(@TempDir Path dir) throws Exception {
        List<Fixtures.Datagram> datagrams = new ArrayList<>();
        datagrams.add(new Fixtures.Datagram(T0, 0x0A000001, 1111, 0x0A000002, 53, 10));
        datagrams.add(new Fixtures.Datagram(T0 + 100 * SECOND, 0x0A000003, 2222, 0x0A000004, 80, 10));
        Path file = Fixtures.udpFile(dir.resolve("ended.pcap"), datagrams);
        CaptureConfig config = CaptureConfig.builder().flowIdleTimeout(Duration.ofSeconds(60)).build();
        Capture capture = Capture.open(file, config);
        assertTrue(capture.awaitEnd(Duration.ofSeconds(10)));
        FlowSnapshot first = capture.endedFlows();
        assertEquals(0, first.active().size(), "the active flows are not copied");
        assertEquals(List.of(1111), first.ended().flows().stream().map(Flow::portA).toList(), "the idle flow ended");
        assertEquals(1, capture.flows().active().size(), "the other is still tracked");
        assertEquals(0, capture.endedFlows().ended().size(), "an ended flow is handed out once");
        capture.close();
        FlowSnapshot closed = capture.endedFlows();
        assertEquals(List.of(2222), closed.ended().flows().stream().map(Flow::portA).toList(), "close ends the rest");
        assertEquals(0, closed.active().size());
        assertEquals(0, capture.endedFlows().ended().size());
    }
}
