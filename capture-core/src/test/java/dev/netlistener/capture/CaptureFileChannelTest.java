// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.lang.foreign.ValueLayout;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A capture read from a stream (a decompressing one, in the samples) as from its file: the same
 * packets, bytes and times, pcap and pcapng; a stream cut within a record is reported as cut short
 * after the packets before it; the stream is closed with the capture.
 */
class CaptureFileChannelTest {

    @Test
    void aStreamReadsAsItsFile() throws Exception {
        for (String name : new String[]{"DnsPackets.pcap", "pcapng-example.pcapng", "nanosecs_big_endian.pcap"}) {
            Path file = TestEnvironment.corpus().resolve(name);
            long packets = 0;
            try (CaptureFile fromPath = CaptureFile.open(file);
                 CaptureFile fromStream = CaptureFile.open(stream(Files.readAllBytes(file)), name, Optional.empty())) {
                assertEquals(fromPath.format(), fromStream.format());
                RawPacket a = new RawPacket();
                RawPacket b = new RawPacket();
                while (fromPath.next(a)) {
                    assertTrue(fromStream.next(b), name + ": the stream ended early at packet " + packets);
                    assertArrayEquals(a.data().toArray(ValueLayout.JAVA_BYTE), b.data().toArray(ValueLayout.JAVA_BYTE));
                    assertEquals(a.timestampNanos(), b.timestampNanos());
                    assertEquals(a.wireLength(), b.wireLength());
                    packets++;
                }
                assertFalse(fromStream.next(b), name + ": more packets in the stream than in the file");
            }
            assertTrue(packets > 0, name);
        }
    }

    @Test
    void aStreamCutWithinARecordIsReportedAfterThePacketsBeforeIt() throws Exception {
        byte[] whole = Files.readAllBytes(TestEnvironment.corpus().resolve("DnsPackets.pcap"));
        byte[] cut = Arrays.copyOf(whole, whole.length - 10);
        int packets = 0;
        PcapException failure = null;
        try (CaptureFile capture = CaptureFile.open(stream(cut), "cut.pcap", Optional.empty())) {
            RawPacket packet = new RawPacket();
            while (capture.next(packet)) {
                packets++;
            }
        } catch (PcapException e) {
            failure = e;
        }
        assertNotNull(failure, "the cut is reported");
        assertTrue(failure.getMessage().contains("'cut.pcap'"), failure.getMessage());
        assertEquals(463, packets, "every packet before the last, cut one");
    }

    @Test
    void closingTheCaptureClosesTheStream() throws Exception {
        ReadableByteChannel in = stream(Files.readAllBytes(TestEnvironment.corpus().resolve("DnsPackets.pcap")));
        CaptureFile.open(in, "dns", Optional.empty()).close();
        assertFalse(in.isOpen());
    }

    private static ReadableByteChannel stream(byte[] bytes) {
        return Channels.newChannel(new ByteArrayInputStream(bytes));
    }
}
