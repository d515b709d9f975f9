// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The kafka part's baseline: what a sensor's capture does without Kafka, in a JVM of its own. A
 * file read with the sensor's settings (retention of one batch, 16,384 rows, flows on), {@code get()}
 * until the end, then the flows: {@code SensorCaptureAlone FILE}. Prints one JSON line
 * {@code {"rows":…,"flows":…,"nanos":…}} (rows taken, flows ended by the end of the file, time
 * from open to close).
 */
public final class SensorCaptureAlone {
    /** The sensor's default {@code --rows-per-batch}, which is its capture's retention. */
    static final int SENSOR_RETENTION = 16_384;

    private SensorCaptureAlone() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: SensorCaptureAlone FILE");
            System.exit(2);
        }
        long started = System.nanoTime();
        long[] rows = {0};
        int flows;
        try (Capture capture = Capture.open(Path.of(args[0]), CaptureConfig.builder().retention(SENSOR_RETENTION).build())) {
            TableReader.getToEnd(capture, table -> rows[0] += table.size());
            flows = capture.flows().all().size();
        }
        System.out.printf(Locale.ROOT, "{\"rows\":%d,\"flows\":%d,\"nanos\":%d}%n", rows[0], flows, System.nanoTime() - started);
    }
}
