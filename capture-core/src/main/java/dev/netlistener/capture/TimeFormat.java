// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How a text table (CSV, JSON lines) writes a time given in nanoseconds since the epoch. Each form
 * keeps every nanosecond; they differ in what a reader does with them. A time the capture did not
 * give ({@link CaptureFile#NO_TIMESTAMP}) is written empty in every form.
 */
public enum TimeFormat {
    /**
     * Epoch seconds with exactly nine decimals, as tshark's {@code frame.time_epoch}
     * ({@code 1796048223.110255591}); readers that parse it as a double keep only microseconds.
     */
    SECONDS("seconds"),
    /** Epoch nanoseconds as an integer ({@code 1796048223110255591}): exact in any reader with 64-bit integers. */
    EPOCH_NS("epoch-ns"),
    /** RFC 3339 in UTC with nine decimals ({@code 2026-11-30T14:17:03.110255591Z}). */
    ISO("iso");

    private static final DateTimeFormatter RFC_3339_NANOS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final String optionName;

    TimeFormat(String optionName) {
        this.optionName = optionName;
    }

    /** {@return the name command lines use: {@code seconds}, {@code epoch-ns} or {@code iso}} */
    public String optionName() {
        return optionName;
    }

    /**
     * The form named {@code name} (an {@link #optionName()}), or an IllegalArgumentException listing them.
     *
     * @param name the name
     * @return the form
     */
    public static TimeFormat forName(String name) {
        for (TimeFormat format : values()) {
            if (format.optionName.equals(name)) {
                return format;
            }
        }
        throw new IllegalArgumentException("must be epoch-ns, iso or seconds, got " + name);
    }

    /**
     * The text of {@code nanos}; "" for {@link CaptureFile#NO_TIMESTAMP}.
     *
     * @param nanos nanoseconds since the epoch
     * @return the text
     */
    public String format(long nanos) {
        if (nanos == CaptureFile.NO_TIMESTAMP) {
            return "";
        }
        return switch (this) {
            case EPOCH_NS -> Long.toString(nanos);
            case ISO -> RFC_3339_NANOS.format(Instant.ofEpochSecond(0, nanos));
            case SECONDS -> {
                // Sign and magnitude, so that a time before 1970 reads as its value (-0.5 s, not -1 + 0.5).
                long magnitude = Math.abs(nanos);
                String digits = Long.toString(magnitude % 1_000_000_000L);
                yield (nanos < 0 ? "-" : "") + magnitude / 1_000_000_000L + "." + "0".repeat(9 - digits.length()) + digits;
            }
        };
    }
}
