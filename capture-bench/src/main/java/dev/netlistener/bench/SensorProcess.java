// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.samples.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code scripts/sensor} in a JVM of its own (the samples' main class from this jar, with the
 * script's JVM options), publishing to a trial's topics; its counts come from its statistics line.
 * Reading a file it runs to its end ({@link #awaitExit}); live it is a {@link ProcessTool} of the
 * saturation machinery, stopped with SIGINT (the sensor's Ctrl-C: publish the rest, flush, report).
 */
final class SensorProcess implements ProcessTool {
    /** The sensor's statistics line: its sink's counts, then the capture's. */
    private static final Pattern LINE = Pattern.compile("^--- published (\\d+) packets in (\\d+) batches, (\\d+) flows, \\d+ flow snapshots; "
            + "kafka_dropped=(\\d+) \\((\\d+) rows\\).*received=(\\d+) captured=(\\d+) .*dropped\\(kernel=(\\d+) "
            + "interface=(\\d+) retention=(\\d+)\\)");
    private static final String LISTENING = "Listening on ";
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration EXIT = Duration.ofSeconds(120);
    /** scripts/sensor's own JVM options (Apache Arrow's memory reads java.nio internals and uses Unsafe). */
    private static final List<String> JVM_OPTIONS = List.of("--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow");

    /** One statistics line, {@code nanos} after the sensor started. */
    record Sample(long nanos, Report report) {
    }

    /** What the sensor's last statistics line says. */
    record Report(long published, long batches, long flows, long kafkaDropped, long kafkaDroppedRows, long received,
                  long captured, long kernelDropped, long interfaceDropped, long retentionDropped) {

        static Report parse(String line) {
            Matcher m = LINE.matcher(line);
            if (!m.find()) {
                return null;
            }
            long[] v = new long[m.groupCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = Long.parseLong(m.group(i + 1));
            }
            return new Report(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
        }
    }

    private final String sensorId;
    private final String bootstrap;
    private final String packetsTopic;
    private final String flowsTopic;
    private final CompletableFuture<Void> listening = new CompletableFuture<>();
    private final StringBuilder errors = new StringBuilder();
    /** Every statistics line with when it came (live: one a second), the last one the final counts. */
    private final List<Sample> samples = new ArrayList<>();
    private Process process;
    private long started;
    private Thread stdout;
    private Thread stderr;

    SensorProcess(String sensorId, String bootstrap, String packetsTopic, String flowsTopic) {
        this.sensorId = sensorId;
        this.bootstrap = bootstrap;
        this.packetsTopic = packetsTopic;
        this.flowsTopic = flowsTopic;
    }

    @Override
    public String name() {
        return "sensor";
    }

    /** Starts reading {@code file}; returns at once. */
    void startReading(Path file) throws IOException {
        launch("--read", file.toString());
    }

    /** Starts capturing {@code device} and returns once it does. */
    @Override
    public void start(String device) throws Exception {
        launch("--device", device);
        try {
            listening.get(STARTUP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("the sensor did not start capturing on " + device + ": " + errors(), e);
        }
    }

    private void launch(String sourceOption, String source) throws IOException {
        started = System.nanoTime();
        process = new ProcessBuilder(Commands.java(JVM_OPTIONS, Main.class, "sensor", sourceOption, source, "--bootstrap",
                bootstrap, "--sensor-id", sensorId, "--packets-topic", packetsTopic, "--flows-topic", flowsTopic)).start();
        stdout = lines(process.getInputStream(), line -> {
            Report report = Report.parse(line);
            if (report != null) {
                synchronized (samples) {
                    samples.add(new Sample(System.nanoTime() - started, report));
                }
            }
        });
        stderr = lines(process.getErrorStream(), line -> {
            if (line.startsWith(LISTENING)) {
                listening.complete(null);
            } else {
                synchronized (errors) {
                    errors.append(line).append('\n');
                }
            }
        });
    }

    private static Thread lines(InputStream in, Consumer<String> each) {
        return Thread.ofPlatform().daemon(true).name("bench-sensor-output").start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    each.accept(line);
                }
            } catch (IOException e) {
                // The process is gone; its exit status and what it printed tell why.
            }
        });
    }

    String errors() {
        synchronized (errors) {
            return errors.toString().strip();
        }
    }

    @Override
    public long pid() {
        return process.pid();
    }

    /** Waits for the sensor to exit by itself; its exit status (1 when anything was dropped or not acknowledged). */
    int awaitExit() throws IOException, InterruptedException {
        if (!process.waitFor(EXIT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException("the sensor " + sensorId + " did not exit within " + EXIT.toSeconds() + " s: " + errors());
        }
        stdout.join();
        stderr.join();
        return process.exitValue();
    }

    /** Its final statistics line; an exception when it printed none. */
    Report report() throws IOException {
        List<Sample> all = samples();
        if (all.isEmpty()) {
            throw new IOException("the sensor " + sensorId + " printed no statistics line (exit status "
                    + (process.isAlive() ? "none yet" : process.exitValue()) + "): " + errors());
        }
        return all.getLast().report();
    }

    /** Every statistics line so far, in order. */
    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /**
     * Ctrl-C, then its final counts. Delivered = the rows it took from the capture: published or
     * dropped on the way to Kafka.
     */
    @Override
    public Counts stop() throws Exception {
        Commands.interrupt(process);
        awaitExit();
        Report report = report();
        return new Counts(report.captured(), report.received(), report.kernelDropped(), report.retentionDropped(),
                report.published() + report.kafkaDroppedRows());
    }

    /** Starts {@code count} sensors reading {@code file} at once, named {@code prefix-1} ... */
    static List<SensorProcess> startReading(int count, String prefix, Path file, String bootstrap, String packetsTopic,
                                            String flowsTopic) throws IOException {
        List<SensorProcess> sensors = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            sensors.add(new SensorProcess(prefix + "-" + i, bootstrap, packetsTopic, flowsTopic));
        }
        for (SensorProcess sensor : sensors) {
            sensor.startReading(file);
        }
        return sensors;
    }
}
