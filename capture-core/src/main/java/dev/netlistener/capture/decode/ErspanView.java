// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * Cisco's ERSPAN header inside GRE (draft-foschiano-erspan), in front of a mirrored frame. Type I
 * (GRE protocol 0x88BE without a sequence number) has no header at all; type II (0x88BE with a
 * sequence number) has 8 bytes, type III (0x22EB) 12, and 8 more when its O bit is set.
 *
 * <pre>
 * Type II:
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Ver  |          VLAN         | COS | En|T|    Session ID     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Reserved         |                  Index                |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Type III:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Ver  |          VLAN         | COS |BSO|T|     Session ID    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Timestamp                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             SGT               |P|    FT   |   Hw ID   |D|Gra|O|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Platform-specific subheader (8 bytes, when O)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The mirrored frame is Ethernet, except in type III with frame type (FT) 2, an IP packet. The
 * header is a tunnel ({@link Tunnel#ERSPAN}) identified by its session id (type I has none). Ver
 * must be 1 (type II) or 2 (type III), else MALFORMED.
 */
final class ErspanView extends HeaderView {
    static final int TYPE_II_LENGTH = 8;
    static final int TYPE_III_LENGTH = 12;
    static final int PLATFORM_SUBHEADER_LENGTH = 8;
    private static final int VERSION_II = 1;
    private static final int VERSION_III = 2;
    private static final int FRAME_TYPE_IP = 2;

    /**
     * Decodes the header at {@code offset} and the frame it carries.
     *
     * @param typeIII     the GRE protocol was 0x22EB
     * @param greSequence the GRE header had a sequence number (with 0x88BE: type II, else type I)
     */
    void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                DecoderRegistry registry, boolean typeIII, boolean greSequence) {
        if (!typeIII && !greSequence) {
            registry.decodeInTunnel(Tunnel.ERSPAN, -1, DecoderRegistry.ETHERTYPE_TRANSPARENT_ETHERNET, segment, offset,
                    end, limit, packet);
            return;
        }
        int length = typeIII ? TYPE_III_LENGTH : TYPE_II_LENGTH;
        if (!fits(offset + length, end, limit, packet, Layer.ERSPAN)) {
            return;
        }
        int first = NetworkOrder.i32(segment, offset);
        if (first >>> 28 != (typeIII ? VERSION_III : VERSION_II)) {
            packet.malformed(Layer.ERSPAN, Malformation.VERSION_UNKNOWN);
            return;
        }
        int etherType = DecoderRegistry.ETHERTYPE_TRANSPARENT_ETHERNET;
        if (typeIII) {
            int word = NetworkOrder.i32(segment, offset + 8);
            if ((word & 1) != 0) {
                length += PLATFORM_SUBHEADER_LENGTH;
                if (!fits(offset + length, end, limit, packet, Layer.ERSPAN)) {
                    // The header itself is whole: the tunnel and its span id are known, what it carries is not.
                    packet.tunnelWithoutPacket(Tunnel.ERSPAN, first & 0x3FF);
                    return;
                }
            }
            if ((word >>> 10 & 0x1F) == FRAME_TYPE_IP) {
                etherType = offset + length < limit && NetworkOrder.u8(segment, offset + length) >>> 4 == 6
                        ? DecoderRegistry.ETHERTYPE_IPV6 : DecoderRegistry.ETHERTYPE_IPV4;
            }
        }
        packet.headersEndAt(offset + length);
        registry.decodeInTunnel(Tunnel.ERSPAN, first & 0x3FF, etherType, segment, offset + length, end, limit, packet);
    }
}
