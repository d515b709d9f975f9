// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.Allocations;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoding allocates nothing: the thread's allocation counter stands still over 100,000 packets of
 * the corpus and the tunnel corpus (beyond what reading the counter itself costs, measured over an
 * empty window), whether a tunnelled packet keeps its innermost or its outermost layers' fields;
 * nor does copying each packet's name (DNS query, TLS server name, HTTP Host) into a byte array.
 */
class DecodeAllocationTest {
    private static final int MEASURED = 100_000;
    private static final int WARM_UP_ROUNDS = 20;
    /** Slack for a stray allocation outside the decoder (a JIT deoptimisation); far below one byte per decode. */
    private static final long TOLERANCE = 256;

    @ParameterizedTest(name = "keep outermost layers: {0}")
    @ValueSource(booleans = {false, true})
    void decodingTheCorpusAllocatesNothing(boolean keepOutermostLayers) {
        List<CorpusPackets.Packet> corpus = new ArrayList<>(CorpusPackets.all());
        corpus.addAll(CorpusPackets.tunnels());
        int count = corpus.size();
        long[] offsets = new long[count];
        int[] lengths = new int[count];
        int[] wireLengths = new int[count];
        int[] linkTypes = new int[count];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment packets = arena.allocate(corpus.stream().mapToLong(p -> p.bytes().length).sum());
            long offset = 0;
            for (int i = 0; i < count; i++) {
                CorpusPackets.Packet packet = corpus.get(i);
                MemorySegment.copy(packet.bytes(), 0, packets, ValueLayout.JAVA_BYTE, offset, packet.bytes().length);
                offsets[i] = offset;
                lengths[i] = packet.bytes().length;
                wireLengths[i] = packet.wireLength();
                linkTypes[i] = packet.linkType();
                offset += packet.bytes().length;
            }
            PacketDecoder decoder = new PacketDecoder(DecoderRegistry.standard(), keepOutermostLayers);
            long checksum = 0;
            byte[] name = new byte[DnsNames.MAX_TEXT];
            for (int i = 0; i < WARM_UP_ROUNDS * count; i++) {
                int p = i % count;
                checksum += decodeAndCopyName(decoder, packets, offsets[p], lengths[p], wireLengths[p], linkTypes[p], i,
                        name);
            }
            long emptyWindow = Allocations.emptyWindow();
            long before = Allocations.currentThread();
            for (int i = 0; i < MEASURED; i++) {
                int p = i % count;
                checksum += decodeAndCopyName(decoder, packets, offsets[p], lengths[p], wireLengths[p], linkTypes[p], i,
                        name);
            }
            long allocated = Allocations.currentThread() - before - emptyWindow;
            System.out.println("Allocated " + allocated + " bytes over " + MEASURED + " decodes (checksum " + checksum + ")");
            assertTrue(allocated <= TOLERANCE, allocated + " bytes allocated by " + MEASURED + " decodes");
        }
    }

    private static long decodeAndCopyName(PacketDecoder decoder, MemorySegment packets, long offset, int length,
                                          int wireLength, int linkType, int i, byte[] name) {
        DecodedPacket packet = decoder.decode(packets, offset, length, wireLength, linkType, i);
        packet.copyName(packets, name, 0);
        return packet.sourcePort() + name[0];
    }
}
