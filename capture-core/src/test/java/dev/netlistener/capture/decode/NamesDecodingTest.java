// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The names on small packets written here (raw IPv4): what the corpus has too few of, compression
 * pointers and their loops, server names after other extensions, Host headers in any case and cut.
 */
class NamesDecodingTest {
    private static final String NAME_IN_GRE = "xqt-detect-mode2-97712e88-167a-45b9-93ee-913140e76678";
    private final Arena arena = Arena.ofConfined();
    private final PacketDecoder decoder = new PacketDecoder();
    private MemorySegment bytes;

    @AfterEach
    void closeArena() {
        arena.close();
    }

    @Test
    void followsACompressionPointerInTheQuestion() {
        // www, then a pointer to offset 22 of the message, where example.com is written.
        DecodedPacket packet = decode(udp(53, dns(2, bytes(3, 'w', 'w', 'w', 0xC0, 22, 0, 1, 0, 1),
                bytes(7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0))));
        assertEquals(NameKind.DNS_QUERY, packet.nameKind());
        assertEquals("www.example.com", packet.nameText(bytes));
        assertEquals(2, packet.dnsAnswers());
    }

    @Test
    void aPointerLoopIsNoNameAndTheAnswerCountStays() {
        DecodedPacket packet = decode(udp(5353, dns(4, bytes(0xC0, 12))));
        assertNull(packet.nameKind());
        assertEquals(4, packet.dnsAnswers());
        assertEquals(DecodeStatus.OK, packet.status());
    }

    @Test
    void followsSixteenPointersButNotSeventeen() {
        assertEquals("a", decode(udp(53, dns(0, pointerChain(DnsNames.MAX_JUMPS)))).nameText(bytes));
        assertNull(decode(udp(53, dns(0, pointerChain(DnsNames.MAX_JUMPS + 1)))).nameKind());
    }

    @Test
    void writesTheRootNameAsTsharkDoes() {
        assertEquals("<Root>", decode(udp(53, dns(0, bytes(0, 0, 2, 0, 1)))).nameText(bytes));
    }

    @Test
    void aNameCutByTheCaptureIsNoName() {
        byte[] packet = udp(53, dns(0, bytes(7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0)));
        bytes = arena.allocateFrom(ValueLayout.JAVA_BYTE, packet);
        DecodedPacket cut = decoder.decode(bytes, 0, packet.length - 1, packet.length, LinkType.RAW, 0);
        assertNull(cut.nameKind());
        assertEquals(0, cut.dnsAnswers());
    }

    @Test
    void readsTheServerNameAfterOtherExtensions() {
        byte[] name = "example.org".getBytes(StandardCharsets.US_ASCII);
        byte[] serverName = concat(u16(name.length + 3), bytes(0), u16(name.length), name);
        byte[] extensions = concat(u16(0x0017), u16(0), u16(0), u16(serverName.length), serverName);
        byte[] hello = concat(bytes(3, 3), new byte[32], bytes(0), u16(2), bytes(0x13, 0x01), bytes(1, 0),
                u16(extensions.length), extensions);
        byte[] handshake = concat(bytes(1, 0), u16(hello.length), hello);
        DecodedPacket packet = decode(tcp(concat(bytes(22, 3, 1), u16(handshake.length), handshake)));
        assertEquals(NameKind.TLS_SNI, packet.nameKind());
        assertEquals("example.org", packet.nameText(bytes));
    }

    @Test
    void readsTheHostHeaderInAnyCaseWithoutItsWhiteSpace() {
        DecodedPacket packet = decode(tcp(ascii("GET / HTTP/1.1\r\nUser-Agent: x\r\nhOST: \t example.net:8080 \r\n\r\n")));
        assertEquals(NameKind.HTTP_HOST, packet.nameKind());
        assertEquals("example.net:8080", packet.nameText(bytes));
    }

    @Test
    void findsNoHostWhereTheRequestIsNoneOrTheLineIsCut() {
        assertNull(decode(tcp(ascii("GET / HTTP/1.1\r\nHost: example.n"))).nameKind());
        assertNull(decode(tcp(ascii("Hello there HTTP/1.1\r\nHost: example.net\r\n\r\n"))).nameKind());
        assertNull(decode(tcp(ascii("GET / SIP/2.0\r\nHost: example.net\r\n\r\n"))).nameKind());
        assertNull(decode(tcp(ascii("POST / HTTP/1.1\r\n\r\nHost: example.net\r\n"))).nameKind());
    }

    @Test
    void aPacketWithoutANameKeepsNoneOfThePreviousOnes() {
        decode(udp(53, dns(1, bytes(1, 'a', 0))));
        DecodedPacket plain = decode(udp(1234, dns(1, bytes(1, 'a', 0))));
        assertNull(plain.nameKind());
        assertEquals(-1, plain.dnsAnswers());
        assertEquals(-1, plain.nameLength());
    }

    /** A DNS query in PPP in GRE in IPv4 in IPv6: the name is the innermost packet's, whichever layers the row keeps. */
    @Test
    void aTunnelledPacketsNameIsTheInnermostOnesEvenWhenTheOutermostLayersAreKept() {
        CorpusPackets.Packet gre = CorpusPackets.tunnels().stream()
                .filter(p -> p.file().equals("GrePackets.pcap") && p.frame() == 6).findFirst().orElseThrow();
        for (boolean keepOutermost : new boolean[] {false, true}) {
            bytes = arena.allocateFrom(ValueLayout.JAVA_BYTE, gre.bytes());
            DecodedPacket packet = new PacketDecoder(DecoderRegistry.standard(), keepOutermost)
                    .decode(bytes, 0, gre.bytes().length, gre.wireLength(), gre.linkType(), 0);
            assertEquals("ipip:gre", packet.tunnelText());
            assertEquals(keepOutermost ? 4 : 17, packet.ipProtocol(), "IPv4 in IPv6, or the UDP inside");
            assertEquals(NameKind.DNS_QUERY, packet.nameKind());
            assertEquals(NAME_IN_GRE, packet.nameText(bytes));
        }
    }

    private DecodedPacket decode(byte[] packet) {
        bytes = arena.allocateFrom(ValueLayout.JAVA_BYTE, packet);
        return decoder.decode(bytes, 0, packet.length, packet.length, LinkType.RAW, 0);
    }

    /** {@code count} pointers, each to the next, then the name "a". */
    private static byte[] pointerChain(int count) {
        ByteArrayOutputStream chain = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            int next = DnsView.HEADER_LENGTH + 2 * (i + 1);
            chain.writeBytes(bytes(0xC0 | next >> 8, next & 0xFF));
        }
        chain.writeBytes(bytes(1, 'a', 0));
        return chain.toByteArray();
    }

    /** A DNS message of one question (whose name starts {@code question}) and {@code answers} answers. */
    private static byte[] dns(int answers, byte[]... question) {
        return concat(bytes(0x12, 0x34, 0x01, 0x00, 0, 1), u16(answers), bytes(0, 0, 0, 0), concat(question));
    }

    private static byte[] udp(int port, byte[] payload) {
        return ipv4(17, concat(u16(40000), u16(port), u16(8 + payload.length), u16(0), payload));
    }

    private static byte[] tcp(byte[] payload) {
        return ipv4(6, concat(u16(40000), u16(443), new byte[8], bytes(0x50, 0x18), u16(1024), u16(0), u16(0),
                payload));
    }

    private static byte[] ipv4(int protocol, byte[] payload) {
        return concat(bytes(0x45, 0), u16(20 + payload.length), bytes(0, 0, 0, 0, 64, protocol, 0, 0, 10, 0, 0, 1,
                10, 0, 0, 2), payload);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] u16(int value) {
        return bytes(value >> 8, value & 0xFF);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }
}
