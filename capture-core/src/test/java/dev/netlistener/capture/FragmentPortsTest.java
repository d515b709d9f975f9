// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static dev.netlistener.capture.FragmentFrames.slice;
import static dev.netlistener.capture.FragmentFrames.udpDatagram;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netlistener.capture.decode.DecodeStatus;
import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.Malformation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fragments the test builds itself, through a whole capture: the ports each frame gets, the flows and the counters. */
class FragmentPortsTest {
    /** 8 + 40 bytes of UDP from port 5000 to 53, in three fragments of 16 bytes. */
    private static final byte[] DATAGRAM = udpDatagram(5000, 53, 40);
    private static final byte[] FIRST = slice(DATAGRAM, 0, 16);
    private static final byte[] SECOND = slice(DATAGRAM, 16, 32);
    private static final byte[] LAST = slice(DATAGRAM, 32, 48);

    @TempDir
    Path dir;

    private record Result(List<DecodedPacket> packets, List<Flow> flows, CaptureStats stats) {
        DecodedPacket packet(int i) {
            return packets.get(i);
        }
    }

    private Result capture(FragmentFrames frames, CaptureConfig.Builder config) throws Exception {
        Path file = frames.write(dir.resolve("fragments.pcap"));
        List<DecodedPacket> packets = new ArrayList<>();
        try (Capture capture = Capture.open(file, config.delivery(Delivery.STREAM).build())) {
            while (capture.poll(p -> packets.add(p.decoded().copy()), 100) > 0 || !capture.isInputEnded()) {
                // reads to the end
            }
            List<Flow> flows = new ArrayList<>(capture.flows().all().flows());
            flows.sort(Comparator.comparingLong(Flow::firstSeenNanos).thenComparingInt(Flow::portA));
            return new Result(packets, flows, capture.stats());
        }
    }

    private Result capture(FragmentFrames frames) throws Exception {
        return capture(frames, CaptureConfig.builder());
    }

    private static void assertPorts(DecodedPacket packet, int source, int destination, boolean inherited) {
        assertEquals(source, packet.sourcePort(), packet::toString);
        assertEquals(destination, packet.destinationPort(), packet::toString);
        assertEquals(inherited, packet.portsFromFirstFragment(), packet::toString);
    }

    private static void assertMalformed(DecodedPacket packet, Malformation reason) {
        assertEquals(DecodeStatus.MALFORMED, packet.status(), packet::toString);
        assertEquals(reason, packet.malformation(), packet::toString);
    }

    private static void assertOneFlow(Result result, int packets) {
        assertEquals(1, result.flows().size(), result.flows()::toString);
        Flow flow = result.flows().getFirst();
        assertEquals(packets, flow.packetsAToB() + flow.packetsBToA());
        assertEquals(List.of(53, 5000), List.of(Math.min(flow.portA(), flow.portB()), Math.max(flow.portA(), flow.portB())));
    }

    @Test
    void laterFragmentsInOrderGetTheFirstFragmentsPortsAndOneFlow() throws Exception {
        Result result = capture(new FragmentFrames().ipv4(0, 1, 2, 7, 0, true, FIRST)
                .ipv4(0.001, 1, 2, 7, 16, true, SECOND).ipv4(0.002, 1, 2, 7, 32, false, LAST));
        assertPorts(result.packet(0), 5000, 53, false);
        assertPorts(result.packet(1), 5000, 53, true);
        assertPorts(result.packet(2), 5000, 53, true);
        result.packets().forEach(p -> assertEquals(DecodeStatus.OK, p.status()));
        assertOneFlow(result, 3);
        assertEquals(2, result.stats().fragmentPortsInherited());
        assertEquals(0, result.stats().fragmentsWithoutPorts());
        assertEquals(0, result.stats().malformed());
    }

    @Test
    void theRawPerFrameViewKeepsFragmentsWithoutPorts() throws Exception {
        Result result = capture(new FragmentFrames().ipv4(0, 1, 2, 7, 0, true, FIRST)
                .ipv4(0.001, 1, 2, 7, 16, true, SECOND).ipv4(0.002, 1, 2, 7, 32, false, LAST),
                CaptureConfig.builder().fragmentPorts(false));
        assertPorts(result.packet(0), 5000, 53, false);
        assertPorts(result.packet(1), -1, -1, false);
        assertPorts(result.packet(2), -1, -1, false);
        assertEquals(2, result.flows().size());
        assertEquals(0, result.stats().fragmentPortsInherited());
    }

    @Test
    void aFragmentBeforeItsFirstFragmentHasNoPortsAndLaterOnesHave() throws Exception {
        Result result = capture(new FragmentFrames().ipv4(0, 1, 2, 7, 32, false, LAST)
                .ipv4(0.001, 1, 2, 7, 0, true, FIRST).ipv4(0.002, 1, 2, 7, 16, true, SECOND));
        assertPorts(result.packet(0), -1, -1, false);
        assertPorts(result.packet(1), 5000, 53, false);
        assertPorts(result.packet(2), 5000, 53, true);
        result.packets().forEach(p -> assertEquals(DecodeStatus.OK, p.status()));
        assertEquals(1, result.stats().fragmentsWithoutPorts());
        assertEquals(1, result.stats().fragmentPortsInherited());
        assertEquals(2, result.flows().size(), "the early fragment is a port-less flow of its own");
    }

    @Test
    void duplicatedFragmentsAreNotMalformedAndCountInTheConversation() throws Exception {
        Result result = capture(new FragmentFrames().ipv4(0, 1, 2, 7, 0, true, FIRST)
                .ipv4(0.001, 1, 2, 7, 16, true, SECOND).ipv4(0.002, 1, 2, 7, 16, true, SECOND)
                .ipv4(0.003, 1, 2, 7, 0, true, FIRST).ipv4(0.004, 1, 2, 7, 32, false, LAST)
                .ipv4(0.005, 1, 2, 7, 32, false, LAST));
        result.packets().forEach(p -> assertEquals(DecodeStatus.OK, p.status(), p::toString));
        assertPorts(result.packet(2), 5000, 53, true);
        assertPorts(result.packet(5), 5000, 53, true);
        assertOneFlow(result, 6);
        assertEquals(4, result.stats().fragmentPortsInherited());
    }

    @Test
    void anOverlappingFragmentIsMalformedButStaysInItsConversation() throws Exception {
        Result result = capture(new FragmentFrames().ipv4(0, 1, 2, 7, 0, true, FIRST)
                .ipv4(0.001, 1, 2, 7, 8, true, slice(DATAGRAM, 8, 24))
                .ipv4(0.002, 1, 2, 7, 16, true, SECOND).ipv4(0.003, 1, 2, 7, 32, false, LAST));
        assertMalformed(result.packet(1), Malformation.FRAGMENT_OVERLAP);
        assertPorts(result.packet(1), 5000, 53, true);
        assertEquals(DecodeStatus.OK, result.packet(2).status(), "the overlap changed nothing in the table");
        assertEquals(DecodeStatus.OK, result.packet(3).status());
        assertOneFlow(result, 4);
        assertEquals(1, result.stats().malformed());
    }

    @Test
    void aSecondFirstFragmentWithOtherPortsIsMalformedAndTheFirstOnesPortsStay() throws Exception {
        Result result = capture(new FragmentFrames().ipv4(0, 1, 2, 7, 0, true, FIRST)
                .ipv4(0.001, 1, 2, 7, 0, true, slice(udpDatagram(6000, 80, 40), 0, 16))
                .ipv4(0.002, 1, 2, 7, 16, true, SECOND));
        assertMalformed(result.packet(1), Malformation.FRAGMENT_OVERLAP);
        assertPorts(result.packet(1), 6000, 80, false);
        assertPorts(result.packet(2), 5000, 53, true);
        assertEquals(DecodeStatus.OK, result.packet(2).status());
    }

    @Test
    void aReusedIdentificationAfterACompleteDatagramStartsANewOne() throws Exception {
        byte[] other = udpDatagram(6000, 80, 24);
        Result result = capture(new FragmentFrames().ipv4(0, 1, 2, 7, 0, true, FIRST)
                .ipv4(0.001, 1, 2, 7, 16, true, SECOND).ipv4(0.002, 1, 2, 7, 32, false, LAST)
                .ipv4(1, 1, 2, 7, 0, true, slice(other, 0, 16)).ipv4(1.001, 1, 2, 7, 16, false, slice(other, 16, 32)));
        result.packets().forEach(p -> assertEquals(DecodeStatus.OK, p.status(), p::toString));
        assertPorts(result.packet(4), 6000, 80, true);
        assertEquals(2, result.flows().size());
    }

    @Test
    void interleavedDatagramsWithEqualIdsFromDifferentSourcesKeepTheirOwnPorts() throws Exception {
        byte[] other = udpDatagram(6000, 53, 40);
        FragmentFrames frames = new FragmentFrames();
        for (int i = 0; i < 3; i++) {
            boolean more = i < 2;
            frames.ipv4(i * 0.01, 1, 2, 7, i * 16, more, slice(DATAGRAM, i * 16, i * 16 + 16));
            frames.ipv4(i * 0.01 + 0.001, 3, 2, 7, i * 16, more, slice(other, i * 16, i * 16 + 16));
            frames.ipv6(i * 0.01 + 0.002, 1, 2, 7, i * 16, more, slice(other, i * 16, i * 16 + 16));
        }
        Result result = capture(frames);
        for (int i = 3; i < 9; i += 3) {
            assertPorts(result.packet(i), 5000, 53, true);
            assertPorts(result.packet(i + 1), 6000, 53, true);
            assertPorts(result.packet(i + 2), 6000, 53, true);
        }
        assertEquals(3, result.flows().size(), result.flows()::toString);
        result.flows().forEach(f -> assertEquals(3, f.packetsAToB() + f.packetsBToA()));
        assertEquals(6, result.stats().fragmentPortsInherited());
    }

    @Test
    void equalDatagramsInDifferentTunnelsKeepTheirOwnPorts() throws Exception {
        byte[] other = udpDatagram(6000, 53, 40);
        Result result = capture(new FragmentFrames().ipv4InGtpu(0, 100, 1, 2, 7, 0, true, FIRST)
                .ipv4InGtpu(0.001, 200, 1, 2, 7, 0, true, slice(other, 0, 16))
                .ipv4InGtpu(0.002, 100, 1, 2, 7, 16, false, SECOND)
                .ipv4InGtpu(0.003, 200, 1, 2, 7, 16, false, slice(other, 16, 32)));
        result.packets().forEach(p -> assertEquals(DecodeStatus.OK, p.status(), p::toString));
        assertEquals(100, result.packet(2).tunnelId());
        assertPorts(result.packet(2), 5000, 53, true);
        assertPorts(result.packet(3), 6000, 53, true);
        assertEquals(2, result.flows().size(), result.flows()::toString);
    }

    @Test
    void ipv6FragmentHeadersGiveTheirDatagramsPortsInAnyOrder() throws Exception {
        Result result = capture(new FragmentFrames().ipv6(0, 1, 2, 0x8000_0001, 16, true, SECOND)
                .ipv6(0.001, 1, 2, 0x8000_0001, 0, true, FIRST).ipv6(0.002, 1, 2, 0x8000_0001, 32, false, LAST));
        assertEquals(6, result.packet(0).ipVersion());
        assertEquals(0x8000_0001, result.packet(0).fragmentId());
        assertEquals(16, result.packet(0).fragmentLength());
        assertPorts(result.packet(0), -1, -1, false);
        assertPorts(result.packet(2), 5000, 53, true);
        assertEquals(1, result.stats().fragmentsWithoutPorts());
        assertEquals(1, result.stats().fragmentPortsInherited());
    }

    @Test
    void aDatagramExpiresThirtySecondsAfterItsFirstFragment() throws Exception {
        Result result = capture(new FragmentFrames().ipv4(0, 1, 2, 7, 0, true, FIRST)
                .ipv4(29, 1, 2, 7, 16, true, SECOND).ipv4(31, 1, 2, 7, 32, false, LAST));
        assertPorts(result.packet(1), 5000, 53, true);
        assertPorts(result.packet(2), -1, -1, false);
        assertEquals(1, result.stats().fragmentDatagramsExpired());
        assertEquals(1, result.stats().fragmentsWithoutPorts());
    }

    @Test
    void aCompleteDatagramLeavingIsNotCountedAsExpired() throws Exception {
        Result result = capture(new FragmentFrames().ipv4(0, 1, 2, 7, 0, true, FIRST)
                .ipv4(0.001, 1, 2, 7, 16, true, SECOND).ipv4(0.002, 1, 2, 7, 32, false, LAST)
                .ipv4(40, 1, 2, 8, 0, true, FIRST));
        assertEquals(0, result.stats().fragmentDatagramsExpired());
    }

    @Test
    void whenTheTableIsFullTheOldestDatagramGoesAndIsCounted() throws Exception {
        FragmentFrames frames = new FragmentFrames();
        for (int id = 1; id <= 3; id++) {
            frames.ipv4(id * 0.001, 1, 2, id, 0, true, FIRST);
        }
        frames.ipv4(0.01, 1, 2, 1, 16, true, SECOND).ipv4(0.011, 1, 2, 3, 16, true, SECOND);
        Result result = capture(frames, CaptureConfig.builder().fragmentCapacity(2));
        assertPorts(result.packet(3), -1, -1, false);
        assertPorts(result.packet(4), 5000, 53, true);
        // id 1 went for id 3; then id 1's second fragment took the place of id 2.
        assertEquals(2, result.stats().fragmentDatagramsEvicted());
    }

    @Test
    void aFragmentPastTheLargestDatagramIsMalformedAndChangesNothing() throws Exception {
        Result result = capture(new FragmentFrames().ipv4(0, 1, 2, 7, 0, true, FIRST)
                .ipv4(0.001, 1, 2, 7, 65_528, false, SECOND).ipv4(0.002, 1, 2, 7, 16, true, SECOND));
        assertMalformed(result.packet(1), Malformation.FRAGMENT_EXCEEDS_MAXIMUM_DATAGRAM);
        assertPorts(result.packet(1), 5000, 53, true);
        assertEquals(DecodeStatus.OK, result.packet(2).status(), "no end was set");
    }

    @Test
    void aFragmentWithMoreToComeMustBeAMultipleOfEightBytes() throws Exception {
        Result result = capture(new FragmentFrames().ipv4(0, 1, 2, 7, 0, true, FIRST)
                .ipv4(0.001, 1, 2, 7, 16, true, slice(DATAGRAM, 16, 28)));
        assertMalformed(result.packet(1), Malformation.FRAGMENT_LENGTH_NOT_MULTIPLE_OF_8);
    }

    @Test
    void aFragmentPastTheEndTheLastFragmentSetIsMalformed() throws Exception {
        Result result = capture(new FragmentFrames().ipv4(0, 1, 2, 7, 0, true, FIRST)
                .ipv4(0.001, 1, 2, 7, 16, false, SECOND).ipv4(0.002, 1, 2, 7, 32, false, LAST)
                .ipv4(0.003, 1, 2, 7, 8, false, SECOND));
        assertEquals(DecodeStatus.OK, result.packet(1).status());
        assertMalformed(result.packet(2), Malformation.FRAGMENT_PAST_DATAGRAM_END);
        assertMalformed(result.packet(3), Malformation.FRAGMENT_PAST_DATAGRAM_END);
        assertEquals(2, result.stats().malformed());
    }

    @Test
    void aTinyFirstFragmentWithoutTheWholeTransportHeaderGivesNoPorts() throws Exception {
        Result result = capture(new FragmentFrames().ipv4(0, 1, 2, 7, 0, true, slice(DATAGRAM, 0, 4))
                .ipv4(0.001, 1, 2, 7, 8, true, slice(DATAGRAM, 8, 16)));
        assertMalformed(result.packet(0), Malformation.HEADER_EXCEEDS_IP_PAYLOAD);
        assertPorts(result.packet(1), -1, -1, false);
        assertEquals(1, result.stats().fragmentsWithoutPorts());
    }
}
