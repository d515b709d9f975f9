// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import static dev.netlistener.samples.SampleRun.assertFailsInOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.Tmpfs;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * listen and top writing Arrow, Parquet and JSON lines: the files hold what was captured, and an
 * output that cannot be written, a disk that fills up or a capture that fails midway ends in one
 * line and exit code 1, with what was written before still readable (Arrow batches and JSON lines
 * whole, footers written on close).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExportOutputsTest {
    private static final List<String> OPTIONS = List.of("--arrow", "--parquet", "--json");

    private static String file(String name) {
        return SampleRun.corpus().resolve(name).toString();
    }

    @Test
    void listenAndTopWriteEveryFormat(@TempDir Path dir) throws Exception {
        SampleRun listen = SampleRun.of("listen", "--read", file("example2.pcap"), "--quiet",
                "--arrow", dir.resolve("p.arrow").toString(), "--parquet", dir.resolve("p.parquet").toString(),
                "--json", dir.resolve("p.jsonl").toString());
        assertEquals(0, listen.exitCode(), listen.err());
        assertEquals(4709, arrowRows(dir.resolve("p.arrow")));
        assertEquals(4709, count("'" + dir.resolve("p.parquet") + "'"));
        assertEquals(4709, count("read_json('" + dir.resolve("p.jsonl") + "')"));
        SampleRun top = SampleRun.of("top", "--read", file("example2.pcap"), "--arrow", dir.resolve("f.arrows").toString(),
                "--parquet", dir.resolve("f.parquet").toString());
        assertEquals(0, top.exitCode(), top.err());
        long flows = count("'" + dir.resolve("f.parquet") + "'");
        assertTrue(flows > 0);
        assertEquals(flows, arrowRows(dir.resolve("f.arrows")));
    }

    /** With --json -, the JSON lines alone go to standard output; the tables and statistics go to stderr. */
    @Test
    void jsonOnStandardOutputIsNotMixedWithText() {
        SampleRun run = SampleRun.of("listen", "--read", file("DnsPackets.pcap"), "--json", "-", "--time", "epoch-ns");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(464, lines.size());
        assertTrue(lines.stream().allMatch(line -> line.startsWith("{\"timestamp\":1413") && line.endsWith("\"}")), lines.getFirst());
        assertTrue(run.err().contains("+464 packets"), run.err());
    }

    @Test
    void aMissingDirectoryFailsBeforeCapturing() {
        for (String sample : List.of("listen", "top")) {
            for (String option : OPTIONS) {
                SampleRun run = SampleRun.of(sample, "--read", file("DnsPackets.pcap"), option, "/nonexistent/dir/x.out");
                assertFailsInOneLine(run, sample, "'/nonexistent/dir/x.out' failed: No such file or directory",
                        "/nonexistent/dir does not exist");
                assertEquals("", run.out(), "nothing was captured");
            }
        }
    }

    @Test
    void aFullDevice() {
        for (String sample : List.of("listen", "top")) {
            for (String option : OPTIONS) {
                assertFailsInOneLine(SampleRun.of(sample, "--read", file("DnsPackets.pcap"), option,
                        "/dev/full"), sample, "'/dev/full' failed: No space left on device", "full");
            }
        }
    }

    @Test
    void aReadOnlyFileSystem(@TempDir Path dir) throws Exception {
        try (Tmpfs readOnly = Tmpfs.mount(dir.resolve("ro"), "ro,size=16k")) {
            for (String option : OPTIONS) {
                assertFailsInOneLine(SampleRun.of("listen", "--read", file("DnsPackets.pcap"), option,
                        readOnly.resolve("x").toString()), "listen", "Read-only file system", "write elsewhere");
            }
        }
    }

    /**
     * A disk that fills up: the message says so, and JSON lines and Arrow streams keep only whole
     * lines and batches (the file is cut back), so the file still reads. 4709 packets of example2,
     * read in tables of 500 (--count would stop early: the capture is read at --interval 0.001).
     */
    @Test
    void aDiskThatFillsUpLeavesWholeLinesAndBatches(@TempDir Path dir) throws Exception {
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("disk"), "size=200k")) {
            Path json = disk.resolve("x.jsonl");
            assertFailsInOneLine(SampleRun.of("listen", "--read", file("example2.pcap"), "--quiet", "--json", json.toString()),
                    "listen", "writing JSON lines file", "No space left on device");
            String text = Files.readString(json);
            assertTrue(text.isEmpty() || text.endsWith("}\n"), "whole lines only");
            assertEquals(text.lines().count(), count("read_json('" + json + "')"));
            Files.delete(json);

            Path arrow = disk.resolve("x.arrows");
            assertFailsInOneLine(SampleRun.of("listen", "--read", file("example2.pcap"), "--quiet", "--arrow", arrow.toString()),
                    "listen", "writing Arrow file", "No space left on device");
            assertTrue(Files.size(arrow) > 0, "the schema at least");
            arrowRows(arrow);
            Files.delete(arrow);
        }
        // example2's packets compress to more than 16 KiB of Parquet.
        try (Tmpfs disk = Tmpfs.mount(dir.resolve("small"), "size=16k")) {
            assertFailsInOneLine(SampleRun.of("listen", "--read", file("example2.pcap"), "--quiet", "--parquet",
                    disk.resolve("x.parquet").toString()), "listen", "Parquet file", "No space left on device");
        }
    }

    /** The capture stops on a corrupt record: exit 1, and each file holds exactly the packets before it, footer and all. */
    @Test
    void aCaptureThatFailsMidwayLeavesReadableFiles(@TempDir Path dir) throws Exception {
        Path cut = dir.resolve("cut.pcap");
        Files.copy(Path.of(file("example2.pcap")), cut);
        try (FileChannel channel = FileChannel.open(cut, StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(cut) / 2);
        }
        for (String sample : List.of("listen", "top")) {
            Path arrow = dir.resolve(sample + ".arrow");
            Path parquet = dir.resolve(sample + ".parquet");
            Path json = dir.resolve(sample + ".jsonl");
            SampleRun run = SampleRun.of(sample, "--read", cut.toString(), "--arrow", arrow.toString(),
                    "--parquet", parquet.toString(), "--json", json.toString());
            assertFailsInOneLine(run, sample, "capture stopped");
            long rows = count("'" + parquet + "'");
            assertTrue(rows > 0, run.err());
            assertEquals(rows, arrowRows(arrow));
            assertEquals(rows, count("read_json('" + json + "')"));
            if (sample.equals("listen")) {
                Matcher total = Pattern.compile("\\(total (\\d+)\\)").matcher(run.out());
                assertTrue(total.find(), run.out());
                assertEquals(Long.parseLong(total.group(1)), rows, "every packet read before the corrupt record");
            }
        }
    }

    /** Rows in an Arrow file or stream, read whole with Arrow's own reader. */
    private static long arrowRows(Path file) throws IOException {
        try (RootAllocator allocator = new RootAllocator();
             FileChannel channel = FileChannel.open(file);
             ArrowReader reader = file.toString().endsWith(".arrows")
                     ? new ArrowStreamReader(channel, allocator) : new ArrowFileReader(channel, allocator)) {
            long rows = 0;
            while (reader.loadNextBatch()) {
                rows += reader.getVectorSchemaRoot().getRowCount();
            }
            return rows;
        }
    }

    /** Rows DuckDB reads from {@code relation}. */
    private static long count(String relation) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM " + relation)) {
            result.next();
            return result.getLong(1);
        }
    }
}
