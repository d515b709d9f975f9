// SPDX-License-Identifier: Apache-2.0
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
     *
     * @param file the file, created or replaced
     * @param format the file's format
     * @param time how JSON lines write times (the other formats store nanoseconds)
     * @return the writer: {@link TableWriter#write} once per table, then close it
     * @throws IOException when the file cannot be created
     */
    public static TableWriter<PacketTable> packets(Path file, ExportFormat format, TimeFormat time) throws IOException {
        return packets(file, format, time, PacketTable.CSV_HEADER);
    }

    /**
     * As {@link #packets(Path, ExportFormat, TimeFormat)}, in the columns named (any of
     * {@link PacketTable#columns()}, each once), in that order.
     *
     * @param file the file, created or replaced
     * @param format the file's format
     * @param time how JSON lines write times (the other formats store nanoseconds)
     * @param columns the column names, in order
     * @return the writer: {@link TableWriter#write} once per table, then close it
     * @throws IOException when the file cannot be created
     * @throws IllegalArgumentException for a name that is no column, or a name given twice (nothing is created)
     */
    public static TableWriter<PacketTable> packets(Path file, ExportFormat format, TimeFormat time, List<String> columns)
            throws IOException {
        TableSchema<PacketTable> schema = TableSchema.packets(columns);
        return open(schema, Sink.create(file), format, time);
    }

    /**
     * A writer of flow tables into {@code file}, created or replaced; {@code time} as for {@link #packets}.
     *
     * @param file the file, created or replaced
     * @param format the file's format
     * @param time how JSON lines write times (the other formats store nanoseconds)
     * @return the writer: {@link TableWriter#write} once per table, then close it
     * @throws IOException when the file cannot be created
     */
    public static TableWriter<FlowTable> flows(Path file, ExportFormat format, TimeFormat time) throws IOException {
        return flows(file, format, time, FlowTable.CSV_HEADER);
    }

    /**
     * As {@link #flows(Path, ExportFormat, TimeFormat)}, in the columns named (any of
     * {@link FlowTable#columns()}, each once).
     *
     * @param file the file, created or replaced
     * @param format the file's format
     * @param time how JSON lines write times (the other formats store nanoseconds)
     * @param columns the column names, in order
     * @return the writer: {@link TableWriter#write} once per table, then close it
     * @throws IOException when the file cannot be created
     * @throws IllegalArgumentException for a name that is no column, or a name given twice (nothing is created)
     */
    public static TableWriter<FlowTable> flows(Path file, ExportFormat format, TimeFormat time, List<String> columns)
            throws IOException {
        TableSchema<FlowTable> schema = TableSchema.flows(columns);
        return open(schema, Sink.create(file), format, time);
    }

    /**
     * A writer of packet tables into {@code out} (standard output, a pipe), which stays open: the
     * stream formats only, {@link ExportFormat#ARROW_STREAM} and {@link ExportFormat#JSON_LINES}.
     *
     * @param out where to write; it stays open when the writer closes
     * @param format {@link ExportFormat#ARROW_STREAM} or {@link ExportFormat#JSON_LINES}
     * @param time how JSON lines write times (the other formats store nanoseconds)
     * @return the writer: {@link TableWriter#write} once per table, then close it
     * @throws IOException when {@code out} cannot be written
     * @throws IllegalArgumentException for a format that needs a file (Arrow IPC file, Parquet)
     */
    public static TableWriter<PacketTable> packets(OutputStream out, ExportFormat format, TimeFormat time)
            throws IOException {
        return packets(out, format, time, PacketTable.CSV_HEADER);
    }

    /**
     * As {@link #packets(OutputStream, ExportFormat, TimeFormat)}, in the columns named.
     *
     * @param out where to write; it stays open when the writer closes
     * @param format {@link ExportFormat#ARROW_STREAM} or {@link ExportFormat#JSON_LINES}
     * @param time how JSON lines write times (the other formats store nanoseconds)
     * @param columns the column names, in order
     * @return the writer: {@link TableWriter#write} once per table, then close it
     * @throws IOException when {@code out} cannot be written
     * @throws IllegalArgumentException for a name that is no column, or a name given twice
     */
    public static TableWriter<PacketTable> packets(OutputStream out, ExportFormat format, TimeFormat time,
                                                   List<String> columns) throws IOException {
        TableSchema<PacketTable> schema = TableSchema.packets(columns);
        return open(schema, streamSink(out, format), format, time);
    }

    /**
     * A writer of flow tables into {@code out}, which stays open; stream formats only.
     *
     * @param out where to write; it stays open when the writer closes
     * @param format {@link ExportFormat#ARROW_STREAM} or {@link ExportFormat#JSON_LINES}
     * @param time how JSON lines write times (the other formats store nanoseconds)
     * @return the writer: {@link TableWriter#write} once per table, then close it
     * @throws IOException when {@code out} cannot be written
     * @throws IllegalArgumentException for a format that needs a file (Arrow IPC file, Parquet)
     */
    public static TableWriter<FlowTable> flows(OutputStream out, ExportFormat format, TimeFormat time)
            throws IOException {
        return flows(out, format, time, FlowTable.CSV_HEADER);
    }

    /**
     * As {@link #flows(OutputStream, ExportFormat, TimeFormat)}, in the columns named.
     *
     * @param out where to write; it stays open when the writer closes
     * @param format {@link ExportFormat#ARROW_STREAM} or {@link ExportFormat#JSON_LINES}
     * @param time how JSON lines write times (the other formats store nanoseconds)
     * @param columns the column names, in order
     * @return the writer: {@link TableWriter#write} once per table, then close it
     * @throws IOException when {@code out} cannot be written
     * @throws IllegalArgumentException for a name that is no column, or a name given twice
     */
    public static TableWriter<FlowTable> flows(OutputStream out, ExportFormat format, TimeFormat time,
                                               List<String> columns) throws IOException {
        TableSchema<FlowTable> schema = TableSchema.flows(columns);
        return open(schema, streamSink(out, format), format, time);
    }

    /**
     * Writes {@code table} to {@code file}, replacing it, as an Arrow IPC file (Feather v2) or
     * stream, Parquet, or JSON lines with times as RFC 3339 strings with nine decimals.
     *
     * @param table the packets
     * @param file the file, created or replaced
     * @param format the file's format
     * @throws IOException when the file cannot be created or written
     */
    public static void write(PacketTable table, Path file, ExportFormat format) throws IOException {
        writeOnce(packets(file, format, TimeFormat.ISO), table);
    }

    /**
     * Writes every flow of {@code table} to {@code file}, replacing it, as
     * {@link #write(PacketTable, Path, ExportFormat)}.
     *
     * @param table the flows
     * @param file the file, created or replaced
     * @param format the file's format
     * @throws IOException when the file cannot be created or written
     */
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
