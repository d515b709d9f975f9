package dev.netlistener.capture.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The decoders on hostile input, at volume: every truncation of every corpus packet, and a million
 * random and mutated packets. Packets sit in segments of exactly their captured length, so a read
 * past it throws; the offset form is checked too, inside a larger segment of sentinel bytes.
 */
class HostileInputTest {
    private static final int RANDOM_PACKETS = 1_000_000;
    private static final long SEED = 0x5EED_DEC0DEL;
    /** Room around a packet in the sentinel segment. */
    private static final int MARGIN = 64;
    private static final byte SENTINEL = (byte) 0xA5;

    @Test
    void everyTruncationOfEveryCorpusPacketDecodesAsTruncated() {
        PacketDecoder decoder = new PacketDecoder();
        long truncations = 0;
        try (Arena arena = Arena.ofConfined()) {
            for (CorpusPackets.Packet packet : CorpusPackets.all()) {
                MemorySegment bytes = DecoderPropertiesTest.exactCopy(arena, packet.bytes());
                DecodedPacket whole = decode(decoder, bytes, packet.bytes().length, packet).copy();
                for (int captured = 0; captured < packet.bytes().length; captured++, truncations++) {
                    DecodedPacket cut = decode(decoder, bytes.asSlice(0, captured), captured, packet);
                    checkTruncation(packet + " cut to " + captured, whole, cut, captured);
                }
            }
        }
        System.out.println("Decoded " + truncations + " truncations of " + CorpusPackets.all().size()
                + " corpus packets without an exception");
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
                assertEquals("", Fields.differences(whole, cut, Set.of("capturedLength")), what);
            }
        } else if (cut.status() != DecodeStatus.TRUNCATED) {
            assertEquals(whole.status(), cut.status(), what);
            assertEquals(whole.statusLayer(), cut.statusLayer(), what);
            assertEquals(whole.malformation(), cut.malformation(), what);
        }
    }

    @Test
    void aMillionRandomAndMutatedPacketsNeverThrowNorReadOutsideTheCapturedBytes() {
        List<CorpusPackets.Packet> corpus = CorpusPackets.all();
        Random random = new Random(SEED);
        PacketDecoder exact = new PacketDecoder();
        PacketDecoder offset = new PacketDecoder();
        int[] statuses = new int[DecodeStatus.values().length];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(1 << 18);
            MemorySegment sentinels = arena.allocate((1 << 18) + 2 * MARGIN).fill(SENTINEL);
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
                MemorySegment.copy(bytes, 0, buffer, ValueLayout.JAVA_BYTE, 0, bytes.length);
                DecodedPacket inExactSegment = exact.decode(buffer.asSlice(0, bytes.length), 0, bytes.length,
                        wireLength, linkType, i);
                MemorySegment.copy(bytes, 0, sentinels, ValueLayout.JAVA_BYTE, MARGIN, bytes.length);
                DecodedPacket amidSentinels = offset.decode(sentinels, MARGIN, bytes.length, wireLength, linkType, i);
                sentinels.asSlice(MARGIN, bytes.length).fill(SENTINEL);
                if (i % 16 == 0) {
                    assertEquals("", Fields.differences(inExactSegment, amidSentinels, Set.of()),
                            "packet " + i + " decoded differently at an offset amid sentinel bytes");
                } else {
                    assertEquals(inExactSegment.status(), amidSentinels.status(), "packet " + i);
                    assertEquals(inExactSegment.payloadOffset(), amidSentinels.payloadOffset(), "packet " + i);
                }
                statuses[inExactSegment.status().ordinal()]++;
            }
        }
        System.out.printf("Decoded %d random and mutated packets without an exception: OK %d, TRUNCATED %d, MALFORMED %d%n",
                RANDOM_PACKETS, statuses[0], statuses[1], statuses[2]);
        for (int count : statuses) {
            assertTrue(count > RANDOM_PACKETS / 100, "every status should be exercised");
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
