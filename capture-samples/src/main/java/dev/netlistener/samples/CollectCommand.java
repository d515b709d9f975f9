// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.FlowOrder;
import dev.netlistener.capture.FlowTable;
import dev.netlistener.kafka.FlowCollector;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.common.errors.InterruptException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The collector of the sensors' flows: consumes the flows topic in a consumer group, adds flows up
 * per sensor and conversation, prints the network-wide top conversations and writes them as CSV,
 * Arrow, Parquet or JSON lines.
 */
@Command(name = "collect", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Consume the flows every sensor publishes (a consumer group: a second collector shares the "
                + "partitions), print the network-wide top conversations every --interval seconds, and on Ctrl-C or "
                + "after --idle-exit seconds without a record write --csv (and --arrow, --parquet, --json): the flows "
                + "with a first column sensor, one row per sensor and conversation (--merge: one per conversation, "
                + "added up across sensors). A flow still active counts with its latest snapshot."})
final class CollectCommand implements Callable<Integer> {

    /** The columns shown, and written unless --fields says otherwise: sensor, then the flows CSV header's. */
    private static final List<String> SENSOR_AND_FLOW = Stream.concat(Stream.of("sensor"), FlowTable.CSV_HEADER.stream()).toList();

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--csv", paramLabel = "FILE", description = "Write every sensor's conversations to this CSV file when done.")
    Path csv;

    @Mixin
    ExportOptions exports = new ExportOptions();

    @Option(names = "--fields", paramLabel = "COLUMNS", converter = OptionTypes.FlowFields.class,
            description = "The columns written (CSV, Arrow, Parquet, JSON lines), in this order, separated by commas "
                    + "(an unknown name lists them all). Default: sensor, then the 14 of the flows CSV header.")
    OptionTypes.Fields fields;

    @Option(names = "--idle-exit", paramLabel = "SECONDS", converter = OptionTypes.Seconds.class,
            description = "Write the outputs and exit once no record has arrived for this long.")
    Double idleExit;

    @Option(names = "--merge",
            description = "Add each conversation up across the sensors that saw it: one row per conversation, its sensor "
                    + "column naming them joined by '+'. Sensors that see the same packets count them twice.")
    boolean merge;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "5", converter = OptionTypes.Seconds.class,
            description = "Seconds between prints of the top conversations (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10", converter = OptionTypes.Rows.class,
            description = "Conversations printed (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--group", paramLabel = "ID", defaultValue = "netlistener-collect",
            description = "Consumer group (default: ${DEFAULT-VALUE}).")
    String group;

    /** Standard output, unless an export writes there: then the view goes to stderr. */
    private PrintStream out = System.out;

    @Override
    public Integer call() {
        if (exports.usesStandardOutput()) {
            out = System.err;
        }
        // The output files are created first: a path that cannot be written fails before anything is consumed.
        try (CsvOutput csvOut = csv == null ? null : CsvOutput.create(csv);
             Outputs<FlowTable> tables = exports.open(ExportOptions.Opener.flows(written()));
             FlowCollector collector = new FlowCollector(kafka.bootstrap, kafka.flowsTopic, group, kafka.clientProperties())) {
            Thread main = Thread.currentThread();
            try (CtrlC stops = CtrlC.runs(main::interrupt)) {
                collect(collector);
                Thread.interrupted(); // Ctrl-C has done its job: the outputs are still to be written.
                FlowTable conversations = conversations(collector);
                print(collector, conversations);
                if (csvOut != null) {
                    csvOut.write(text -> conversations.writeCsv(text, exports.csvTime(), written()));
                }
                tables.write(conversations);
            }
        }
        return 0;
    }

    /** The columns written: --fields, else {@link #SENSOR_AND_FLOW}. */
    private List<String> written() {
        return fields != null ? fields.names() : SENSOR_AND_FLOW;
    }

    private void collect(FlowCollector collector) {
        long lastArrival = System.nanoTime();
        long lastPrint = System.nanoTime();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                // Idle time counts from when the group gave us partitions: joining takes seconds.
                if (collector.poll(Duration.ofMillis(200)) > 0 || !collector.isAssigned()) {
                    lastArrival = System.nanoTime();
                }
                if (idleExit != null && System.nanoTime() - lastArrival >= (long) (idleExit * 1e9)) {
                    return;
                }
                if (System.nanoTime() - lastPrint >= (long) (interval * 1e9)) {
                    print(collector, conversations(collector));
                    lastPrint = System.nanoTime();
                }
            }
        } catch (InterruptException e) {
            // Ctrl-C while polling.
        }
    }

    /** Every sensor's conversations, or with --merge every conversation once; the sensor column says whose. */
    private FlowTable conversations(FlowCollector collector) {
        Map<String, FlowTable> bySensor = merge ? collector.merged() : collector.bySensor();
        return FlowTable.concat(bySensor.entrySet().stream().map(sensor -> sensor.getValue().seenBy(sensor.getKey())).toList());
    }

    private void print(FlowCollector collector, FlowTable conversations) {
        out.println(conversations.top(top, FlowOrder.BYTES).render(SENSOR_AND_FLOW));
        out.printf("--- %d sensors, %d conversations, %d flow records (%d duplicates%s)%n", collector.bySensor().size(),
                conversations.size(), collector.records(), collector.duplicates(),
                collector.foreign() == 0 ? "" : ", " + collector.foreign() + " of another schema skipped");
    }
}
