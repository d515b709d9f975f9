// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import dev.netlistener.kafka.CapturePublisher;
import dev.netlistener.kafka.KafkaSink;
import dev.netlistener.kafka.KafkaSinkConfig;
import dev.netlistener.kafka.KafkaSinkException;
import dev.netlistener.kafka.KafkaSinkStats;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A sensor: captures a device (or reads a file) and publishes every packet batch and ended flow to
 * Kafka (capture-kafka's {@link KafkaSink}); with a file it exits once everything is published and
 * acknowledged.
 */
@Command(name = "sensor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {"Capture a device (or read a capture file) and publish the packets, one Arrow IPC stream per "
                + "batch, and every ended flow to Kafka. With --read it exits once the file is published and "
                + "acknowledged; live, a statistics line every --interval seconds until Ctrl-C."})
final class SensorCommand implements Callable<Integer> {

    @Mixin
    SourceOptions source = new SourceOptions();

    @Mixin
    KafkaOptions kafka = new KafkaOptions();

    @Option(names = "--sensor-id", paramLabel = "ID",
            description = "This sensor's name in every record (default: HOST/DEVICE or HOST/FILE-NAME).")
    String sensorId;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1", converter = OptionTypes.Seconds.class,
            description = "Seconds between batches, and between statistics lines when live (default: ${DEFAULT-VALUE}).")
    double interval;

    @Option(names = "--rows-per-batch", paramLabel = "ROWS", defaultValue = "16384", converter = OptionTypes.Rows.class,
            description = "Publish once this many packets wait, or every --interval (default: ${DEFAULT-VALUE}, about 2 MB of "
                    + "Arrow before compression, sent as records of at most --max-record-bytes). The capture keeps up to "
                    + "4 times as many while a publish is slow; live, beyond that rows are dropped by retention.")
    int rowsPerBatch;

    @Option(names = "--snapshot-interval", paramLabel = "SECONDS", defaultValue = "30", converter = OptionTypes.SecondsOrNever.class,
            description = "Seconds between snapshots of the active flows, so that long conversations show before they end; "
                    + "0 for none (default: ${DEFAULT-VALUE}).")
    double snapshotInterval;

    @Option(names = "--buffer-mib", paramLabel = "MIB", defaultValue = "64", converter = OptionTypes.Mebibytes.class,
            description = "The most record bytes waiting for Kafka before live records are dropped (kafka_dropped) or a "
                    + "file's reader waits; the producer holds at most as much again (default: ${DEFAULT-VALUE}).")
    int bufferMib;

    @Option(names = "--max-record-bytes", paramLabel = "BYTES", defaultValue = "1000000", converter = OptionTypes.RecordBytes.class,
            description = "The largest packet-batch record before compression: a larger batch goes as several. Keep it under "
                    + "the broker's message.max.bytes (default: ${DEFAULT-VALUE}, under Kafka's default of 1 MiB).")
    int maxRecordBytes;

    @Option(names = "--partitions", paramLabel = "N", converter = OptionTypes.Rows.class,
            description = "Create missing topics with this many partitions (default: as the broker creates them on first use).")
    Integer partitions;

    @Option(names = "--packets-topic", paramLabel = "TOPIC", defaultValue = "netlistener.packets",
            description = "Topic of the packet batches (default: ${DEFAULT-VALUE}).")
    String packetsTopic;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "30", converter = OptionTypes.Seconds.class,
            description = "How long to wait for the broker to answer at the start (default: ${DEFAULT-VALUE}).")
    double connectTimeout;

    /** The capture's retention, in batches: room to go on capturing while one batch is being published. */
    private static final int SLACK = 4;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        CaptureConfig.Builder config = CaptureConfig.builder().retention((int) Math.min((long) SLACK * rowsPerBatch, Integer.MAX_VALUE / 2));
        if (source.isFile()) {
            // A file's reader waits for the publisher: open it first, so that a missing file says so at once.
            Capture capture = source.open(config);
            try (capture; KafkaSink sink = openSink(capture.source())) {
                return publish(capture, sink);
            }
        }
        // Live: connect first, so that no packet waits for the broker to answer.
        try (KafkaSink sink = openSink(source.name()); Capture capture = source.open(config)) {
            return publish(capture, sink);
        }
    }

    private int publish(Capture capture, KafkaSink sink) throws InterruptedException {
        CapturePublisher publisher = CapturePublisher.start(capture, sink, Duration.ofMillis((long) (interval * 1000)),
                Duration.ofMillis((long) (snapshotInterval * 1000)));
        // Ctrl-C closes the capture, which ends awaitEnd's wait; the rest is then published and
        // flushed before the JVM stops, with the status that says whether all of it arrived.
        try (CtrlC stops = CtrlC.runs(capture::close, Duration.ofMillis((long) (connectTimeout * 1000) + 10_000))) {
            err.printf("%s %s, publishing to Kafka at %s as %s%s.%n", source.isFile() ? "Reading" : "Listening on",
                    capture.source(), kafka.bootstrap, sensorId, source.isFile() ? " until the file ends" : "; Ctrl-C stops");
            awaitEnd(capture, sink, publisher);
            capture.close();
            publisher.finish();
            int status = report(capture, sink, publisher, flush(sink));
            stops.exitWith(status);
            return status;
        }
    }

    /**
     * Waits until everything is acknowledged, saying on stderr why when Kafka keeps it waiting: a
     * file's records as long as it takes (Ctrl-C gives up), a live capture's up to --connect-timeout.
     */
    private boolean flush(KafkaSink sink) throws InterruptedException {
        long limit = source.isFile() ? Long.MAX_VALUE : (long) (connectTimeout * 1e9);
        long start = System.nanoTime();
        String said = null;
        while (!sink.flush(Duration.ofSeconds(1))) {
            if (System.nanoTime() - start > limit) {
                return false;
            }
            String error = sink.error().orElse(null);
            if (error != null && !error.equals(said)) {
                err.println("sensor: " + error);
                said = error;
            }
        }
        return true;
    }

    private KafkaSink openSink(String device) {
        if (sensorId == null) {
            sensorId = hostName() + "/" + (source.isFile() ? source.choice.read.getFileName().toString() : device);
        }
        KafkaSinkConfig config = KafkaSinkConfig.builder(kafka.bootstrap, sensorId).device(device)
                .packetsTopic(packetsTopic).flowsTopic(kafka.flowsTopic).waitWhenFull(source.isFile())
                .bufferBytes((long) bufferMib << 20).maxRecordBytes(maxRecordBytes)
                .partitions(partitions == null ? 0 : partitions).producerProperties(kafka.clientProperties())
                .connectTimeout(Duration.ofMillis((long) (connectTimeout * 1000))).build();
        try {
            return KafkaSink.open(config);
        } catch (KafkaSinkException e) {
            throw new SampleException(e.getMessage(), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "sensor";
        }
    }

    /** Until the file ends, the capture fails or Ctrl-C closes it; live, a statistics line every interval. */
    private void awaitEnd(Capture capture, KafkaSink sink, CapturePublisher publisher) throws InterruptedException {
        while (!capture.awaitEnd(Duration.ofMillis((long) (interval * 1000)))) {
            if (!source.isFile()) {
                out.println("--- " + line(sink.stats(), publisher) + "  " + capture.stats());
                sink.error().ifPresent(error -> err.println("sensor: " + error));
            }
        }
    }

    private static String line(KafkaSinkStats stats, CapturePublisher publisher) {
        return String.format("published %d packets in %d batches, %d flows, %d flow snapshots; kafka_dropped=%d (%d rows), "
                        + "buffered %d bytes, ended flows lost %d", stats.packets(), stats.packetBatches(), stats.flows(),
                stats.flowSnapshots(), stats.dropped(), stats.droppedRows(), stats.bufferedBytes(), publisher.endedFlowsLost());
    }

    /** 1 when anything was not published or capture stopped on a failure. */
    private int report(Capture capture, KafkaSink sink, CapturePublisher publisher, boolean flushed) {
        KafkaSinkStats stats = sink.stats();
        out.println("--- " + line(stats, publisher) + "  " + capture.stats());
        int status = 0;
        if (capture.error().isPresent()) {
            err.println("sensor: capture stopped: " + capture.error().get().getMessage());
            status = 1;
        }
        if (publisher.failure().isPresent()) {
            throw new IllegalStateException("publishing failed", publisher.failure().get());
        }
        if (publisher.endedFlowsLost() > 0) {
            err.println("sensor: " + publisher.endedFlowsLost() + " ended flows were lost before publishing (the capture's "
                    + "buffer of ended flows overflowed within one --interval): publish more often");
            status = 1;
        }
        if (!flushed || stats.dropped() > 0) {
            err.println("sensor: not everything reached Kafka: " + stats.dropped() + " records dropped"
                    + (flushed ? "" : ", and records still waiting after " + (long) connectTimeout + " s")
                    + sink.error().map(e -> " (" + e + ")").orElse(""));
            status = 1;
        }
        return status;
    }
}
