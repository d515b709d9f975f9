// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.decode.DecodeStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WarmupTest {

    /** The warm-up is worth its time only if its frames take the paths real traffic takes: every kind decodes whole. */
    @Test
    void theMadeUpFramesDecodeWholeIntoEveryKindOfRow() {
        Map<String, Integer> kinds = new TreeMap<>();
        int[] rows = {0};
        int[] named = {0};
        Warmup.run(8_000, 1024, table -> {
            for (int row = 0; row < table.size(); row++) {
                assertEquals(DecodeStatus.OK, table.status(row), () -> "row " + rows[0] + ": " + table.row(rows[0]));
                String kind = "0x" + Integer.toHexString(table.etherType(row)) + " v" + table.ipVersion(row) + " p"
                        + table.protocol(row) + (table.vlan(row) >= 0 ? " vlan" : "") + (table.sourcePort(row) >= 0 ? " ports" : "")
                        + (table.arpOperation(row) >= 0 ? " arp" : "");
                kinds.merge(kind, 1, Integer::sum);
                named[0] += table.destinationPort(row) == 53 && table.dnsQuery(row).equals("example.com") ? 1 : 0;
                rows[0]++;
            }
        });
        assertEquals(8_000, rows[0]);
        assertEquals(Map.of("0x800 v4 p6 ports", 1_000, "0x800 v4 p17 ports", 2_000, "0x86dd v6 p6 ports", 1_000,
                "0x86dd v6 p17 ports", 1_000, "0x800 v4 p17 vlan ports", 1_000, "0x800 v4 p1", 1_000,
                "0x806 v0 p-1 arp", 1_000), kinds);
        assertEquals(1_000, named[0], "the DNS queries decode with their name");
    }

    @Test
    void anExampleTableHoldsEveryKindOfPacketInOneTable() {
        PacketTable table = PacketTable.example(8_000);
        assertEquals(8_000, table.size());
        for (int row = 0; row < table.size(); row++) {
            assertEquals(DecodeStatus.OK, table.status(row));
        }
        assertEquals(7, java.util.stream.IntStream.range(0, table.size()).mapToObj(row -> table.etherType(row) + "/"
                + table.protocol(row) + "/" + table.vlan(row) + "/" + table.ipVersion(row)).distinct().count(), "seven kinds of headers (the DNS query is IPv4/UDP too)");
    }

    /** The JIT compiles for the source class it saw: the warm-up must read through the live capture's own. */
    @Test
    void theFramesComeThroughLibpcapAndTheLiveSourcesClassInFilesOfAThousand() throws Exception {
        List<PacketSource> sources = Warmup.sources(2_500);
        try {
            assertEquals(3, sources.size());
            int packets = 0;
            for (PacketSource source : sources) {
                assertEquals(PacketSource.Live.class, source.getClass());
                while (source.next() == ReadResult.PACKET) {
                    packets++;
                }
            }
            assertEquals(2_500, packets);
        } finally {
            sources.forEach(PacketSource::close);
        }
    }

    /** The warm-up drops rows too, so that a capture's first dropped row meets compiled code that expects it. */
    @Test
    void theWarmUpKeepsAtMostItsRetentionPerBurst() {
        long[] rows = {0};
        Warmup.run(Warmup.PACKETS, 512, table -> {
            assertTrue(table.size() <= 512, () -> table.size() + " rows in one burst");
            rows[0] += table.size();
        });
        assertTrue(rows[0] > 0 && rows[0] < Warmup.PACKETS, rows[0] + " of " + Warmup.PACKETS + " rows kept");
    }
}
