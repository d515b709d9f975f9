// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.PacketTable;
import dev.netlistener.capture.TimeFormat;
import dev.netlistener.export.Export;
import dev.netlistener.export.ExportFormat;
import dev.netlistener.export.TableWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Packet rows written per second by each export format, beside the CSV writer: one table of
 * {@link #ROWS} IMIX packets (2000 conversations) written whole, file opened and closed (footers
 * included), into /dev/null so that the writer is measured, not the disk. The score is rows/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
public class ExportBenchmark {
    static final int ROWS = 200_000;
    private static final Path SINK = Path.of("/dev/null");

    @Param({"CSV", "JSON_LINES", "ARROW_FILE", "ARROW_STREAM", "PARQUET"})
    public String format;

    private PacketTable table;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path file = Workloads.imix(BenchFiles.workDirectory(), ROWS);
        try (Capture capture = Capture.open(file)) {
            if (!capture.awaitEnd(Duration.ofMinutes(1))) {
                throw new IllegalStateException("reading " + file + " took over a minute");
            }
            table = capture.get();
        }
        if (table.size() != ROWS) {
            throw new IllegalStateException("read " + table.size() + " rows of " + ROWS);
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long write() throws IOException {
        if (format.equals("CSV")) {
            table.writeCsv(SINK);
            return table.size();
        }
        try (TableWriter<PacketTable> writer = Export.packets(SINK, ExportFormat.valueOf(format), TimeFormat.ISO)) {
            writer.write(table);
            return writer.rows();
        }
    }
}
