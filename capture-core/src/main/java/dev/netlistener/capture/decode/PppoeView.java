// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * A PPPoE header (RFC 2516 section 4): EtherType 0x8863 for the discovery stage, 0x8864 for the
 * session stage, whose payload is a PPP frame (without address and control bytes); also the
 * whole link header of DLT_PPP_ETHER.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  VER  | TYPE  |      CODE     |          SESSION_ID           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            LENGTH             |           payload             ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Decoding: 6 bytes not captured are TRUNCATED, a version or type other than 1 MALFORMED, both
 * with nothing recorded. A discovery packet carries tags, no packet: decoding ends after its
 * header. A session packet is a tunnel ({@link Tunnel#PPPOE}, identified by its session id)
 * around the PPP frame; a LENGTH beyond the frame is MALFORMED and the bytes captured are decoded.
 */
public final class PppoeView extends HeaderView implements ProtocolDecoder {
    /** The PPPoE header's length: version and type, code, session id and length. */
    public static final int HEADER_LENGTH = 6;
    private static final int VERSION_TYPE_1_1 = 0x11;

    private final boolean session;
    private final PppView ppp = new PppView();

    /**
     * A decoder of one PPPoE stage.
     *
     * @param session true for the session stage (0x8864), false for discovery (0x8863)
     */
    public PppoeView(boolean session) {
        this.session = session;
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (!wrap(segment, offset, limit, HEADER_LENGTH)) {
            packet.truncated(Layer.PPPOE);
            return;
        }
        // Version, type, code and session id in one read; the length in a second.
        int first = NetworkOrder.i32(segment, offset);
        if (first >>> 24 != VERSION_TYPE_1_1) {
            packet.malformed(Layer.PPPOE, Malformation.VERSION_UNKNOWN);
            return;
        }
        long payload = offset + HEADER_LENGTH;
        packet.headersEndAt(payload);
        if (!session) {
            return;
        }
        long payloadEnd = payload + NetworkOrder.u16(segment, offset + 4);
        if (payloadEnd > end) {
            packet.malformed(Layer.PPPOE, Malformation.TUNNEL_LENGTH_EXCEEDS_PACKET);
            payloadEnd = end;
        }
        long sessionId = first & 0xFFFF;
        if (!ppp.wrap(segment, payload, limit, false)) {
            packet.truncated(Layer.PPP);
            return;
        }
        long inner = payload + ppp.length();
        if (inner > payloadEnd) {
            packet.malformed(Layer.PPP, Malformation.TUNNEL_LENGTH_EXCEEDS_PACKET);
            return;
        }
        packet.headersEndAt(inner);
        registry.decodeInTunnel(Tunnel.PPPOE, sessionId, ppp.etherType(), segment, inner, payloadEnd, limit, packet);
    }
}
