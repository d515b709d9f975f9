// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.CaptureConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One netlistener contender of the saturation part, alone in its JVM, so that {@code /proc/<pid>}
 * shows its CPU time and nobody else's, as it does for tcpdump:
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.netlistener.bench.SaturationCapturer \
 *     --mode table|stream --device NAME [--buffer BYTES]
 * </pre>
 * Prints {@code capturing on NAME} once it captures. On a line on stdin (or its end) or on
 * SIGTERM it stops and prints its counts as one JSON line: {@code {"captured":…,"received":…,
 * "kernel_dropped":…,"retention_dropped":…,"delivered":…}}.
 */
public final class SaturationCapturer {
    static final String READY = "capturing on ";
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\\d+)");
    private static final String USAGE = "usage: SaturationCapturer --mode table|stream --device NAME [--buffer BYTES]";

    /** The two ways an application takes packets from netlistener. */
    enum Mode {
        /** The defaults: table delivery, flows on, {@code get()} every second. */
        TABLE,
        /** {@code Delivery.STREAM}, flows off, a thread polling and reading every field. */
        STREAM;

        LossTool tool(int bufferBytes) {
            return this == TABLE ? new NetlistenerTool(Duration.ofSeconds(1), bufferBytes, 0) : new StreamingTool(bufferBytes);
        }

        /** The contender's name in the results. */
        String contender() {
            return tool(CaptureConfig.DEFAULT_BUFFER_SIZE).name();
        }

        String argument() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The mode named {@code argument}, or null. */
        static Mode of(String argument) {
            for (Mode mode : values()) {
                if (mode.argument().equals(argument)) {
                    return mode;
                }
            }
            return null;
        }
    }

    private static boolean reported;

    private SaturationCapturer() {
    }

    public static void main(String[] args) throws Exception {
        Mode mode = null;
        String device = null;
        int bufferBytes = CaptureConfig.DEFAULT_BUFFER_SIZE;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--mode" -> mode = Mode.of(value);
                case "--device" -> device = value;
                case "--buffer" -> bufferBytes = value.matches("\\d{1,9}") ? Integer.parseInt(value) : 0;
                default -> usage("unknown option " + args[i]);
            }
        }
        if (mode == null || device == null || bufferBytes <= 0 || args.length % 2 != 0) {
            usage("--mode table|stream and --device are needed, --buffer takes a number of bytes");
        }
        LossTool tool = mode.tool(bufferBytes);
        try {
            tool.start(device);
        } catch (Exception e) {
            System.err.println("SaturationCapturer cannot capture on " + device + ": " + e.getMessage());
            System.exit(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!report(tool)) {
                Runtime.getRuntime().halt(1);
            }
        }));
        System.out.println(READY + device);
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        System.exit(report(tool) ? 0 : 1);
    }

    private static void usage(String problem) {
        System.err.println(problem + "; " + USAGE);
        System.exit(2);
    }

    /** Stops the tool and prints its counts, once, whichever of stdin and SIGTERM comes first. */
    private static synchronized boolean report(LossTool tool) {
        if (reported) {
            return true;
        }
        reported = true;
        try {
            System.out.println(line(tool.stop()));
            System.out.flush();
            return true;
        } catch (Exception e) {
            System.err.println("SaturationCapturer could not stop cleanly: " + e);
            e.printStackTrace();
            return false;
        }
    }

    static String line(LossTool.Counts counts) {
        return String.format(Locale.ROOT, "{\"captured\":%d,\"received\":%d,\"kernel_dropped\":%d,"
                        + "\"retention_dropped\":%d,\"delivered\":%d}", counts.captured(), counts.receivedByFilter(),
                counts.kernelDropped(), counts.retentionDropped(), counts.delivered());
    }

    /** The counts of a {@link #line}, or null when {@code text} is not one. */
    static LossTool.Counts parse(String text) {
        Map<String, Long> fields = new HashMap<>();
        Matcher matcher = FIELD.matcher(text);
        while (matcher.find()) {
            fields.put(matcher.group(1), Long.parseLong(matcher.group(2)));
        }
        if (fields.size() != 5) {
            return null;
        }
        return new LossTool.Counts(fields.get("captured"), fields.get("received"), fields.get("kernel_dropped"),
                fields.get("retention_dropped"), fields.get("delivered"));
    }
}
