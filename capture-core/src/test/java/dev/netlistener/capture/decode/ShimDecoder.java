// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A protocol added from outside the built-in set, to show that it takes one class and one
 * registration: a 4-byte shim under IEEE's local experimental EtherType, whose second half names
 * the EtherType of what follows.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Reserved            |       EtherType inside        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class ShimDecoder implements ProtocolDecoder {
    static final int ETHERTYPE = 0x88B5;
    private static final int HEADER_LENGTH = 4;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (limit - offset < HEADER_LENGTH) {
            packet.truncated(Layer.OTHER);
            return;
        }
        packet.headersEndAt(offset + HEADER_LENGTH);
        int inside = Short.toUnsignedInt(segment.get(U16, offset + 2));
        registry.decodeEtherType(inside, segment, offset + HEADER_LENGTH, end, limit, packet);
    }
}
