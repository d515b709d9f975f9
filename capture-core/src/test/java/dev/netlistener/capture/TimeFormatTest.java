// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeFormatTest {
    /** The example: pandas reads the decimal form as a double and gives back ...110255480. */
    private static final long NANOS = 1_796_048_223_110_255_591L;

    @Test
    void writesEveryNanosecondInEachForm() {
        assertEquals("1796048223.110255591", TimeFormat.SECONDS.format(NANOS));
        assertEquals("1796048223110255591", TimeFormat.EPOCH_NS.format(NANOS));
        assertEquals("2026-11-30T14:17:03.110255591Z", TimeFormat.ISO.format(NANOS));
        assertEquals(Instant.ofEpochSecond(1_796_048_223L, 110_255_591L), Instant.parse(TimeFormat.ISO.format(NANOS)));
    }

    @Test
    void keepsLeadingZerosOfTheFractionAndWholeSeconds() {
        assertEquals("1.000000007", TimeFormat.SECONDS.format(1_000_000_007L));
        assertEquals("1970-01-01T00:00:01.000000007Z", TimeFormat.ISO.format(1_000_000_007L));
        assertEquals("1970-01-01T00:00:00.000000000Z", TimeFormat.ISO.format(0));
        assertEquals("0.000000000", TimeFormat.SECONDS.format(0));
    }

    /**
     * Before, a time before 1970 was written floor-divided, "-506.574713000" for -505.425287 s
     * (pcapng-example.pcapng has such packets): a reader took it for a second more than it was.
     */
    @Test
    void aTimeBefore1970IsWrittenAsItsValue() {
        assertEquals("-505.425287000", TimeFormat.SECONDS.format(-505_425_287_000L));
        assertEquals("-0.000000001", TimeFormat.SECONDS.format(-1));
        assertEquals("-1.000000000", TimeFormat.SECONDS.format(-1_000_000_000L));
        assertEquals("-505425287000", TimeFormat.EPOCH_NS.format(-505_425_287_000L));
        assertEquals("1969-12-31T23:51:34.574713000Z", TimeFormat.ISO.format(-505_425_287_000L));
    }

    @Test
    void aMissingTimestampIsEmptyInEveryForm() {
        for (TimeFormat format : TimeFormat.values()) {
            assertEquals("", format.format(CaptureFile.NO_TIMESTAMP), format.name());
        }
    }

    @Test
    void namesAreTheCommandLineOnes() {
        assertEquals(List.of("seconds", "epoch-ns", "iso"),
                List.of(TimeFormat.values()).stream().map(TimeFormat::optionName).toList());
        for (TimeFormat format : TimeFormat.values()) {
            assertEquals(format, TimeFormat.forName(format.optionName()));
        }
        assertEquals("must be epoch-ns, iso or seconds, got ns",
                assertThrows(IllegalArgumentException.class, () -> TimeFormat.forName("ns")).getMessage());
    }

    @Test
    void csvWritesTheChosenForm() throws Exception {
        try (Capture capture = Capture.open(TestEnvironment.corpus().resolve("DnsPackets.pcap"))) {
            capture.awaitEnd(java.time.Duration.ofSeconds(30));
            PacketTable table = capture.get();
            for (TimeFormat format : TimeFormat.values()) {
                StringBuilder csv = new StringBuilder();
                table.writeCsv(csv, true, format);
                List<String> lines = csv.toString().lines().toList();
                assertEquals(table.size() + 1, lines.size());
                for (int row = 0; row < table.size(); row++) {
                    assertEquals(format.format(table.timestampNanos(row)), lines.get(row + 1).split(",", -1)[0]);
                }
            }
            StringBuilder seconds = new StringBuilder();
            table.writeCsv(seconds, true);
            StringBuilder explicit = new StringBuilder();
            table.writeCsv(explicit, true, TimeFormat.SECONDS);
            assertEquals(seconds.toString(), explicit.toString(), "the default is unchanged");
        }
    }
}
