// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.GtpuView;
import dev.netlistener.capture.decode.PacketDecoder;
import dev.netlistener.capture.decode.Tunnel;
import dev.netlistener.pcap.LibPcap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two subscribers behind one GTP-U gateway pair whose conversations are identical inside their
 * tunnels (same inner addresses, ports and protocol) stay two flows, told apart by their TEIDs;
 * and the keep-outermost switch reaches the decoder a capture uses.
 */
class TunnelFlowTest {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int GATEWAY_A = 0xC0A80001;
    private static final int GATEWAY_B = 0xC0A80002;
    private static final int PHONE = 0x0A2D0001;
    private static final int SERVER = 0x08080808;
    private static final int INNER_PAYLOAD = 12;
    private static final int GTP_LENGTH = 8;
    private static final int INNER_LENGTH = 20 + 8 + INNER_PAYLOAD;
    private static final int FRAME_LENGTH = 42 + GTP_LENGTH + INNER_LENGTH;

    /**
     * Ethernet / IPv4 gateway A to B / UDP 2152 / GTP-U G-PDU with {@code teid} / IPv4 phone to
     * server / UDP 40000 to 53: the same inner datagram whatever the TEID.
     */
    private static void gtpFrame(MemorySegment frame, int teid) {
        Fixtures.udpFrame(frame, GATEWAY_A, GATEWAY_B, GtpuView.UDP_PORT, GtpuView.UDP_PORT, GTP_LENGTH + INNER_LENGTH);
        frame.set(ValueLayout.JAVA_BYTE, 42, (byte) 0x30);             // version 1, protocol type GTP
        frame.set(ValueLayout.JAVA_BYTE, 43, (byte) 0xFF);             // G-PDU
        frame.set(U16, 44, (short) INNER_LENGTH);
        frame.set(U32, 46, teid);
        int inner = 42 + GTP_LENGTH;
        frame.set(ValueLayout.JAVA_BYTE, inner, (byte) 0x45);
        frame.set(U16, inner + 2, (short) INNER_LENGTH);
        frame.set(ValueLayout.JAVA_BYTE, inner + 8, (byte) 64);
        frame.set(ValueLayout.JAVA_BYTE, inner + 9, (byte) 17);
        frame.set(U32, inner + 12, PHONE);
        frame.set(U32, inner + 16, SERVER);
        frame.set(U16, inner + 20, (short) 40000);
        frame.set(U16, inner + 22, (short) 53);
        frame.set(U16, inner + 24, (short) (8 + INNER_PAYLOAD));
    }

    @Test
    void identicalConversationsInTwoGtpTunnelsAreTwoFlows() {
        FlowTracker tracker = new FlowTracker(16, TimeUnit.SECONDS.toNanos(60), TimeUnit.MINUTES.toNanos(30),
                LocalNetworks.parse(List.of()));
        PacketDecoder decoder = new PacketDecoder();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(FRAME_LENGTH);
            int[] teids = {1, 2, 1};
            for (int i = 0; i < teids.length; i++) {
                gtpFrame(frame, teids[i]);
                DecodedPacket packet = decoder.decode(frame, 0, FRAME_LENGTH, FRAME_LENGTH, LibPcap.DLT_EN10MB, i + 1);
                assertEquals("10.45.0.1", packet.sourceIpText(), "the row shows the packet inside the tunnel");
                assertEquals(53, packet.destinationPort());
                assertEquals(Tunnel.GTPU, packet.tunnelIdKind());
                assertEquals(teids[i], packet.tunnelId());
                assertEquals("192.168.0.1", packet.outerSourceIpText());
                tracker.update(packet);
            }
        }
        assertEquals(2, tracker.size(), "one flow per tunnel");
        List<Flow> flows = tracker.snapshot(false).active().flows().stream()
                .sorted(Comparator.comparingLong(Flow::tunnelId)).toList();
        for (Flow flow : flows) {
            assertEquals("10.45.0.1", flow.addressAText());
            assertEquals("8.8.8.8", flow.addressBText());
            assertEquals(17, flow.protocol());
            assertEquals(Tunnel.GTPU, flow.tunnelKind());
        }
        assertEquals(1, flows.get(0).tunnelId());
        assertEquals(2, flows.get(0).packets());
        assertEquals(2, flows.get(1).tunnelId());
        assertEquals(1, flows.get(1).packets());
    }

    @Test
    void keepOutermostLayersGivesTheCarrierInRowsAndFlows(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gtp.pcap");
        try (Arena arena = Arena.ofConfined();
             PcapWriter writer = PcapWriter.open(file, CaptureFile.Format.PCAP, LibPcap.DLT_EN10MB, 65535,
                     TimestampPrecision.NANO)) {
            MemorySegment frame = arena.allocate(FRAME_LENGTH);
            for (int teid = 1; teid <= 2; teid++) {
                gtpFrame(frame, teid);
                writer.write(1_700_000_000_000_000_000L + teid, FRAME_LENGTH, LibPcap.DLT_EN10MB, frame, 0,
                        FRAME_LENGTH);
            }
        }
        CaptureConfig outermost = CaptureConfig.builder().keepOutermostLayers(true).build();
        try (Capture capture = Capture.open(file, outermost)) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(10)));
            PacketTable table = capture.get();
            assertEquals(2, table.size());
            assertEquals("192.168.0.1", table.sourceIpText(0));
            assertEquals(GtpuView.UDP_PORT, table.destinationPort(0));
            List<Flow> flows = capture.flows().active().flows();
            assertEquals(2, flows.size(), "the gateways' one UDP conversation, once per TEID");
            assertTrue(flows.stream().allMatch(flow -> flow.portA() == GtpuView.UDP_PORT && flow.tunnelId() > 0));
        }
        try (Capture capture = Capture.open(file)) {
            assertTrue(capture.awaitEnd(Duration.ofSeconds(10)));
            assertEquals("10.45.0.1", capture.get().sourceIpText(0), "by default the row shows the inner packet");
        }
    }
}
