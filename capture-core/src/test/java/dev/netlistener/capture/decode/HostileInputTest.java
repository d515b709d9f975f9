// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The decoders on hostile input, at volume: every truncation of every packet of the corpus and of
 * the tunnel corpus, a million random and mutated packets, and seeded mutations of every tunnel
 * packet. Packets sit in segments of exactly their captured length, so a read past it throws; the
 * offset form is checked too, inside a larger segment of sentinel bytes.
 */
class HostileInputTest {
    private static final int RANDOM_PACKETS = 1_000_000;
    /** Mutations of each packet of the tunnel corpus (about 250 packets). */
    private static final int MUTATIONS_PER_TUNNEL_PACKET = 2_000;
    /** Mutations of each packet that carries a name (about 750 packets). */
    private static final int MUTATIONS_PER_NAMED_PACKET = 500;
    private static final long SEED = 0x5EED_DEC0DEL;
    /** Room around a packet in the sentinel segment. */
    private static final int MARGIN = 64;
    private static final byte SENTINEL = (byte) 0xA5;

    @Test
    void everyTruncationOfEveryCorpusPacketDecodesAsTruncated() {
        cutEverywhere(CorpusPackets.all());
    }

    @Test
    void everyTruncationOfEveryTunnelPacketDecodesAsTruncated() {
        cutEverywhere(CorpusPackets.tunnels());
    }

    private static void cutEverywhere(List<CorpusPackets.Packet> packets) {
        PacketDecoder decoder = new PacketDecoder();
        long truncations = 0;
        try (Arena arena = Arena.ofConfined()) {
            for (CorpusPackets.Packet packet : packets) {
                MemorySegment bytes = DecoderPropertiesTest.exactCopy(arena, packet.bytes());
                DecodedPacket whole = decode(decoder, bytes, packet.bytes().length, packet).copy();
                String name = whole.nameText(bytes);
                for (int captured = 0; captured < packet.bytes().length; captured++, truncations++) {
                    MemorySegment cutBytes = bytes.asSlice(0, captured);
                    DecodedPacket cut = decode(decoder, cutBytes, captured, packet);
                    checkTruncation(packet + " cut to " + captured, whole, cut, captured);
                    checkNameTruncation(packet + " cut to " + captured, whole, name, cut, cutBytes);
                }
            }
        }
        System.out.println("Decoded " + truncations + " truncations of " + packets.size()
                + " packets without an exception");
    }

    /**
     * A packet that decodes OK is TRUNCATED when cut inside its headers and decodes the same when
     * cut in its payload. One that does not decode OK is TRUNCATED when cut, or keeps its problem.
     */
    private static void checkTruncation(String what, DecodedPacket whole, DecodedPacket cut, int captured) {
        if (whole.status() == DecodeStatus.OK && captured < whole.payloadOffset()) {
            assertEquals(DecodeStatus.TRUNCATED, cut.status(), what);
        } else if (whole.status() == DecodeStatus.OK) {
            assertEquals(DecodeStatus.OK, cut.status(), what);
            if (captured == whole.payloadOffset()) {
                assertEquals("", Fields.differences(whole, cut, Set.of("capturedLength", "nameKind", "nameLength",
                        "dnsAnswers")), what);
            }
        } else if (cut.status() != DecodeStatus.TRUNCATED) {
            assertEquals(whole.status(), cut.status(), what);
            assertEquals(whole.statusLayer(), cut.statusLayer(), what);
            assertEquals(whole.malformation(), cut.malformation(), what);
        }
    }

    /**
     * The names lie in the payload: a packet cut anywhere has the whole packet's name or none (a
     * name cut short is never recorded shorter), and a DNS answer count only with the whole DNS header.
     */
    private static void checkNameTruncation(String what, DecodedPacket whole, String name, DecodedPacket cut,
                                            MemorySegment cutBytes) {
        if (cut.nameKind() != null) {
            assertEquals(whole.nameKind(), cut.nameKind(), what);
            assertEquals(name, cut.nameText(cutBytes), what);
        }
        if (cut.dnsAnswers() >= 0) {
            assertEquals(whole.dnsAnswers(), cut.dnsAnswers(), what);
        }
    }

    @Test
    void aMillionRandomAndMutatedPacketsNeverThrowNorReadOutsideTheCapturedBytes() {
        List<CorpusPackets.Packet> corpus = new ArrayList<>(CorpusPackets.all());
        corpus.addAll(CorpusPackets.tunnels());
        Random random = new Random(SEED);
        int[] statuses = new int[DecodeStatus.values().length];
        try (Arena arena = Arena.ofConfined()) {
            TwoWays decode = new TwoWays(arena);
            for (int i = 0; i < RANDOM_PACKETS; i++) {
                CorpusPackets.Packet source = corpus.get(random.nextInt(corpus.size()));
                int linkType = random.nextInt(10) == 0
                        ? DecoderPropertiesTest.LINK_TYPES[random.nextInt(DecoderPropertiesTest.LINK_TYPES.length)]
                        : source.linkType();
                byte[] bytes = switch (i % 3) {
                    case 0 -> randomBytes(random);
                    case 1 -> Mutation.mutate(source.bytes(), random);
                    default -> {
                        RandomPacket generated = RandomPacket.generate(random);
                        linkType = generated.linkType();
                        yield Mutation.mutate(generated.bytes(), random);
                    }
                };
                int wireLength = random.nextInt(8) == 0 ? random.nextInt() : Math.max(bytes.length, source.wireLength());
                statuses[decode.check(bytes, wireLength, linkType, i, "packet " + i).status().ordinal()]++;
            }
        }
        System.out.printf("Decoded %d random and mutated packets without an exception: OK %d, TRUNCATED %d, MALFORMED %d%n",
                RANDOM_PACKETS, statuses[0], statuses[1], statuses[2]);
        for (int count : statuses) {
            assertTrue(count > RANDOM_PACKETS / 100, "every status should be exercised");
        }
    }

    /**
     * Every packet of the tunnel corpus mutated {@value #MUTATIONS_PER_TUNNEL_PACKET} times (seeded),
     * so that each tunnel decoder meets damaged headers of its own kind, not only the few a random
     * pick from both corpora would give it.
     */
    @Test
    void seededMutationsOfEveryTunnelPacketNeverThrowNorReadOutsideTheCapturedBytes() {
        Random random = new Random(SEED);
        int[] statuses = new int[DecodeStatus.values().length];
        int tunnelled = 0;
        int tunnelledSources = 0;
        try (Arena arena = Arena.ofConfined()) {
            TwoWays decode = new TwoWays(arena);
            int i = 0;
            for (CorpusPackets.Packet source : CorpusPackets.tunnels()) {
                tunnelledSources += decode.check(source.bytes(), source.wireLength(), source.linkType(), i,
                        source.toString()).tunnelDepth() > 0 ? 1 : 0;
                for (int mutation = 0; mutation < MUTATIONS_PER_TUNNEL_PACKET; mutation++, i++) {
                    byte[] bytes = Mutation.mutate(source.bytes(), random);
                    int wireLength = random.nextInt(8) == 0 ? random.nextInt() : source.wireLength();
                    DecodedPacket decoded = decode.check(bytes, wireLength, source.linkType(), i,
                            source + " mutation " + mutation);
                    statuses[decoded.status().ordinal()]++;
                    tunnelled += decoded.tunnelDepth() > 0 ? 1 : 0;
                }
            }
            System.out.printf("Decoded %d mutations of %d tunnel packets without an exception: OK %d, TRUNCATED %d,"
                    + " MALFORMED %d, in a tunnel %d%n", i, CorpusPackets.tunnels().size(), statuses[0], statuses[1],
                    statuses[2], tunnelled);
            for (int count : statuses) {
                assertTrue(count > i / 100, "every status should be exercised");
            }
            assertTrue(tunnelled > tunnelledSources * MUTATIONS_PER_TUNNEL_PACKET / 2,
                    "most mutations of a tunnelled packet should still enter a tunnel");
        }
    }

    /**
     * Every packet of both corpora that carries a name (a DNS message, a TLS ClientHello, an HTTP
     * request) mutated {@value #MUTATIONS_PER_NAMED_PACKET} times (seeded): the name readers meet
     * damaged labels, pointers, lengths and header lines of their own kind. Each mutation's name,
     * when one is recorded, is read back from the packet's exact segment (TwoWays), so a name
     * reaching past the captured bytes would throw.
     */
    @Test
    void seededMutationsOfEveryNamedPacketNeverThrowNorReadOutsideTheCapturedBytes() {
        Random random = new Random(SEED);
        PacketDecoder decoder = new PacketDecoder();
        List<CorpusPackets.Packet> named = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            for (CorpusPackets.Packet packet : CorpusPackets.all()) {
                MemorySegment bytes = DecoderPropertiesTest.exactCopy(arena, packet.bytes());
                DecodedPacket decoded = decode(decoder, bytes, packet.bytes().length, packet);
                if (decoded.nameKind() != null || decoded.dnsAnswers() >= 0) {
                    named.add(packet);
                }
            }
            int[] kinds = new int[NameKind.values().length];
            TwoWays decode = new TwoWays(arena);
            int i = 0;
            for (CorpusPackets.Packet source : named) {
                for (int mutation = 0; mutation < MUTATIONS_PER_NAMED_PACKET; mutation++, i++) {
                    byte[] bytes = Mutation.mutate(source.bytes(), random);
                    DecodedPacket decoded = decode.check(bytes, source.wireLength(), source.linkType(), i,
                            source + " mutation " + mutation);
                    if (decoded.nameKind() != null) {
                        kinds[decoded.nameKind().ordinal()]++;
                    }
                }
            }
            System.out.printf("Decoded %d mutations of %d named packets without an exception; names kept: %s%n", i,
                    named.size(), Arrays.toString(kinds));
            for (int count : kinds) {
                assertTrue(count > 0, "every kind of name should survive some mutations");
            }
        }
    }

    /**
     * Decodes bytes twice, in a segment of exactly their length and amid sentinel bytes in a larger
     * one, and checks that both agree: in every field for one packet in 16, else in status and
     * payload offset.
     */
    private static final class TwoWays {
        private final PacketDecoder exact = new PacketDecoder();
        private final PacketDecoder offset = new PacketDecoder();
        private final MemorySegment buffer;
        private final MemorySegment sentinels;

        TwoWays(Arena arena) {
            buffer = arena.allocate(1 << 18);
            sentinels = arena.allocate((1 << 18) + 2 * MARGIN).fill(SENTINEL);
        }

        /** The packet decoded in its exact segment, after checking the other decode against it. */
        DecodedPacket check(byte[] bytes, int wireLength, int linkType, int i, String what) {
            MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, 0, bytes.length);
            DecodedPacket inExactSegment = exact.decode(buffer.asSlice(0, bytes.length), 0, bytes.length,
                    wireLength, linkType, i);
            MemorySegment.copy(bytes, 0, sentinels, ValueLayout.JAVA_BYTE, MARGIN, bytes.length);
            DecodedPacket amidSentinels = offset.decode(sentinels, MARGIN, bytes.length, wireLength, linkType, i);
            assertEquals(inExactSegment.nameText(buffer), amidSentinels.nameText(sentinels),
                    what + " named differently at an offset amid sentinel bytes");
            sentinels.asSlice(MARGIN, bytes.length).fill(SENTINEL);
            if (i % 16 == 0) {
                assertEquals("", Fields.differences(inExactSegment, amidSentinels, Set.of()),
                        what + " decoded differently at an offset amid sentinel bytes");
            } else {
                assertEquals(inExactSegment.status(), amidSentinels.status(), what);
                assertEquals(inExactSegment.payloadOffset(), amidSentinels.payloadOffset(), what);
            }
            return inExactSegment;
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(160)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static DecodedPacket decode(PacketDecoder decoder, MemorySegment bytes, int captured,
                                        CorpusPackets.Packet packet) {
        return decoder.decode(bytes, 0, captured, packet.wireLength(), packet.linkType(), packet.timestampNanos());
    }
}
