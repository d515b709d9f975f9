// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.export;

import dev.netlistener.capture.CaptureFile;
import dev.netlistener.capture.Flow;
import dev.netlistener.capture.FlowTable;
import dev.netlistener.capture.PacketTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What every format must hold, row by row, as Longs, Strings and nulls: taken from the tables in
 * memory through their public accessors, and from their CSV export (times as epoch nanoseconds).
 * Written here, apart from the export's own column declarations, so that a mistake there shows.
 */
final class ExpectedRows {
    private ExpectedRows() {
    }

    static List<List<Object>> of(PacketTable t) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            rows.add(Arrays.asList(time(t.timestampNanos(i)), number(t.etherType(i)), t.direction(i).name(),
                    text(t.sourceMacText(i)), text(t.destinationMacText(i)), text(t.sourceIpText(i)),
                    number(t.sourcePort(i)), text(t.destinationIpText(i)), number(t.destinationPort(i)),
                    number(t.protocol(i)), number(t.arpOperation(i)), (long) t.wireLength(i),
                    (long) t.capturedLength(i), number(t.vlan(i)), t.status(i).name()));
        }
        return rows;
    }

    static List<List<Object>> of(FlowTable t) {
        List<List<Object>> rows = new ArrayList<>();
        for (Flow f : t.flows()) {
            boolean ip = f.ipVersion() != 0;
            rows.add(Arrays.asList(ip ? (Object) (long) f.ipVersion() : null,
                    number(ip ? f.protocol() : f.etherType()), text(f.addressAText()), number(f.portA()),
                    text(f.addressBText()), number(f.portB()), f.packetsAToB(), f.bytesAToB(), f.packetsBToA(),
                    f.bytesBToA(), time(f.firstSeenNanos()), time(f.lastSeenNanos()),
                    f.protocol() == 6 ? (Object) (long) f.tcpFlags() : null, f.direction().name()));
        }
        return rows;
    }

    /**
     * The rows of a CSV export written with epoch-nanosecond times: hex numbers (EtherType, a
     * non-IP flow's protocol, TCP flags) decoded, empty cells null, names and addresses as text.
     */
    static List<List<Object>> fromCsv(String csv, List<String> textColumns) {
        List<String> lines = csv.lines().toList();
        List<String> header = List.of(lines.getFirst().split(","));
        List<List<Object>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            List<Object> row = new ArrayList<>();
            for (int c = 0; c < cells.length; c++) {
                String cell = cells[c];
                row.add(cell.isEmpty() ? null : textColumns.contains(header.get(c)) ? cell : Long.decode(cell));
            }
            rows.add(row);
        }
        return rows;
    }

    static final List<String> PACKET_TEXT = List.of("direction", "source_mac", "destination_mac", "source_ip",
            "destination_ip", "status");
    static final List<String> FLOW_TEXT = List.of("address_a", "address_b", "direction");

    private static Object time(long nanos) {
        return nanos == CaptureFile.NO_TIMESTAMP ? null : nanos;
    }

    private static Object number(int value) {
        return value < 0 ? null : (long) value;
    }

    private static Object text(String value) {
        return value.isEmpty() ? null : value;
    }
}
