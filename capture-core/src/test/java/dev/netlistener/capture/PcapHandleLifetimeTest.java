// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Issue 10, items 7 and 8: misusing a handle is an exception, never a read of freed memory. */
class PcapHandleLifetimeTest {
    private static Path file() {
        return TestEnvironment.corpus().resolve("DnsPackets.pcap");
    }

    @Test
    void aPacketsBytesAreBoundedToThePacketAndDieWithTheHandle() throws Exception {
        RawPacket packet = new RawPacket();
        MemorySegment data;
        try (PcapHandle handle = PcapHandle.openOffline(file())) {
            assertEquals(ReadResult.PACKET, handle.next(packet));
            data = packet.data();
            assertEquals(packet.capturedLength(), data.byteSize());
            assertThrows(IndexOutOfBoundsException.class, () -> data.get(ValueLayout.JAVA_BYTE, data.byteSize()));
            try (CaptureFile file = CaptureFile.open(file())) {
                file.advance();
                MemorySegment same = file.segment().asSlice(file.dataOffset(), file.capturedLength());
                assertEquals(-1, same.mismatch(data), "the packet's own bytes");
            }
        }
        // Before: a slice of the whole address space over libpcap's freed buffer (a crash, or garbage).
        assertThrows(IllegalStateException.class, () -> data.get(ValueLayout.JAVA_BYTE, 0));
    }

    @Test
    void breakLoopRacingCloseNeverTouchesAFreedHandle() throws Exception {
        for (int run = 0; run < 2_000; run++) {
            PcapHandle handle = PcapHandle.openOffline(file());
            Race.run(handle::close, () -> {
                for (int i = 0; i < 100; i++) {
                    handle.breakLoop();
                }
            });
        }
    }
}
