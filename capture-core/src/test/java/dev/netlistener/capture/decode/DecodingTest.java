// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.pcap.LibPcap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Behaviours of the decoders, shown on corpus frames and on small packets written here. */
class DecodingTest {
    private final Arena arena = Arena.ofConfined();
    private final PacketDecoder decoder = new PacketDecoder();

    @AfterEach
    void closeArena() {
        arena.close();
    }

    @Test
    void keepsTheOuterVlanIdOfStackedTags() {
        DecodedPacket packet = corpusFrame("VlanPackets.pcap", 1);
        assertEquals(2, packet.vlanCount());
        assertEquals(0x8100, packet.vlanTpid());
        assertEquals(118, packet.vlanId());
        assertEquals(10, packet.innerVlanId());
        assertEquals(0x0800, packet.etherType());
        assertEquals(1, packet.ipProtocol());
        assertEquals(8, packet.icmpType());
    }

    @Test
    void keepsTheServiceTagOf8021adQinQAndDecodesArpInside() {
        DecodedPacket packet = corpusFrame("802.1ad_QinQ.pcap", 1);
        assertEquals(0x88A8, packet.vlanTpid());
        assertEquals(200, packet.vlanId());
        assertEquals(2001, packet.innerVlanId());
        assertEquals(0x0806, packet.etherType());
        assertEquals(1, packet.arpOperation());
        assertEquals(1, packet.arpHardwareType());
        assertEquals(0x0800, packet.arpProtocolType());
        assertTrue(packet.hasArpIpv4());
        assertEquals("172.21.79.97", AddressText.ipv4(packet.arpSenderProtocol()));
        assertEquals("172.21.79.100", AddressText.ipv4(packet.arpTargetProtocol()));
        assertEquals("00:20:d2:5a:fb:3f", AddressText.mac(packet.arpSenderHardware()));
    }

    @Test
    void recognises8023LengthFramesAsCarryingNoIp() {
        DecodedPacket packet = corpusFrame("VlanPackets.pcap", 21);
        assertEquals(DecodeStatus.OK, packet.status());
        assertEquals(1, packet.vlanCount());
        assertEquals(-1, packet.etherType());
        assertEquals(0, packet.ipVersion());
    }

    @Test
    void givesALinuxCookedSendersAddressAsSourceMacOnly() {
        DecodedPacket packet = corpusFrame("sll.pcap", 1);
        assertTrue(packet.hasSourceMac());
        assertFalse(packet.hasMacs());
        assertEquals("30:46:9a:23:fb:fa", packet.sourceMacText());
        assertNull(packet.destinationMacText());
        assertEquals(1, packet.linuxPacketType());
        assertEquals(0x0800, packet.etherType());
        assertEquals(520, packet.destinationPort());
    }

    @Test
    void walksTheIpv6ExtensionChainToTheUpperLayer() {
        DecodedPacket packet = corpusFrame("ipv6-routing-header.pcap", 3);
        assertEquals(43, packet.ipv6NextHeader());
        assertEquals(17, packet.ipProtocol());
        assertEquals(5645, packet.sourcePort());
        assertTrue(packet.ipHeaderLength() > Ipv6View.HEADER_LENGTH);
    }

    @Test
    void findsAJumbogramsLengthInItsHopByHopOption() {
        DecodedPacket packet = corpusFrame("bigtcp-ipv6-hbh.pcap", 1);
        assertEquals(DecodeStatus.OK, packet.status());
        assertEquals(0, packet.ipv6NextHeader());
        assertEquals(6, packet.ipProtocol());
        assertEquals(41851, packet.sourcePort());
        assertEquals(43913, packet.destinationPort());
    }

    @Test
    void givesNoPortsForALaterFragment() {
        boolean seen = false;
        for (CorpusPackets.Packet frame : CorpusPackets.all()) {
            if (!frame.file().equals("ip-frag.pcap")) {
                continue;
            }
            DecodedPacket packet = decode(frame.bytes(), frame.wireLength(), frame.linkType());
            if (packet.isFragment() && !packet.isFirstFragment()) {
                assertTrue(packet.fragmentOffset() > 0);
                assertEquals(17, packet.ipProtocol());
                assertEquals(-1, packet.sourcePort());
                assertEquals(packet.ipHeaderLength() + EthernetView.HEADER_LENGTH, packet.payloadOffset());
                seen = true;
            }
        }
        assertTrue(seen);
    }

    @Test
    void reportsTruncatedTcpHeaderWithTheLayersBeforeIt() {
        byte[] frame = corpusBytes("mptcp-v0.pcap", 1);
        DecodedPacket packet = decode(Arrays.copyOf(frame, 14 + 20 + 10), frame.length, LibPcap.DLT_EN10MB);
        assertEquals(DecodeStatus.TRUNCATED, packet.status());
        assertEquals(Layer.TCP, packet.statusLayer());
        assertEquals(4, packet.ipVersion());
        assertEquals(-1, packet.sourcePort());
        assertEquals(34, packet.payloadOffset());
    }

    @Test
    void keepsTcpFieldsWhenOnlyItsOptionsAreCut() {
        byte[] frame = corpusBytes("mptcp-v0.pcap", 1);
        DecodedPacket packet = decode(Arrays.copyOf(frame, 14 + 20 + 30), frame.length, LibPcap.DLT_EN10MB);
        assertEquals(DecodeStatus.TRUNCATED, packet.status());
        assertEquals(Layer.TCP, packet.statusLayer());
        assertEquals(35961, packet.sourcePort());
        assertEquals(TcpView.SYN, packet.tcpFlags());
        assertEquals(2912457561L, packet.tcpSequence());
        assertEquals(52, packet.tcpHeaderLength());
    }

    @Test
    void reportsAnIpv4HeaderLengthBelowFiveWords() {
        DecodedPacket packet = corpusFrame("ipv4_invalid_hdr_length.pcap", 1);
        assertEquals(DecodeStatus.MALFORMED, packet.status());
        assertEquals(Layer.IPV4, packet.statusLayer());
        assertEquals(Malformation.IPV4_HEADER_LENGTH_TOO_SHORT, packet.malformation());
        assertEquals(0, packet.ipVersion());
    }

    @Test
    void reportsATotalLengthBeyondTheFrameButStillDecodesTheTransportHeader() {
        DecodedPacket packet = corpusFrame("ipv4_invalid_total_length.pcap", 1);
        assertEquals(Malformation.IPV4_TOTAL_LENGTH_EXCEEDS_FRAME, packet.malformation());
        assertEquals(53, packet.destinationPort());
    }

    @Test
    void reportsATcpHeaderRunningPastTheIpPayload() {
        DecodedPacket packet = corpusFrame("tcp-malformed.pcap", 1);
        assertEquals(Layer.TCP, packet.statusLayer());
        assertEquals(Malformation.HEADER_EXCEEDS_IP_PAYLOAD, packet.malformation());
        assertEquals(49671, packet.sourcePort());
    }

    @Test
    void reportsAnIpVersionOtherThanTheEtherTypeSays() {
        DecodedPacket packet = corpusFrame("ipv6-bad-version.pcap", 2);
        assertEquals(Layer.IPV6, packet.statusLayer());
        assertEquals(Malformation.IP_VERSION_MISMATCH, packet.malformation());
    }

    @Test
    void readsTheBsdLoopbackFamilyInEitherByteOrder() {
        byte[] ipv4 = Arrays.copyOfRange(corpusBytes("linktype_ipv4.pcap", 1), 0, 60);
        for (String family : new String[] {"02000000", "00000002"}) {
            DecodedPacket packet = decode(concat(HexFormat.of().parseHex(family), ipv4), 64, LibPcap.DLT_NULL);
            assertEquals(0x0800, packet.etherType(), family);
            assertEquals("10.0.0.1", packet.sourceIpText(), family);
        }
        assertEquals(0x0800, decode(concat(HexFormat.of().parseHex("00000002"), ipv4), 64, LibPcap.DLT_LOOP)
                .etherType());
        // Cisco HDLC-style header, as in null_loopback.pcap frame 3: the low 16 bits are an EtherType.
        assertEquals(0x0800, decode(concat(HexFormat.of().parseHex("0f000800"), ipv4), 64, LibPcap.DLT_NULL)
                .etherType());
        assertEquals(-1, decode(concat(HexFormat.of().parseHex("00010000"), ipv4), 64, LibPcap.DLT_NULL)
                .etherType());
    }

    /** The link-layer headers in front of one IPv4/UDP datagram, by link type: PPP with and without FF 03, compressed protocol field, Cisco HDLC, PPPoE. */
    @Test
    void decodesThePppLinkTypesAndCiscoHdlc() {
        byte[] ipv4 = Arrays.copyOfRange(corpusBytes("linktype_ipv4.pcap", 1), 0, 60);
        Object[][] framings = {{"ff030021", LinkType.PPP}, {"0021", LinkType.PPP}, {"21", LinkType.PPP},
                {"ff030021", LinkType.PPP_SERIAL}, {"0f000800", LinkType.PPP_SERIAL}, {"8f000800", LinkType.C_HDLC},
                {"1100002a003e0021", LinkType.PPP_ETHER}};
        for (Object[] framing : framings) {
            String what = framing[0] + " on link type " + framing[1];
            byte[] frame = concat(HexFormat.of().parseHex((String) framing[0]), ipv4);
            DecodedPacket packet = decode(frame, frame.length, (int) framing[1]);
            assertEquals(DecodeStatus.OK, packet.status(), what);
            assertEquals("10.0.0.1", packet.sourceIpText(), what);
            assertEquals(53, packet.destinationPort(), what);
            boolean pppoe = (int) framing[1] == LinkType.PPP_ETHER;
            assertEquals(pppoe ? DecoderRegistry.ETHERTYPE_PPPOE_SESSION : DecoderRegistry.ETHERTYPE_IPV4,
                    packet.etherType(), what);
            assertEquals(pppoe ? "pppoe" : null, packet.tunnelText(), what);
            assertEquals(pppoe ? 42 : -1, packet.tunnelId(), what);
        }
        DecodedPacket lcp = decode(HexFormat.of().parseHex("ff03c021010100040000"), 10, LinkType.PPP);
        assertEquals(DecodeStatus.OK, lcp.status());
        assertEquals(-1, lcp.etherType(), "a control protocol carries no packet");
        assertEquals(0, lcp.ipVersion());
    }

    @Test
    void decodesOnlyTheRecordOfAnUnsupportedLinkType() {
        assertFalse(PacketDecoder.supports(147));
        assertTrue(PacketDecoder.supports(LibPcap.DLT_LINUX_SLL2));
        DecodedPacket packet = decode(corpusBytes("example2.pcap", 1), 122, 147);
        assertEquals(DecodeStatus.OK, packet.status());
        assertEquals(147, packet.linkType());
        assertEquals(122, packet.wireLength());
        assertEquals(-1, packet.etherType());
        assertFalse(packet.hasMacs());
    }

    @Test
    void reportsAWireLengthBelowTheCapturedLengthAndDecodesTheBytes() {
        byte[] frame = corpusBytes("mptcp-v0.pcap", 1);
        DecodedPacket packet = decode(frame, 20, LibPcap.DLT_EN10MB);
        assertEquals(Malformation.WIRE_LENGTH_BELOW_CAPTURED_LENGTH, packet.malformation());
        assertEquals(22, packet.destinationPort());
    }

    @Test
    void cutsARangeOutsideTheSegmentInsteadOfThrowing() {
        MemorySegment small = arena.allocate(10);
        assertEquals(Layer.LINK, decoder.decode(small, 4, 100, 100, LibPcap.DLT_EN10MB, 0).statusLayer());
        assertEquals(Layer.LINK, decoder.decode(small, 50, 20, 20, LibPcap.DLT_EN10MB, 0).statusLayer());
        assertEquals(Layer.LINK, decoder.decode(small, -8, 20, 20, LibPcap.DLT_EN10MB, 0).statusLayer());
        assertEquals(Layer.LINK, decoder.decode(small, 0, -1, 20, LibPcap.DLT_EN10MB, 0).statusLayer());
    }

    @Test
    void addingAProtocolIsOneClassAndOneRegistration() {
        // Ethernet / experimental shim / IPv4 / UDP: unknown to the standard registry.
        byte[] udp = Arrays.copyOfRange(corpusBytes("linktype_ipv4.pcap", 1), 0, 60);
        byte[] frame = concat(HexFormat.of().parseHex("02000000000102000000000288b5" + "00000800"), udp);
        DecodedPacket standard = decode(frame, frame.length, LibPcap.DLT_EN10MB);
        assertEquals(ShimDecoder.ETHERTYPE, standard.etherType());
        assertEquals(0, standard.ipVersion());

        PacketDecoder extended = new PacketDecoder(
                DecoderRegistry.standard().registerEtherType(ShimDecoder.ETHERTYPE, new ShimDecoder()));
        DecodedPacket packet = extended.decode(DecoderPropertiesTest.exactCopy(arena, frame), 0, frame.length,
                frame.length, LibPcap.DLT_EN10MB, 0);
        assertEquals(DecodeStatus.OK, packet.status());
        assertEquals(ShimDecoder.ETHERTYPE, packet.etherType());
        assertEquals("10.0.0.1", packet.sourceIpText());
        assertEquals(53, packet.destinationPort());

        // Cut inside the 4-byte shim.
        DecodedPacket cut = extended.decode(DecoderPropertiesTest.exactCopy(arena, Arrays.copyOf(frame, 16)), 0, 16,
                frame.length, LibPcap.DLT_EN10MB, 0);
        assertEquals(Layer.OTHER, cut.statusLayer());
    }

    /** A copy holds every field of the packet it was made from, and keeps them while the decoder decodes on. */
    @Test
    void copiesKeepEveryFieldPastTheNextDecode() {
        List<DecodedPacket> copies = new ArrayList<>();
        List<Map<String, Object>> fields = new ArrayList<>();
        for (CorpusPackets.Packet frame : CorpusPackets.all()) {
            DecodedPacket decoded = decode(frame.bytes(), frame.wireLength(), frame.linkType());
            copies.add(decoded.copy());
            fields.add(Fields.of(decoded));
        }
        for (int i = 0; i < copies.size(); i++) {
            assertEquals(fields.get(i), Fields.of(copies.get(i)), CorpusPackets.all().get(i).toString());
        }
    }

    @Test
    void makesTextFormsOnRequest() {
        DecodedPacket packet = corpusFrame("bigtcp-ipv6-hbh.pcap", 1);
        assertEquals("2604:1380:4091:ce00::d", packet.sourceIpText());
        assertEquals("2604:1380:4091:ce00::b", packet.destinationIpText());
        assertEquals("b8:ce:f6:04:8b:14", packet.sourceMacText());
        assertEquals("06:00:de:ad:be:ef", packet.destinationMacText());
        assertTrue(packet.toString().contains("IPv6 2604:1380:4091:ce00::d > 2604:1380:4091:ce00::b proto 6"),
                packet.toString());
    }

    private DecodedPacket corpusFrame(String file, int frame) {
        CorpusPackets.Packet packet = corpusPacket(file, frame);
        return decode(packet.bytes(), packet.wireLength(), packet.linkType());
    }

    private static byte[] corpusBytes(String file, int frame) {
        return corpusPacket(file, frame).bytes();
    }

    private static CorpusPackets.Packet corpusPacket(String file, int frame) {
        return CorpusPackets.all().stream()
                .filter(p -> p.file().equals(file) && p.frame() == frame)
                .findFirst().orElseThrow(() -> new AssertionError("no frame " + frame + " in " + file));
    }

    private DecodedPacket decode(byte[] bytes, int wireLength, int linkType) {
        return decoder.decode(DecoderPropertiesTest.exactCopy(arena, bytes), 0, bytes.length, wireLength, linkType, 0);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
