// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.pcap.LibPcap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of decoding: headers written from random values decode back to those values, and
 * random or mutated bytes never make a decoder throw or read past the captured bytes (each
 * packet sits in a segment of exactly its captured length, so an overrun would throw).
 * HostileInputTest runs the large, seeded versions.
 */
class DecoderPropertiesTest {
    static final int[] LINK_TYPES = {LibPcap.DLT_EN10MB, LibPcap.DLT_LINUX_SLL, LibPcap.DLT_LINUX_SLL2,
            LibPcap.DLT_NULL, LibPcap.DLT_LOOP, 12, 14, LibPcap.LINKTYPE_RAW, LibPcap.DLT_IPV4, LibPcap.DLT_IPV6,
            LinkType.PPP, LinkType.PPP_SERIAL, LinkType.PPP_ETHER, LinkType.C_HDLC, 147, 65000};

    private final PacketDecoder decoder = new PacketDecoder();

    @Property(tries = 5000)
    void decodesRandomHeadersBackToTheFieldsWritten(@ForAll("randomPackets") RandomPacket packet) {
        byte[] bytes = packet.bytes();
        try (Arena arena = Arena.ofConfined()) {
            DecodedPacket decoded = decoder.decode(exactCopy(arena, bytes), 0, bytes.length, bytes.length,
                    packet.linkType(), 0);
            assertEquals("", Fields.differences(packet.expected(), decoded, Set.of()), packet::toString);
        }
    }

    @Property(tries = 5000)
    void randomBytesNeverThrowNorReadPastTheCapturedBytes(@ForAll @Size(max = 256) byte[] bytes,
                                                           @ForAll("linkTypes") int linkType,
                                                           @ForAll @IntRange(max = 70000) int wireLength) {
        checkDecodesConsistently(bytes, wireLength, linkType, () -> linkType + " " + HexFormat.of().formatHex(bytes));
    }

    @Property(tries = 5000)
    void mutatedCorpusPacketsNeverThrowNorReadPastTheCapturedBytes(@ForAll("corpusIndexes") int index,
                                                                    @ForAll long seed) {
        CorpusPackets.Packet packet = CorpusPackets.all().get(index);
        byte[] bytes = Mutation.mutate(packet.bytes(), new Random(seed));
        checkDecodesConsistently(bytes, packet.wireLength(), packet.linkType(),
                () -> packet + " mutated to " + HexFormat.of().formatHex(bytes));
    }

    /**
     * Whatever the bytes, decoding returns without an exception (a read past the exact segment
     * would throw) a result that agrees with itself: the record fields as given, headers ending
     * within the captured bytes, a problem layer exactly when the status is not OK, a reason
     * exactly when it is MALFORMED, and the same fields as a decoder that never saw another packet
     * (nothing left over from the previous try).
     */
    private void checkDecodesConsistently(byte[] bytes, int wireLength, int linkType, Supplier<String> what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = exactCopy(arena, bytes);
            DecodedPacket decoded = assertDoesNotThrow(
                    () -> decoder.decode(segment, 0, bytes.length, wireLength, linkType, 0), what);
            assertEquals(bytes.length, decoded.capturedLength(), what);
            assertEquals(wireLength, decoded.wireLength(), what);
            assertEquals(linkType, decoded.linkType(), what);
            assertTrue(decoded.payloadOffset() >= 0 && decoded.payloadOffset() <= bytes.length,
                    () -> "payload offset " + decoded.payloadOffset() + ": " + what.get());
            assertEquals(decoded.status() == DecodeStatus.OK, decoded.statusLayer() == Layer.NONE, what);
            assertEquals(decoded.status() == DecodeStatus.MALFORMED, decoded.malformation() != Malformation.NONE, what);
            if (Integer.compareUnsigned(wireLength, bytes.length) < 0) {
                assertEquals(Malformation.WIRE_LENGTH_BELOW_CAPTURED_LENGTH, decoded.malformation(), what);
            }
            DecodedPacket fresh = new PacketDecoder().decode(segment, 0, bytes.length, wireLength, linkType, 0);
            assertEquals("", Fields.differences(fresh, decoded, Set.of()), what);
        }
    }

    @Provide
    Arbitrary<RandomPacket> randomPackets() {
        return Arbitraries.randomValue(RandomPacket::generate);
    }

    @Provide
    Arbitrary<Integer> linkTypes() {
        return Arbitraries.of(Arrays.stream(LINK_TYPES).boxed().toList());
    }

    @Provide
    Arbitrary<Integer> corpusIndexes() {
        return Arbitraries.integers().between(0, CorpusPackets.all().size() - 1);
    }

    /** The bytes in a native segment of exactly their length: reading one byte more throws. */
    static MemorySegment exactCopy(Arena arena, byte[] bytes) {
        MemorySegment segment = arena.allocate(Math.max(bytes.length, 1)).asSlice(0, bytes.length);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return segment;
    }
}
