// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.FlowTable;
import dev.netlistener.capture.PacketTable;
import dev.netlistener.capture.TestEnvironment;
import dev.netlistener.capture.TimeFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export in the columns asked for: every format holds exactly those, named as asked, in that
 * order, with the values the full export holds (read back by DuckDB and the Arrow JavaScript
 * package); a wrong name creates no file.
 */
class ExportColumnSelectionTest {
    private static final List<String> PACKET_COLUMNS = List.of("status", "destination_port", "source_ip", "timestamp",
            "ethertype");
    private static final List<String> FLOW_COLUMNS = List.of("bytes_b_to_a", "address_a", "protocol");
    private static CorpusTables dns;

    @TempDir
    Path dir;

    @BeforeAll
    static void readCorpusFile() throws Exception {
        dns = CorpusTables.read(TestEnvironment.corpus().resolve("DnsPackets.pcap"));
    }

    @Test
    void parquetHoldsTheColumnsAskedForInTheirOrder() throws Exception {
        Path packets = packetsIn("packets.parquet", ExportFormat.PARQUET, TimeFormat.ISO);
        assertEquals(PACKET_COLUMNS, List.copyOf(DuckDb.types("'" + packets + "'").keySet()));
        assertEquals(expectedPackets(), DuckDb.query("SELECT status, destination_port, source_ip, epoch_ns(timestamp), "
                + "ethertype FROM read_parquet('" + packets + "', file_row_number = true) ORDER BY file_row_number"));
        Path flows = dir.resolve("flows.parquet");
        try (TableWriter<FlowTable> writer = Export.flows(flows, ExportFormat.PARQUET, TimeFormat.ISO, FLOW_COLUMNS)) {
            writer.write(dns.flows());
        }
        assertEquals(FLOW_COLUMNS, List.copyOf(DuckDb.types("'" + flows + "'").keySet()));
        assertEquals(pick(ExpectedRows.of(dns.flows()), FlowTable.CSV_HEADER, FLOW_COLUMNS),
                DuckDb.query("SELECT * EXCLUDE (file_row_number) FROM read_parquet('" + flows
                        + "', file_row_number = true) ORDER BY file_row_number"));
    }

    @Test
    void jsonLinesHoldTheColumnsAskedForInTheirOrder() throws Exception {
        Path packets = packetsIn("packets.jsonl", ExportFormat.JSON_LINES, TimeFormat.EPOCH_NS);
        List<String> lines = Files.readAllLines(packets);
        assertEquals(dns.packets().size(), lines.size());
        assertTrue(lines.getFirst().startsWith("{\"status\":\"OK\",\"destination_port\":53,\"source_ip\":\"10.0.0.1\","
                + "\"timestamp\":1413054930198203000,\"ethertype\":2048}"), lines.getFirst());
        assertEquals(expectedPackets(), DuckDb.query("SELECT * FROM read_json('" + packets + "', format = 'newline_delimited', "
                + "columns = {status: 'VARCHAR', destination_port: 'USMALLINT', source_ip: 'VARCHAR', timestamp: 'BIGINT', "
                + "ethertype: 'USMALLINT'})"));
    }

    @Test
    void arrowHoldsTheColumnsAskedForInTheirOrder() throws Exception {
        Path packets = packetsIn("packets.arrow", ExportFormat.ARROW_FILE, TimeFormat.ISO);
        ArrowJs.Read read = ArrowJs.read(packets);
        assertEquals(List.of("status Dictionary<Int8, Utf8> false", "destination_port Uint16 true", "source_ip Utf8 true",
                "timestamp Timestamp<NANOSECOND, UTC> true", "ethertype Uint16 true"), read.fields());
        assertEquals(expectedPackets(), read.rows());
    }

    /** The tunnel columns of every file of the tunnel corpus, in Parquet (tunnel_id a UINTEGER) as in the table. */
    @Test
    void theTunnelColumnsExport() throws Exception {
        List<PacketTable> tables = assertParquetAsInTheTable(TestEnvironment.tunnelCorpusFiles(),
                List.of("tunnel", "tunnel_id", "outer_source_ip", "outer_destination_ip"),
                List.of("VARCHAR", "UINTEGER", "VARCHAR", "VARCHAR"),
                (table, row) -> java.util.Arrays.asList(orNull(table.tunnelText(row)),
                        table.tunnelId(row) < 0 ? null : table.tunnelId(row), orNull(table.outerSourceIpText(row)),
                        orNull(table.outerDestinationIpText(row))));
        long tunnelled = tables.stream().mapToLong(t -> IntStream.range(0, t.size()).filter(r -> t.tunnelDepth(r) > 0).count()).sum();
        assertTrue(tunnelled > 150, tunnelled + " tunnelled rows");
    }

    /** The name columns of the corpus files that have names, in Parquet (dns_answers a USMALLINT) as in the table. */
    @Test
    void theNameColumnsExport() throws Exception {
        List<PacketTable> tables = assertParquetAsInTheTable(
                List.of(TestEnvironment.corpus().resolve("DnsPackets.pcap"), TestEnvironment.corpus().resolve("example2.pcap")),
                List.of("dns_query", "dns_answers", "tls_sni", "http_host"),
                List.of("VARCHAR", "USMALLINT", "VARCHAR", "VARCHAR"),
                (table, row) -> java.util.Arrays.asList(orNull(table.dnsQuery(row)),
                        table.dnsAnswers(row) < 0 ? null : (long) table.dnsAnswers(row), orNull(table.tlsServerName(row)),
                        orNull(table.httpHost(row))));
        long named = tables.stream().mapToLong(t -> IntStream.range(0, t.size())
                .filter(r -> !(t.dnsQuery(r) + t.tlsServerName(r) + t.httpHost(r)).isEmpty()).count()).sum();
        assertTrue(named > 800, named + " named rows");
    }

    /**
     * Writes {@code columns} of each capture's table as Parquet, and checks that DuckDB reads them
     * with {@code types} and the values {@code row} gives; returns the tables.
     */
    private List<PacketTable> assertParquetAsInTheTable(List<Path> captures, List<String> columns, List<String> types,
                                                        java.util.function.BiFunction<PacketTable, Integer, List<Object>> row)
            throws Exception {
        List<PacketTable> tables = new java.util.ArrayList<>();
        for (Path capture : captures) {
            PacketTable table = CorpusTables.read(capture).packets();
            Path file = dir.resolve("columns.parquet");
            try (TableWriter<PacketTable> writer = Export.packets(file, ExportFormat.PARQUET, TimeFormat.ISO, columns)) {
                writer.write(table);
            }
            assertEquals(types, List.copyOf(DuckDb.types("'" + file + "'").values()));
            List<List<Object>> expected = new java.util.ArrayList<>();
            for (int i = 0; i < table.size(); i++) {
                expected.add(row.apply(table, i));
            }
            assertEquals(expected, DuckDb.query("SELECT * EXCLUDE (file_row_number) FROM read_parquet('" + file
                    + "', file_row_number = true) ORDER BY file_row_number"), capture.getFileName().toString());
            tables.add(table);
        }
        return tables;
    }

    private static String orNull(String text) {
        return text.isEmpty() ? null : text;
    }

    @Test
    void aWrongNameCreatesNoFile() {
        Path file = dir.resolve("never.parquet");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Export.packets(file, ExportFormat.PARQUET, TimeFormat.ISO, List.of("source_ip", "sport")));
        assertTrue(e.getMessage().startsWith("\"sport\" is not a column; the columns are: timestamp, "), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Export.flows(file, ExportFormat.PARQUET, TimeFormat.ISO, List.of("port_a", "port_a")));
        assertFalse(Files.exists(file));
    }

    /** The file {@code name}, holding the packets of the DNS capture in {@link #PACKET_COLUMNS}. */
    private Path packetsIn(String name, ExportFormat format, TimeFormat time) throws Exception {
        Path file = dir.resolve(name);
        try (TableWriter<PacketTable> writer = Export.packets(file, format, time, PACKET_COLUMNS)) {
            writer.write(dns.packets());
        }
        return file;
    }

    private static List<List<Object>> expectedPackets() {
        return pick(ExpectedRows.of(dns.packets()), PacketTable.CSV_HEADER, PACKET_COLUMNS);
    }

    /** The values of {@code rows} (in {@code header}'s columns) in the columns {@code chosen}, in that order. */
    private static List<List<Object>> pick(List<List<Object>> rows, List<String> header, List<String> chosen) {
        return rows.stream().map(row -> chosen.stream().map(name -> row.get(header.indexOf(name))).toList()).toList();
    }
}
