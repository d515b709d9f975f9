// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * A VXLAN header (RFC 7348 section 5; UDP port 4789) in front of an Ethernet frame.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|R|R|R|I|R|R|R|            Reserved                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                VXLAN Network Identifier (VNI) |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * A tunnel ({@link Tunnel#VXLAN}) identified by its VNI when the I flag says the VNI is valid. 8
 * bytes not captured are TRUNCATED, 8 bytes past the UDP datagram MALFORMED.
 */
public final class VxlanView extends HeaderView implements ProtocolDecoder {
    /** The header's length in bytes. */
    public static final int HEADER_LENGTH = 8;
    /** VXLAN's IANA-assigned UDP port. */
    public static final int UDP_PORT = 4789;
    private static final long VNI_VALID = 0x08L << 56;

    /** Creates the decoder; it holds a view, so it serves one registry (one thread). */
    public VxlanView() {
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (!fits(offset + HEADER_LENGTH, end, limit, packet, Layer.VXLAN)) {
            return;
        }
        long header = NetworkOrder.i64(segment, offset);
        long vni = (header & VNI_VALID) != 0 ? header >>> 8 & 0xFF_FFFF : -1;
        packet.headersEndAt(offset + HEADER_LENGTH);
        registry.decodeInTunnel(Tunnel.VXLAN, vni, DecoderRegistry.ETHERTYPE_TRANSPARENT_ETHERNET, segment,
                offset + HEADER_LENGTH, end, limit, packet);
    }
}
