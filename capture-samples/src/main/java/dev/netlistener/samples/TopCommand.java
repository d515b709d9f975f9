// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import dev.netlistener.capture.CaptureStats;
import dev.netlistener.capture.Delivery;
import dev.netlistener.capture.Flow;
import dev.netlistener.capture.FlowOrder;
import dev.netlistener.capture.FlowSnapshot;
import dev.netlistener.capture.FlowTable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A live view of the top conversations and the capture's rates, refreshed every interval; plain
 * text blocks when the output is not a terminal. With {@code --read FILE --csv flows.csv} it
 * writes every flow of the file and exits.
 */
@Command(name = "top", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        footer = {"", "Example: the 20 busiest conversations; every flow to a CSV file at Ctrl-C:",
                "  scripts/top -i eth0 --top 20 --order packets --csv flows.csv"},
        description = "Show the top conversations and the packet, bit and drop rates, refreshed every interval.")
final class TopCommand implements Callable<Integer> {

    @Mixin
    SourceOptions source = new SourceOptions();

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", converter = OptionTypes.Rows.class,
            description = "Conversations shown (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--order", paramLabel = "BYTES|PACKETS", defaultValue = "BYTES",
            description = "Rank by bytes or packets (default: ${DEFAULT-VALUE}).")
    FlowOrder order;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1", converter = OptionTypes.Seconds.class,
            description = "Seconds between refreshes (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--seconds", paramLabel = "SECONDS", converter = OptionTypes.Seconds.class,
            description = "Stop after this many seconds.")
    Double seconds;

    @Option(names = "--csv", paramLabel = "FILE", description = "When done, write every flow seen to this CSV file "
            + "(and to the --arrow, --parquet and --json outputs).")
    Path csv;

    @Mixin
    ExportOptions exports = new ExportOptions();

    @Option(names = "--fields", paramLabel = "COLUMNS", converter = OptionTypes.FlowFields.class,
            description = "The columns shown and written (CSV, Arrow, Parquet, JSON lines), in this order, separated "
                    + "by commas: the CSV header's and tunnel_kind, tunnel_id, end (an unknown name lists them all). Default: "
                    + "the 14 of the CSV header written; shown: endpoints, sizes, rates and ages.")
    OptionTypes.Fields fields;

    @Option(names = "--width", paramLabel = "COLUMNS", converter = OptionTypes.Rows.class,
            description = "Cut lines to this many characters (default: the terminal's width, from COLUMNS or "
                    + "stty size; no limit when the output is not a terminal).")
    Integer width;

    /** Standard output, unless an export writes there: then the view goes to stderr. */
    private PrintStream out = System.out;
    private Screen screen;
    private Progress progress;

    @Override
    public Integer call() throws Exception {
        if (exports.usesStandardOutput()) {
            out = System.err;
        }
        screen = new Screen(out, out == System.out && Main.isTerminal(), width);
        // The output files are created first: a path that cannot be written fails before any capture.
        try (CsvOutput csvOut = csv == null ? null : CsvOutput.create(csv);
             Outputs<FlowTable> tables = exports.open(ExportOptions.Opener.flows(written()))) {
            // STREAM delivery with an empty handler: nothing is kept per packet, the flow table counts.
            Capture capture = source.open(CaptureConfig.builder().delivery(Delivery.STREAM));
            progress = source.progress(capture);
            try (capture; CtrlC closes = CtrlC.runs(capture::close)) {
                FlowTable flows = FlowTable.of(watch(capture));
                if (csvOut != null) {
                    csvOut.write(text -> flows.writeCsv(text, exports.csvTime(), written()));
                    System.err.printf("top: wrote %d flows to %s%n", flows.size(), csv);
                }
                tables.write(flows);
                if (capture.error().isPresent()) {
                    System.err.println("top: capture stopped: " + capture.error().get().getMessage());
                    return 1;
                }
            }
        }
        return 0;
    }

    /** Refreshes the view until the input ends or --seconds pass; returns every flow seen. */
    private List<Flow> watch(Capture capture) throws InterruptedException {
        List<Flow> ended = new ArrayList<>();
        long started = System.nanoTime();
        // Saturating casts, and only differences of nanoTime compared: no overflow, however long.
        long limit = seconds == null ? Long.MAX_VALUE : (long) (seconds * 1e9);
        long refresh = (long) (interval * 1e9);
        CaptureStats previous = capture.stats();
        long previousTime = started;
        boolean done = false;
        while (!done) {
            // Waits in poll(2) while nothing arrives, at most until the next refresh is due.
            boolean drained = capture.poll(Polling.IGNORE, 65_536, Polling.IDLE_WAIT) == 0;
            done = drained && capture.isInputEnded() || System.nanoTime() - started >= limit;
            if (System.nanoTime() - previousTime >= refresh || done) {
                FlowSnapshot flows = capture.flows();
                ended.addAll(flows.ended().flows());
                CaptureStats now = capture.stats();
                long time = System.nanoTime();
                show(capture.source(), flows.active(), now, previous, (time - previousTime) / 1e9);
                previous = now;
                previousTime = time;
            }
        }
        List<Flow> all = new ArrayList<>(ended);
        all.addAll(capture.flows().active().flows());
        return all;
    }

    private void show(String name, FlowTable active, CaptureStats now, CaptureStats before, double seconds) {
        double packetRate = (now.captured() - before.captured()) / seconds;
        double bitRate = (now.capturedBytes() - before.capturedBytes()) * 8 / seconds;
        double dropRate = (now.dropped() - before.dropped()) / seconds;
        String summary = String.format("%s  %.0f packets/s  %sbit/s  %.0f drops/s  (%d flows tracked; %s)", name,
                packetRate, FlowView.size((long) bitRate), dropRate, active.size(), now);
        FlowTable shown = active.top(top, order);
        String view = summary + "\n" + (fields != null ? shown.render(fields.names()) : FlowView.render(shown, now(active)));
        progress.printing(() -> screen.draw(view));
    }

    /** The columns written to files: --fields, else the CSV header's. */
    private List<String> written() {
        return fields == null ? FlowTable.CSV_HEADER : fields.names();
    }

    /** What ages count back from: the clock live, the last packet's time in a file (whose packets are past). */
    private long now(FlowTable active) {
        if (!source.isFile()) {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }
        return active.flows().stream().mapToLong(Flow::lastSeenNanos).max().orElse(0);
    }
}
