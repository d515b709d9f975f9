// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.FlowOrder;
import dev.netlistener.capture.FlowTable;
import dev.netlistener.kafka.FlowCollector;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.errors.InterruptException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The collector of the sensors' flows: consumes the flows topic in a consumer group, adds flows up
 * per sensor and conversation, prints the network-wide top conversations and writes them as CSV.
 */
@Command(name = "collect", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Consume the flows every sensor publishes (a consumer group: a second collector shares the "
                + "partitions), print the network-wide top conversations every --interval seconds, and on Ctrl-C or "
                + "after --idle-exit seconds without a record write --csv: the flows CSV with a first column sensor, "
                + "one row per sensor and conversation (--merge: one per conversation, added up across sensors). A flow "
                + "still active counts with its latest snapshot."})
final class CollectCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--csv", paramLabel = "FILE", description = "Write every sensor's conversations to this CSV file when done.")
    Path csv;

    @Option(names = "--idle-exit", paramLabel = "SECONDS", converter = OptionTypes.Seconds.class,
            description = "Write the CSV and exit once no record has arrived for this long.")
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

    private final PrintStream out = System.out;

    @Override
    public Integer call() {
        try (CsvOutput csvOut = csv == null ? null : CsvOutput.create(csv);
             FlowCollector collector = new FlowCollector(kafka.bootstrap, kafka.flowsTopic, group)) {
            Thread main = Thread.currentThread();
            try (CtrlC stops = CtrlC.runs(main::interrupt)) {
                collect(collector);
                Thread.interrupted(); // Ctrl-C has done its job: the CSV is still to be written.
                print(collector);
                if (csvOut != null) {
                    csvOut.write(file -> writeCsv(conversations(collector), file));
                }
            }
        }
        return 0;
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
                    print(collector);
                    lastPrint = System.nanoTime();
                }
            }
        } catch (InterruptException e) {
            // Ctrl-C while polling.
        }
    }

    /** Per sensor, or with --merge per group of sensors, their conversations. */
    private Map<String, FlowTable> conversations(FlowCollector collector) {
        return merge ? collector.merged() : collector.bySensor();
    }

    private void print(FlowCollector collector) {
        FlowTable all = FlowTable.of(conversations(collector).values().stream().flatMap(table -> table.flows().stream()).toList());
        out.println(all.top(top, FlowOrder.BYTES));
        out.printf("--- %d sensors, %d conversations, %d flow records (%d duplicates%s)%n", collector.bySensor().size(),
                all.size(), collector.records(), collector.duplicates(),
                collector.foreign() == 0 ? "" : ", " + collector.foreign() + " of another schema skipped");
    }

    /** The flows CSV with a first column {@code sensor}: one header, then each sensor's rows. */
    private static void writeCsv(Map<String, FlowTable> sensors, Appendable file) {
        try {
            StringBuilder header = new StringBuilder();
            FlowTable.of(List.of()).writeCsv(header);
            file.append("sensor,").append(header);
            for (Map.Entry<String, FlowTable> sensor : sensors.entrySet()) {
                StringBuilder rows = new StringBuilder();
                sensor.getValue().writeCsv(rows);
                String name = quoted(sensor.getKey());
                for (String line : rows.toString().lines().skip(1).toList()) {
                    file.append(name).append(',').append(line).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quoted(String text) {
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
