// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.TimeFormat;
import dev.netlistener.export.Export;
import dev.netlistener.export.ExportFormat;
import dev.netlistener.export.TableWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The table outputs a sample can write besides CSV: Arrow IPC, Parquet, JSON lines; and how text formats write times. */
final class ExportOptions {

    @Option(names = "--arrow", paramLabel = "FILE", description = "Also write to this Arrow IPC file (Feather v2; "
            + "readable once closed), or to the stream format for a name ending in .arrows or - (standard output), "
            + "which a reader can follow as it grows.")
    String arrow;

    @Option(names = "--parquet", paramLabel = "FILE", description = "Also write to this Parquet file (zstd; "
            + "readable once closed).")
    Path parquet;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write JSON lines, one object per row, "
            + "to this file or - (standard output).")
    String json;

    @Option(names = "--time", paramLabel = "epoch-ns|iso|seconds", converter = OptionTypes.Time.class,
            description = "How CSV and JSON lines write times: epoch-ns (an integer), iso (RFC 3339 with nine "
                    + "decimals) or seconds (nine decimals). Default: seconds in CSV, iso in JSON lines.")
    TimeFormat time;

    /** Whether an output goes to standard output, so that the sample prints its own text elsewhere. */
    boolean usesStandardOutput() {
        return "-".equals(arrow) || "-".equals(json);
    }

    TimeFormat csvTime() {
        return time == null ? TimeFormat.SECONDS : time;
    }

    /**
     * Creates every output asked for, before capture starts, so that a path that cannot be
     * written fails at once; {@code opener} opens a packet or a flow writer.
     */
    <T> Outputs<T> open(Opener<T> opener) {
        TimeFormat jsonTime = time == null ? TimeFormat.ISO : time;
        List<Outputs.Output<T>> outputs = new ArrayList<>();
        try {
            if (arrow != null) {
                outputs.add(Outputs.open("Arrow file", arrow, name -> opener.open(name, ExportFormat.arrowFor(name), jsonTime)));
            }
            if (parquet != null) {
                outputs.add(Outputs.open("Parquet file", parquet.toString(),
                        name -> opener.open(name, ExportFormat.PARQUET, jsonTime)));
            }
            if (json != null) {
                outputs.add(Outputs.open("JSON lines file", json, name -> opener.open(name, ExportFormat.JSON_LINES, jsonTime)));
            }
        } catch (RuntimeException e) {
            new Outputs<>(outputs).close();
            throw e;
        }
        return new Outputs<>(outputs);
    }

    /** Opens a writer on a file name, or on standard output for {@code -}. */
    @FunctionalInterface
    interface Opener<T> {
        TableWriter<T> open(String name, ExportFormat format, TimeFormat time) throws IOException;

        /** Packet tables in {@code columns}. */
        static Opener<dev.netlistener.capture.PacketTable> packets(List<String> columns) {
            return (name, format, time) -> name.equals("-") ? Export.packets(System.out, format, time, columns)
                    : Export.packets(Path.of(name), format, time, columns);
        }

        /** Flow tables in {@code columns}. */
        static Opener<dev.netlistener.capture.FlowTable> flows(List<String> columns) {
            return (name, format, time) -> name.equals("-") ? Export.flows(System.out, format, time, columns)
                    : Export.flows(Path.of(name), format, time, columns);
        }
    }
}
