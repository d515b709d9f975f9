// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import dev.netlistener.capture.IpNetworkAddress;
import dev.netlistener.capture.PacketTable;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The seed's example on netlistener: capture in the background, and every interval print what was
 * captured since the last time (the seed's {@code get()}) with a line of statistics.
 */
@Command(name = "listen", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        footer = {"", "Example: a file's packets, printed and written as CSV:",
                "  scripts/listen -r capture.pcap --fields timestamp,source,proto --csv p.csv"},
        description = {"Capture live traffic (or read a capture file) and print the packets captured since the "
                + "last print every --interval seconds, with a statistics line, until --seconds or --count "
                + "is reached, the file ends, or Ctrl-C."})
final class ListenCommand implements Callable<Integer> {

    @Mixin
    SourceOptions source = new SourceOptions();

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "5", converter = OptionTypes.Seconds.class,
            description = "Seconds between prints (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--seconds", paramLabel = "SECONDS", converter = OptionTypes.Seconds.class,
            description = "Stop after this many seconds.")
    Double seconds;

    @Option(names = {"-c", "--count"}, paramLabel = "PACKETS", converter = OptionTypes.Packets.class,
            description = "Stop after this many packets.")
    Long count;

    @Option(names = "--csv", paramLabel = "FILE", description = "Also write every packet to this CSV file.")
    Path csv;

    @Mixin
    ExportOptions exports = new ExportOptions();

    @Option(names = "--fields", paramLabel = "COLUMNS", converter = OptionTypes.PacketFields.class,
            description = "The columns printed and written (CSV, Arrow, Parquet, JSON lines), in this order, separated "
                    + "by commas, as tshark's -T fields -e: the CSV header's and tunnel, tunnel_id, outer_source_ip, "
                    + "outer_destination_ip, source, destination, proto, dns_query, dns_answers, tls_sni, http_host (an unknown "
                    + "name lists them all). Default: "
                    + "the 15 of the CSV header written, a narrower table printed (see --wide).")
    OptionTypes.Fields fields;

    @Option(names = "--wide", description = "Print the 15 columns of the CSV header instead of the narrower default "
            + "table (time of day, source and destination with ports, protocol, size, status); --fields overrides both.")
    boolean wide;

    @Option(names = {"-w", "--write"}, paramLabel = "FILE", description = "Also write every packet to this capture "
            + "file: pcapng when its name ends in .pcapng or the input is a pcapng file, pcap otherwise.")
    Path write;

    @Option(names = "--local-net", paramLabel = "CIDR", split = ",", converter = OptionTypes.Cidr.class,
            description = "Network(s) that count as local for the direction column, e.g. 192.168.1.0/24 "
                    + "(a device's own networks always count).")
    List<String> localNetworks = List.of();

    @Option(names = "--promiscuous", description = "Capture frames addressed to other hosts too.")
    boolean promiscuous;

    @Option(names = "--snaplen", paramLabel = "BYTES", converter = OptionTypes.Snaplen.class,
            description = "Bytes captured per packet, 1 to 262144 (default 262144).")
    Integer snaplen;

    @Option(names = "--quiet", description = "Print only the statistics lines, not the tables.")
    boolean quiet;

    /** The printed table's columns when neither --fields nor --wide says otherwise: under 120 characters wide. */
    static final List<String> NARROW = List.of("timestamp", "source", "destination", "proto", "size", "status");
    /** Wide enough for any IPv4 endpoint and most IPv6 ones; a longer one is shortened in the middle. */
    private static final int NARROW_CELL_WIDTH = 32;
    private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS")
            .withZone(ZoneId.systemDefault());

    /** Standard output, unless an export writes there: then the tables and statistics go to stderr. */
    private PrintStream out = System.out;
    private final PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        if (exports.usesStandardOutput()) {
            out = err;
        }
        // The output files are created first: a path that cannot be written fails before any capture.
        try (CsvOutput csvOut = csv == null ? null : CsvOutput.create(csv);
             Outputs<PacketTable> tables = exports.open(ExportOptions.Opener.packets(written()))) {
            Capture capture = source.open(config());
            Thread listener = Thread.currentThread();
            try (CtrlC stops = CtrlC.runs(() -> {
                capture.close();
                listener.interrupt();
            })) {
                try {
                    describe(capture);
                    listen(capture, csvOut, tables);
                } finally {
                    capture.close();
                }
                return report(capture);
            }
        }
    }

    private CaptureConfig.Builder config() {
        CaptureConfig.Builder builder = CaptureConfig.builder()
                .promiscuous(promiscuous)
                .localNetworks(localNetworks)
                .writeTo(write);
        if (snaplen != null) {
            builder.snaplen(snaplen);
        }
        return builder;
    }

    private void describe(Capture capture) {
        String networks = capture.localNetworks().stream().map(IpNetworkAddress::cidr).collect(Collectors.joining(", "));
        err.printf("%s %s%s%s; printing every %s s%s.%n", source.isFile() ? "Reading" : "Listening on",
                capture.source(), networks.isEmpty() ? "" : " (local: " + networks + ")",
                source.filter == null ? "" : " with filter '" + source.filter + "'",
                BigDecimal.valueOf(interval).stripTrailingZeros().toPlainString(),
                source.isFile() ? " until the file ends" : ". Ctrl-C stops");
    }

    private void listen(Capture capture, CsvOutput csvOut, Outputs<PacketTable> tables) {
        Progress progress = source.progress(capture);
        long started = System.nanoTime();
        // Saturating casts, and only differences of nanoTime compared: no overflow, however long.
        long limit = seconds == null ? Long.MAX_VALUE : (long) (seconds * 1e9);
        long total = 0;
        boolean headerWritten = false;
        while (true) {
            boolean ended = waitForNextPrint(capture, started, limit, total);
            PacketTable table = capture.get();
            if (count != null) {
                table = table.head((int) Math.min(Integer.MAX_VALUE, count - total));
            }
            total += table.size();
            PacketTable rows = table;
            long packets = total;
            progress.printing(() -> {
                if (!quiet) {
                    out.println(printed(rows));
                }
                out.printf("--- %s  %s  +%d packets (total %d)  %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS),
                        capture.source(), rows.size(), packets, capture.stats());
            });
            if (csvOut != null) {
                boolean header = !headerWritten;
                csvOut.write(csv -> rows.writeCsv(csv, header, exports.csvTime(), written()));
                headerWritten = true;
            }
            tables.write(table);
            if (ended || (count != null && total >= count) || System.nanoTime() - started >= limit) {
                return;
            }
        }
    }

    /** The columns written to files: --fields, else the CSV header's. */
    private List<String> written() {
        return fields == null ? PacketTable.CSV_HEADER : fields.names();
    }

    /** The table as printed: --fields, else --wide's CSV header columns, else the narrow ones with the time of day. */
    private String printed(PacketTable table) {
        if (fields != null || wide) {
            return table.render(written());
        }
        return table.render(NARROW, nanos -> TIME_OF_DAY.format(Instant.ofEpochSecond(0, nanos)), NARROW_CELL_WIDTH);
    }

    /**
     * Sleeps until the next print is due, or sooner once --count packets have been captured;
     * true when nothing more will come (the input ended, a failure stopped it, or Ctrl-C).
     */
    private boolean waitForNextPrint(Capture capture, long started, long limit, long total) {
        long waitStarted = System.nanoTime();
        long wait = Math.min((long) (interval * 1e9), limit - (waitStarted - started));
        try {
            while (true) {
                long left = wait - (System.nanoTime() - waitStarted);
                if (capture.awaitEnd(Duration.ofNanos(Math.clamp(left, 0, TimeUnit.MILLISECONDS.toNanos(100))))) {
                    return true;
                }
                if (left <= 0 || count != null && capture.stats().decoded() >= count - total) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            return true;
        }
    }

    /** 1 when capture stopped on a failure (a --write file that could not be written among them). */
    private int report(Capture capture) {
        if (capture.error().isPresent()) {
            err.println("listen: capture stopped: " + capture.error().get().getMessage());
            return 1;
        }
        return 0;
    }
}
