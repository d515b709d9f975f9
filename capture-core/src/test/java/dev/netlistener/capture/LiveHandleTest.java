// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.pcap.LibPcap;
import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LiveHandleTest {

    @BeforeAll
    static void needsLiveCapture() {
        TestEnvironment.requireLiveCapture();
    }

    @Test
    void capturesUdpDatagramsSentToLoopback() throws Exception {
        int datagrams = 50;
        int payload = 100;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int port = socket.getLocalPort();
            CaptureConfig config = CaptureConfig.builder()
                    .filter("udp and dst host 127.0.0.1 and dst port " + port)
                    .timeout(Duration.ofMillis(20))
                    .build();
            try (PcapHandle handle = PcapHandle.openLive("lo", config)) {
                assertEquals(LibPcap.DLT_EN10MB, handle.linkType());
                for (int i = 0; i < datagrams; i++) {
                    byte[] data = new byte[payload];
                    Arrays.fill(data, (byte) i);
                    socket.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), port));
                }
                RawPacket packet = new RawPacket();
                int seen = 0;
                long bytes = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (seen < datagrams && System.nanoTime() < deadline) {
                    if (handle.next(packet) != ReadResult.PACKET) {
                        continue;
                    }
                    // Ethernet 14 + IPv4 20 + UDP 8, then the payload, filled with the datagram's index.
                    assertEquals(14 + 20 + 8 + payload, packet.wireLength());
                    assertEquals(packet.wireLength(), packet.capturedLength());
                    assertEquals((byte) seen, packet.data().get(ValueLayout.JAVA_BYTE, 42));
                    assertEquals((byte) seen, packet.data().get(ValueLayout.JAVA_BYTE, packet.capturedLength() - 1));
                    bytes += packet.wireLength();
                    seen++;
                }
                assertEquals(datagrams, seen);
                assertEquals((long) datagrams * (42 + payload), bytes);
                PcapStats stats = handle.stats();
                assertTrue(stats.received() >= datagrams, stats.toString());
                assertEquals(0, stats.droppedByKernel(), stats.toString());
            }
        }
    }

    @Test
    void aMissingDeviceListesTheDevicesThatExist() {
        PcapException e = assertThrows(PcapException.class,
                () -> PcapHandle.openLive("nosuchdev0", CaptureConfig.defaults()));
        assertEquals(PcapStatus.NO_SUCH_DEVICE, e.status());
        assertTrue(e.getMessage().contains("PCAP_ERROR_NO_SUCH_DEVICE"), e.getMessage());
        assertTrue(e.hint().contains("Devices that exist: ") && e.hint().contains("lo"), e.getMessage());
    }

    @Test
    void aBadFilterOnALiveHandleClosesItAndSaysWhy() {
        PcapException e = assertThrows(PcapException.class,
                () -> PcapHandle.openLive("lo", CaptureConfig.builder().filter("tcp port").build()));
        assertTrue(e.getMessage().contains("'tcp port'"), e.getMessage());
        assertTrue(!e.libpcapMessage().isBlank(), e.getMessage());
    }

    @Test
    void breakLoopEndsABlockedRead() throws Exception {
        CaptureConfig config = CaptureConfig.builder().filter("udp port 9").timeout(Duration.ofSeconds(30)).build();
        try (PcapHandle handle = PcapHandle.openLive("lo", config)) {
            Thread breaker = Thread.ofPlatform().start(() -> {
                sleep(200);
                handle.breakLoop();
            });
            // Nothing arrives on udp port 9: without breakLoop() the read would never return.
            ReadResult result = assertTimeoutPreemptively(Duration.ofSeconds(25), () -> handle.next(new RawPacket()));
            breaker.join();
            assertEquals(ReadResult.END, result);
        }
    }

    @Test
    void nonBlockingReadReturnsAtOnce() throws Exception {
        CaptureConfig config = CaptureConfig.builder().filter("udp port 9").nonBlocking(true).build();
        try (PcapHandle handle = PcapHandle.openLive("lo", config)) {
            assertEquals(ReadResult.TIMEOUT, handle.next(new RawPacket()));
            assertTrue(handle.selectableFd() >= 0);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
