// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Choosing columns ({@code writeCsv(..., columns)}, {@code render(columns)}), as tshark's
 * {@code -T fields -e}: the cells are those of the default output, in the columns and order asked
 * for; a wrong name is refused saying which and listing the columns there are; the default output
 * keeps its header exactly.
 */
class ColumnSelectionTest {
    private static PacketTable packets;
    private static FlowTable flows;

    @BeforeAll
    static void readCorpusFile() throws Exception {
        try (Capture capture = Capture.open(TestEnvironment.corpus().resolve("DnsPackets.pcap"))) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(60)));
            packets = capture.get();
            flows = capture.flows().all();
        }
        assertEquals(464, packets.size());
    }

    @Test
    void theDefaultHeadersAreUnchanged() {
        assertEquals(List.of("timestamp", "ethertype", "direction", "source_mac", "destination_mac", "source_ip",
                "source_port", "destination_ip", "destination_port", "protocol", "operation", "size", "captured", "vlan",
                "status"), PacketTable.CSV_HEADER);
        assertEquals(List.of("ip_version", "protocol", "address_a", "port_a", "address_b", "port_b", "packets_a_to_b",
                "bytes_a_to_b", "packets_b_to_a", "bytes_b_to_a", "first_seen", "last_seen", "tcp_flags", "direction"),
                FlowTable.CSV_HEADER);
        assertEquals(PacketTable.CSV_HEADER, PacketTable.columns().defaultNames());
        assertEquals(PacketTable.CSV_HEADER, PacketTable.columns().names().subList(0, 15), "the default ones come first");
        assertEquals(String.join(",", PacketTable.CSV_HEADER), csv(packets, null).getFirst());
        assertEquals(String.join(",", FlowTable.CSV_HEADER), flowCsv(null).getFirst());
    }

    @Test
    void csvHoldsTheColumnsAskedForInTheirOrder() {
        List<String> chosen = List.of("destination_port", "source_ip", "timestamp", "status", "ethertype");
        for (TimeFormat time : TimeFormat.values()) {
            List<String> all = csv(packets, null, time);
            List<String> some = csv(packets, chosen, time);
            assertEquals(String.join(",", chosen), some.getFirst());
            assertEquals(all.size(), some.size());
            for (int line = 1; line < all.size(); line++) {
                assertEquals(pick(PacketTable.CSV_HEADER, all.get(line).split(",", -1), chosen),
                        List.of(some.get(line).split(",", -1)), "line " + line + " " + time);
            }
        }
        List<String> all = flowCsv(null);
        List<String> chosenFlows = List.of("tcp_flags", "address_b", "protocol", "last_seen");
        List<String> some = flowCsv(chosenFlows);
        assertEquals(String.join(",", chosenFlows), some.getFirst());
        for (int line = 1; line < all.size(); line++) {
            assertEquals(pick(FlowTable.CSV_HEADER, all.get(line).split(",", -1), chosenFlows),
                    List.of(some.get(line).split(",", -1)), "flow line " + line);
        }
    }

    @Test
    void everyColumnCanBeWrittenAlone() {
        for (String name : PacketTable.columns().names()) {
            List<String> one = csv(packets, List.of(name));
            assertEquals(name, one.getFirst());
            assertEquals(packets.size() + 1, one.size());
        }
    }

    @Test
    void thePrintedTableShowsTheColumnsAskedForInTheirOrder() {
        List<String> chosen = List.of("source_ip", "destination_port", "timestamp", "vlan");
        List<String> all = packets.toString().lines().toList();
        List<String> some = packets.render(chosen).lines().toList();
        assertEquals(chosen, List.of(some.getFirst().strip().split("\\s+")));
        assertEquals("[464 rows x 4 columns]", some.getLast());
        assertEquals(all.size(), some.size(), "the same rows shown");
        for (int line = 1; line < all.size() - 1; line++) {
            List<String> cells = List.of(all.get(line).strip().split("\\s+"));
            List<String> expected = new java.util.ArrayList<>(List.of(cells.getFirst()));
            expected.addAll(pick(PacketTable.CSV_HEADER, cells.subList(1, cells.size()).toArray(String[]::new), chosen));
            assertEquals(expected, List.of(some.get(line).strip().split("\\s+")), "line " + line);
        }
        assertTrue(some.get(1).contains("<NA>"), "an absent VLAN prints as <NA>: " + some.get(1));
        List<String> flowLines = flows.render(List.of("port_b", "address_a")).lines().toList();
        assertEquals(List.of("port_b", "address_a"), List.of(flowLines.getFirst().strip().split("\\s+")));
        assertEquals("[" + flows.size() + " rows x 2 columns]", flowLines.getLast());
        assertEquals(packets.toString(), packets.render(PacketTable.CSV_HEADER), "the default is the header's columns");
    }

    @Test
    void anUnknownNameIsRefusedSayingWhichAndListingTheColumns() {
        List<String> asked = List.of("source_ip", "src_ip", "destination_ip");
        for (Function<List<String>, ?> select : List.<Function<List<String>, ?>>of(
                names -> csv(packets, names), packets::render, PacketTable.columns()::select)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> select.apply(asked));
            assertTrue(e.getMessage().startsWith("\"src_ip\" is not a column; the columns are: timestamp, ethertype, "),
                    e.getMessage());
            for (String name : PacketTable.columns().names()) {
                assertTrue(e.getMessage().contains(name), name + " listed in: " + e.getMessage());
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> flowCsv(List.of("port")));
        assertTrue(e.getMessage().startsWith("\"port\" is not a column; the columns are: ip_version, protocol, "),
                e.getMessage());
    }

    @Test
    void aNameTwiceOrNoNameIsRefused() {
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> packets.render(List.of("size", "protocol", "size")));
        assertEquals("\"size\" is named twice; each column can be written once", twice.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> csv(packets, List.of()));
        assertTrue(none.getMessage().startsWith("no column named; the columns are: timestamp, "), none.getMessage());
        assertThrows(IllegalArgumentException.class, () -> csv(packets, List.of("")));
    }

    /** The cells of {@code line} (in {@code header}'s columns) for the columns {@code chosen}, in that order. */
    private static List<String> pick(List<String> header, String[] line, List<String> chosen) {
        return chosen.stream().map(name -> line[header.indexOf(name)]).toList();
    }

    private static List<String> csv(PacketTable table, List<String> columns) {
        return csv(table, columns, TimeFormat.SECONDS);
    }

    /** The CSV's lines, in the default columns when {@code columns} is null. */
    private static List<String> csv(PacketTable table, List<String> columns, TimeFormat time) {
        StringBuilder out = new StringBuilder();
        if (columns == null) {
            table.writeCsv(out, true, time);
        } else {
            table.writeCsv(out, true, time, columns);
        }
        return out.toString().lines().toList();
    }

    private static List<String> flowCsv(List<String> columns) {
        StringBuilder out = new StringBuilder();
        if (columns == null) {
            flows.writeCsv(out);
        } else {
            flows.writeCsv(out, TimeFormat.SECONDS, columns);
        }
        return out.toString().lines().toList();
    }

    @Test
    void aSensorColumnFollowsItsRowsThroughConcatAndTop() {
        FlowTable left = flows.seenBy("left, the first");
        FlowTable both = FlowTable.concat(List.of(left, flows.top(3, FlowOrder.PACKETS), flows.seenBy("right")));
        assertEquals(2 * flows.size() + 3, both.size());
        assertEquals("left, the first", both.sensor(0));
        assertEquals("", both.sensor(flows.size()), "a table seen by nobody names nobody");
        assertEquals("right", both.sensor(both.size() - 1));
        FlowTable top = both.top(both.size(), FlowOrder.BYTES);
        for (int row = 0; row < top.size(); row++) {
            Flow flow = top.flow(row);
            String sensor = top.sensor(row);
            assertTrue(sensor.isEmpty() ? flows.top(3, FlowOrder.PACKETS).flows().contains(flow) : flows.flows().contains(flow),
                    "row " + row + " keeps its sensor");
        }
        StringBuilder csv = new StringBuilder();
        left.writeCsv(csv, TimeFormat.SECONDS, List.of("sensor", "port_a"));
        assertEquals("sensor,port_a", csv.toString().lines().findFirst().orElseThrow());
        assertTrue(csv.toString().lines().skip(1).allMatch(line -> line.startsWith("\"left, the first\",")), "quoted: " + csv);
        assertEquals("", flows.sensor(0));
        assertThrows(IndexOutOfBoundsException.class, () -> flows.sensor(flows.size()));
    }
}
