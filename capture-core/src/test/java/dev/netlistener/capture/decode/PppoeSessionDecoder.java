package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A protocol added from outside the built-in set, to show that it takes one class and one
 * registration: the PPPoE session stage (RFC 2516), whose PPP protocol field leads to IPv4 or IPv6.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  VER  | TYPE  |      CODE     |          SESSION_ID           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            LENGTH             |         PPP protocol          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
final class PppoeSessionDecoder implements ProtocolDecoder {
    static final int ETHERTYPE = 0x8864;
    private static final int HEADER_LENGTH = 8;
    private static final int PPP_PROTOCOL = 6;
    private static final int PPP_IPV4 = 0x0021;
    private static final int PPP_IPV6 = 0x0057;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, DecodedPacket packet,
                       DecoderRegistry registry) {
        if (limit - offset < HEADER_LENGTH) {
            packet.truncated(Layer.OTHER);
            return;
        }
        packet.headersEndAt(offset + HEADER_LENGTH);
        int etherType = switch (Short.toUnsignedInt(segment.get(U16, offset + PPP_PROTOCOL))) {
            case PPP_IPV4 -> DecoderRegistry.ETHERTYPE_IPV4;
            case PPP_IPV6 -> DecoderRegistry.ETHERTYPE_IPV6;
            default -> -1;
        };
        registry.decodeEtherType(etherType, segment, offset + HEADER_LENGTH, end, limit, packet);
    }
}
