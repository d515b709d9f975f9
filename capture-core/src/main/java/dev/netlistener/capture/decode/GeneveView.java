// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * A Geneve header (RFC 8926 section 3.4; UDP port 6081) and its options, which are skipped.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Virtual Network Identifier (VNI)       |    Reserved   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Options (Opt Len x 4 bytes)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The protocol type is an EtherType (0x6558 an Ethernet frame). A tunnel ({@link Tunnel#GENEVE})
 * identified by its VNI. A header not captured is TRUNCATED, one past the UDP datagram
 * MALFORMED; a version other than 0 is no Geneve, and the datagram stays plain UDP.
 */
public final class GeneveView extends HeaderView implements ProtocolDecoder {
    /** The header's length without options, in bytes. */
    public static final int MINIMUM_HEADER_LENGTH = 8;
    /** Geneve's IANA-assigned UDP port. */
    public static final int UDP_PORT = 6081;

    /** Creates the decoder; it holds a view, so it serves one registry (one thread). */
    public GeneveView() {
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (!fits(offset + MINIMUM_HEADER_LENGTH, end, limit, packet, Layer.GENEVE)) {
            return;
        }
        long header = NetworkOrder.i64(segment, offset);
        if (header >>> 62 != 0) {
            // Only the UDP port said Geneve: a datagram of another version is plain UDP.
            return;
        }
        long length = MINIMUM_HEADER_LENGTH + (header >>> 56 & 0x3F) * 4;
        if (!fits(offset + length, end, limit, packet, Layer.GENEVE)) {
            return;
        }
        packet.headersEndAt(offset + length);
        registry.decodeInTunnel(Tunnel.GENEVE, header >>> 8 & 0xFF_FFFF, (int) (header >>> 32) & 0xFFFF, segment,
                offset + length, end, limit, packet);
    }
}
