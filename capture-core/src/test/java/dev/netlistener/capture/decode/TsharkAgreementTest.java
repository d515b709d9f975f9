// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netlistener.capture.TestEnvironment;
import dev.netlistener.capture.TsharkCsv;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Decodes every frame of every corpus capture and compares it, column by column, with tshark's
 * decode beside the file. Every difference must be listed in known-differences.csv with its
 * reason, and every listed difference must still occur, so the list stays true.
 *
 * <p>Timestamps are compared as 64-bit nanoseconds read the way {@link TsharkCsv#timestampNanos}
 * and CaptureFileTest read them: pcapng-example.pcapng's second interface stores pre-1970
 * (negative) times, which tshark prints as unsigned; the decoder passes the reader's value through.
 */
class TsharkAgreementTest {
    @Test
    void agreesWithTsharkOnEveryFieldOfEveryFrameExceptListedDifferences() throws Exception {
        TsharkComparison comparison = new TsharkComparison("/known-differences.csv", TsharkColumns.COMPARED);
        PacketDecoder decoder = new PacketDecoder();
        int frames = 0;
        for (Path file : TestEnvironment.corpusFiles()) {
            TsharkCsv tshark = TsharkCsv.of(file);
            String name = file.getFileName().toString();
            int read = TsharkComparison.decodeEach(file, decoder,
                    (index, packet, bytes) -> TsharkColumns.compare(comparison, name, index, packet, tshark));
            assertEquals(tshark.size(), read, name + ": frames read vs tshark rows");
            frames += read;
        }
        comparison.assertEveryDifferenceListed(frames);
    }
}
