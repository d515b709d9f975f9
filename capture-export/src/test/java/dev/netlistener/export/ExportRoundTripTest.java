// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.CaptureFile;
import dev.netlistener.capture.FlowTable;
import dev.netlistener.capture.PacketTable;
import dev.netlistener.capture.TestEnvironment;
import dev.netlistener.capture.TimeFormat;
import dev.netlistener.capture.UntimedCapture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every corpus file's packets and flows written in every format and read back by a reader that is
 * not ours: DuckDB (Parquet, JSON lines) and the apache-arrow JavaScript package (Arrow file and
 * stream). Every value of every row must equal the table in memory and its CSV export, nanoseconds
 * and nulls included; the column names must be the CSV header's and the types the documented ones.
 */
class ExportRoundTripTest {
    private static final AtomicLong VALUES = new AtomicLong();
    private static List<CorpusTables> corpus;

    @TempDir
    Path dir;

    @BeforeAll
    static void readCorpus(@TempDir Path fixtures) throws Exception {
        corpus = new ArrayList<>();
        for (Path file : TestEnvironment.corpusFiles()) {
            corpus.add(CorpusTables.read(file));
        }
        CorpusTables untimed = CorpusTables.read(UntimedCapture.write(fixtures));
        assertEquals(CaptureFile.NO_TIMESTAMP, untimed.packets().timestampNanos(0), "the fixture's first packet has no time");
        corpus.add(untimed);
    }

    @AfterAll
    static void report() {
        System.out.printf("ExportRoundTripTest: %d values compared over %d corpus files and a packet without a time%n",
                VALUES.get(), corpus.size() - 1);
    }

    @Test
    void theCsvExportHoldsWhatTheTablesHold() {
        for (CorpusTables c : corpus) {
            StringBuilder packets = new StringBuilder();
            c.packets().writeCsv(packets, true, TimeFormat.EPOCH_NS);
            same(c.name() + " packets.csv", ExpectedRows.of(c.packets()), ExpectedRows.fromCsv(packets.toString(), ExpectedRows.PACKET_TEXT));
            StringBuilder flows = new StringBuilder();
            c.flows().writeCsv(flows, TimeFormat.EPOCH_NS);
            same(c.name() + " flows.csv", ExpectedRows.of(c.flows()), ExpectedRows.fromCsv(flows.toString(), ExpectedRows.FLOW_TEXT));
        }
    }

    @Test
    void duckDbReadsTheParquetFiles() throws Exception {
        for (CorpusTables c : corpus) {
            Path packets = dir.resolve("packets.parquet");
            Export.write(c.packets(), packets, ExportFormat.PARQUET);
            same(c.name() + " packets.parquet", expected(c.packets()), DuckDb.query("SELECT " + PACKET_COLUMNS
                    + " FROM read_parquet('" + packets + "', file_row_number = true) ORDER BY file_row_number"));
            Path flows = dir.resolve("flows.parquet");
            Export.write(c.flows(), flows, ExportFormat.PARQUET);
            same(c.name() + " flows.parquet", expected(c.flows()), DuckDb.query("SELECT " + FLOW_COLUMNS
                    + " FROM read_parquet('" + flows + "', file_row_number = true) ORDER BY file_row_number"));
        }
    }

    @Test
    void parquetColumnsAreTyped() throws Exception {
        CorpusTables c = corpus.getFirst();
        Path packets = dir.resolve("packets.parquet");
        Export.write(c.packets(), packets, ExportFormat.PARQUET);
        assertEquals(Map.ofEntries(Map.entry("timestamp", "TIMESTAMPTZ_NS"), Map.entry("ethertype", "USMALLINT"),
                Map.entry("direction", "VARCHAR"), Map.entry("source_mac", "VARCHAR"), Map.entry("destination_mac", "VARCHAR"),
                Map.entry("source_ip", "VARCHAR"), Map.entry("source_port", "USMALLINT"), Map.entry("destination_ip", "VARCHAR"),
                Map.entry("destination_port", "USMALLINT"), Map.entry("protocol", "UTINYINT"), Map.entry("operation", "USMALLINT"),
                Map.entry("size", "UINTEGER"), Map.entry("captured", "UINTEGER"), Map.entry("vlan", "USMALLINT"),
                Map.entry("status", "VARCHAR")), DuckDb.types("'" + packets + "'"));
        assertEquals(PacketTable.CSV_HEADER, List.copyOf(DuckDb.types("'" + packets + "'").keySet()));
        Path flows = dir.resolve("flows.parquet");
        Export.write(c.flows(), flows, ExportFormat.PARQUET);
        assertEquals(FlowTable.CSV_HEADER, List.copyOf(DuckDb.types("'" + flows + "'").keySet()));
        List<List<Object>> compression = DuckDb.query("SELECT DISTINCT compression FROM parquet_metadata('" + packets + "')");
        assertEquals(List.of(List.of("ZSTD")), compression);
    }

    @Test
    void duckDbReadsTheJsonLines() throws Exception {
        for (CorpusTables c : corpus) {
            for (TimeFormat time : TimeFormat.values()) {
                Path packets = dir.resolve("packets.jsonl");
                try (TableWriter<PacketTable> writer = Export.packets(packets, ExportFormat.JSON_LINES, time)) {
                    writer.write(c.packets());
                }
                same(c.name() + " packets.jsonl " + time, expected(c.packets()),
                        DuckDb.query("SELECT " + PACKET_COLUMNS + " FROM " + readJson(packets, time, PACKET_JSON_TYPES)));
                Path flows = dir.resolve("flows.jsonl");
                try (TableWriter<FlowTable> writer = Export.flows(flows, ExportFormat.JSON_LINES, time)) {
                    writer.write(c.flows());
                }
                same(c.name() + " flows.jsonl " + time, expected(c.flows()),
                        DuckDb.query("SELECT " + FLOW_COLUMNS + " FROM " + readJson(flows, time, FLOW_JSON_TYPES)));
            }
        }
    }

    @Test
    void theArrowJavaScriptPackageReadsTheArrowFilesAndStreams() throws Exception {
        for (CorpusTables c : corpus) {
            for (ExportFormat format : List.of(ExportFormat.ARROW_FILE, ExportFormat.ARROW_STREAM)) {
                Path packets = dir.resolve("packets.arrow");
                try (TableWriter<PacketTable> writer = Export.packets(packets, format, TimeFormat.ISO)) {
                    writer.write(c.packets());
                }
                ArrowJs.Read read = ArrowJs.read(packets);
                assertEquals(PACKET_ARROW_FIELDS, read.fields(), c.name());
                same(c.name() + " packets " + format, ExpectedRows.of(c.packets()), read.rows());
                Path flows = dir.resolve("flows.arrow");
                try (TableWriter<FlowTable> writer = Export.flows(flows, format, TimeFormat.ISO)) {
                    writer.write(c.flows());
                }
                read = ArrowJs.read(flows);
                assertEquals(FLOW_ARROW_FIELDS, read.fields(), c.name());
                same(c.name() + " flows " + format, ExpectedRows.of(c.flows()), read.rows());
            }
        }
    }

    /** A live capture appends one table after another (one per get()): each becomes batches after the ones before. */
    @Test
    void successiveTablesAppendBatches() throws Exception {
        CorpusTables c = corpus.stream().max(Comparator.comparingInt(t -> t.packets().size())).orElseThrow();
        Path file = dir.resolve("live.arrows");
        List<List<Object>> expected = new ArrayList<>();
        try (TableWriter<PacketTable> writer = Export.packets(file, ExportFormat.ARROW_STREAM, TimeFormat.ISO)) {
            for (int table = 1; table <= 3; table++) {
                PacketTable part = c.packets().head(c.packets().size() / table);
                writer.write(part);
                expected.addAll(ExpectedRows.of(part));
                assertEquals(expected.size(), writer.rows());
            }
        }
        ArrowJs.Read read = ArrowJs.read(file);
        assertEquals(3, read.batches());
        same(c.name() + " appended", expected, read.rows());
    }

    private static final String PACKET_COLUMNS = "epoch_ns(timestamp), ethertype, direction, source_mac, destination_mac, "
            + "source_ip, source_port, destination_ip, destination_port, protocol, operation, size, captured, vlan, status";
    private static final String FLOW_COLUMNS = "ip_version, protocol, address_a, port_a, address_b, port_b, packets_a_to_b, "
            + "bytes_a_to_b, packets_b_to_a, bytes_b_to_a, epoch_ns(first_seen), epoch_ns(last_seen), tcp_flags, direction";
    private static final String PACKET_JSON_TYPES = "timestamp: 'T', ethertype: 'USMALLINT', direction: 'VARCHAR', "
            + "source_mac: 'VARCHAR', destination_mac: 'VARCHAR', source_ip: 'VARCHAR', source_port: 'USMALLINT', "
            + "destination_ip: 'VARCHAR', destination_port: 'USMALLINT', protocol: 'UTINYINT', operation: 'USMALLINT', "
            + "size: 'UINTEGER', captured: 'UINTEGER', vlan: 'USMALLINT', status: 'VARCHAR'";
    private static final String FLOW_JSON_TYPES = "ip_version: 'UTINYINT', protocol: 'USMALLINT', address_a: 'VARCHAR', "
            + "port_a: 'USMALLINT', address_b: 'VARCHAR', port_b: 'USMALLINT', packets_a_to_b: 'BIGINT', "
            + "bytes_a_to_b: 'BIGINT', packets_b_to_a: 'BIGINT', bytes_b_to_a: 'BIGINT', first_seen: 'T', last_seen: 'T', "
            + "tcp_flags: 'USMALLINT', direction: 'VARCHAR'";
    private static final List<String> PACKET_ARROW_FIELDS = List.of("timestamp Timestamp<NANOSECOND, UTC> true",
            "ethertype Uint16 true", "direction Dictionary<Int8, Utf8> false", "source_mac Utf8 true",
            "destination_mac Utf8 true", "source_ip Utf8 true", "source_port Uint16 true", "destination_ip Utf8 true",
            "destination_port Uint16 true", "protocol Uint8 true", "operation Uint16 true", "size Uint32 false",
            "captured Uint32 false", "vlan Uint16 true", "status Dictionary<Int8, Utf8> false");
    private static final List<String> FLOW_ARROW_FIELDS = List.of("ip_version Uint8 true", "protocol Uint16 true",
            "address_a Utf8 true", "port_a Uint16 true", "address_b Utf8 true", "port_b Uint16 true",
            "packets_a_to_b Int64 false", "bytes_a_to_b Int64 false", "packets_b_to_a Int64 false",
            "bytes_b_to_a Int64 false", "first_seen Timestamp<NANOSECOND, UTC> true",
            "last_seen Timestamp<NANOSECOND, UTC> true", "tcp_flags Uint16 true", "direction Dictionary<Int8, Utf8> false");

    /**
     * read_json with every column's type given: ISO times parsed by DuckDB as TIMESTAMP_NS, epoch
     * nanoseconds read as BIGINT and decimal seconds as text cast to DECIMAL(19,9), each then made a TIMESTAMP_NS.
     */
    private static String readJson(Path file, TimeFormat time, String types) {
        String timeType = switch (time) {
            case ISO -> "TIMESTAMP_NS";
            case EPOCH_NS -> "BIGINT";
            case SECONDS -> "VARCHAR";
        };
        String relation = "read_json('" + file + "', format = 'newline_delimited', columns = {"
                + types.replace("'T'", "'" + timeType + "'") + "})";
        if (time == TimeFormat.ISO) {
            return relation;
        }
        String toTime = time == TimeFormat.EPOCH_NS ? "make_timestamp_ns(%1$s) AS %1$s"
                : "make_timestamp_ns(CAST(CAST(%1$s AS DECIMAL(19,9)) * 1000000000 AS BIGINT)) AS %1$s";
        String replace = types.contains("first_seen")
                ? toTime.formatted("first_seen") + ", " + toTime.formatted("last_seen") : toTime.formatted("timestamp");
        return "(SELECT * REPLACE (" + replace + ") FROM " + relation + ")";
    }

    private static List<List<Object>> expected(PacketTable table) {
        return ExpectedRows.of(table);
    }

    private static List<List<Object>> expected(FlowTable table) {
        return ExpectedRows.of(table);
    }

    private static void same(String what, List<List<Object>> expected, List<List<Object>> actual) {
        assertEquals(expected.size(), actual.size(), what + ": rows");
        for (int row = 0; row < expected.size(); row++) {
            assertEquals(expected.get(row), actual.get(row), what + ": row " + row);
            VALUES.addAndGet(expected.get(row).size());
        }
        assertTrue(expected.isEmpty() || !expected.getFirst().isEmpty(), what);
    }
}
