package dev.netlistener.export;

import dev.netlistener.capture.FlowTable;
import dev.netlistener.capture.PacketTable;
import dev.netlistener.capture.TimeFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Packet and flow tables out for analysts: Arrow IPC (file and stream), Parquet and JSON lines,
 * with the CSV header's column names in each (or the columns asked for, by the same names), typed columns (the timestamp as nanoseconds UTC,
 * ports as uint16, direction and status dictionary-encoded in Arrow) and nulls where a value is
 * absent. {@code packets(...)} and {@code flows(...)} open a writer that appends one table after
 * another (one per {@code Capture.get()}); {@code write(...)} writes one table to a file.
 *
 * <p>Arrow's Java memory needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED} on the JVM's
 * command line (and on JDK 24 and later {@code --sun-misc-unsafe-memory-access=allow}, to run
 * without a warning).
 */
public final class Export {
    private Export() {
    }

    /**
     * A writer of packet tables into {@code file}, created or replaced, in the columns of
     * {@link PacketTable#CSV_HEADER}. {@code time} is how JSON lines write the timestamp; the other
     * formats store nanoseconds as such.
     */
    public static TableWriter<PacketTable> packets(Path file, ExportFormat format, TimeFormat time) throws IOException {
        return packets(file, format, time, PacketTable.CSV_HEADER);
    }

    /**
     * As {@link #packets(Path, ExportFormat, TimeFormat)}, in the columns named (any of
     * {@link PacketTable#columns()}, each once), in that order.
     *
     * @throws IllegalArgumentException for a name that is no column, or a name given twice (nothing is created)
     */
    public static TableWriter<PacketTable> packets(Path file, ExportFormat format, TimeFormat time, List<String> columns)
            throws IOException {
        TableSchema<PacketTable> schema = TableSchema.packets(columns);
        return open(schema, Sink.create(file), format, time);
    }

    /** A writer of flow tables into {@code file}, created or replaced; {@code time} as for {@link #packets}. */
    public static TableWriter<FlowTable> flows(Path file, ExportFormat format, TimeFormat time) throws IOException {
        return flows(file, format, time, FlowTable.CSV_HEADER);
    }

    /** As {@link #flows(Path, ExportFormat, TimeFormat)}, in the columns named (any of {@link FlowTable#columns()}, each once). */
    public static TableWriter<FlowTable> flows(Path file, ExportFormat format, TimeFormat time, List<String> columns)
            throws IOException {
        TableSchema<FlowTable> schema = TableSchema.flows(columns);
        return open(schema, Sink.create(file), format, time);
    }

    /**
     * A writer of packet tables into {@code out} (standard output, a pipe), which stays open: the
     * stream formats only, {@link ExportFormat#ARROW_STREAM} and {@link ExportFormat#JSON_LINES}.
     */
    public static TableWriter<PacketTable> packets(OutputStream out, ExportFormat format, TimeFormat time)
            throws IOException {
        return packets(out, format, time, PacketTable.CSV_HEADER);
    }

    /** As {@link #packets(OutputStream, ExportFormat, TimeFormat)}, in the columns named. */
    public static TableWriter<PacketTable> packets(OutputStream out, ExportFormat format, TimeFormat time,
                                                   List<String> columns) throws IOException {
        TableSchema<PacketTable> schema = TableSchema.packets(columns);
        return open(schema, streamSink(out, format), format, time);
    }

    /** A writer of flow tables into {@code out}, which stays open; stream formats only. */
    public static TableWriter<FlowTable> flows(OutputStream out, ExportFormat format, TimeFormat time)
            throws IOException {
        return flows(out, format, time, FlowTable.CSV_HEADER);
    }

    /** As {@link #flows(OutputStream, ExportFormat, TimeFormat)}, in the columns named. */
    public static TableWriter<FlowTable> flows(OutputStream out, ExportFormat format, TimeFormat time,
                                               List<String> columns) throws IOException {
        TableSchema<FlowTable> schema = TableSchema.flows(columns);
        return open(schema, streamSink(out, format), format, time);
    }

    /**
     * Writes {@code table} to {@code file}, replacing it, as an Arrow IPC file (Feather v2) or
     * stream, Parquet, or JSON lines with times as RFC 3339 strings with nine decimals.
     */
    public static void write(PacketTable table, Path file, ExportFormat format) throws IOException {
        writeOnce(packets(file, format, TimeFormat.ISO), table);
    }

    /** Writes every flow of {@code table} to {@code file}, replacing it, as {@link #write(PacketTable, Path, ExportFormat)}. */
    public static void write(FlowTable table, Path file, ExportFormat format) throws IOException {
        writeOnce(flows(file, format, TimeFormat.ISO), table);
    }

    private static <T> void writeOnce(TableWriter<T> writer, T table) throws IOException {
        try (writer) {
            writer.write(table);
        }
    }

    private static Sink streamSink(OutputStream out, ExportFormat format) {
        if (format == ExportFormat.ARROW_FILE || format == ExportFormat.PARQUET) {
            throw new IllegalArgumentException(format + " ends with an index of where things are: write it to a file");
        }
        return Sink.of(out);
    }

    private static <T> TableWriter<T> open(TableSchema<T> schema, Sink sink, ExportFormat format, TimeFormat time)
            throws IOException {
        try {
            return switch (format) {
                case ARROW_FILE -> new ArrowTableWriter<>(schema, sink, true);
                case ARROW_STREAM -> new ArrowTableWriter<>(schema, sink, false);
                case PARQUET -> new ParquetTableWriter<>(schema, sink);
                case JSON_LINES -> new JsonLinesWriter<>(schema, sink, time);
            };
        } catch (IOException | RuntimeException e) {
            sink.abandon();
            throw e;
        }
    }
}
