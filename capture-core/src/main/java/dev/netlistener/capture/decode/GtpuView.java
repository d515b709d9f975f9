// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * A GTP-U header (3GPP TS 29.281 section 5; UDP port 2152), the user plane of mobile networks
 * (the N3 and S1-U interfaces), with its optional fields and extension headers.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|P|R|E|S|N| Message Type  |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Tunnel Endpoint Identifier (TEID)              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Sequence Number (E, S or N) |  N-PDU Number | Next Ext. Type|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * Extension header, while the next type is not 0:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Length (x4)   |  Contents ...                 | Next Ext. Type|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * (Version 3 bits, P = protocol type 1 for GTP, the {@code 3} bit spare.) Length counts what
 * follows the first 8 bytes. A G-PDU (message type 255) carries a user's IPv4 or IPv6 packet: a
 * tunnel ({@link Tunnel#GTPU}) identified by the TEID; other messages (echo, error indication,
 * end marker) carry none. A version other than 1, or GTP' (P = 0), is no GTP-U: the datagram
 * stays plain UDP, since only its port suggested GTP-U. A header not captured is TRUNCATED; an
 * extension header of length 0, or headers past the datagram, are MALFORMED, and a Length past
 * the datagram is MALFORMED with the bytes captured decoded.
 */
public final class GtpuView extends HeaderView implements ProtocolDecoder {
    /** The mandatory part of the header, in bytes. */
    public static final int MANDATORY_LENGTH = 8;
    /** The optional fields (sequence number, N-PDU number, next extension type), present when any flag asks for one. */
    public static final int OPTIONAL_LENGTH = 4;
    /** GTP-U's UDP port. */
    public static final int UDP_PORT = 2152;
    /** Message type of a G-PDU, the one that carries a user packet. */
    public static final int MESSAGE_G_PDU = 0xFF;
    private static final int VERSION_1_GTP = 0x30;
    private static final int VERSION_PROTOCOL = 0xF0;
    private static final int EXTENSION = 0x04;
    private static final int ANY_OPTIONAL = 0x07;

    /** Creates the decoder; it holds a view, so it serves one registry (one thread). */
    public GtpuView() {
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (!fits(offset + MANDATORY_LENGTH, end, limit, packet, Layer.GTPU)) {
            return;
        }
        long header = NetworkOrder.i64(segment, offset);
        int flags = (int) (header >>> 56);
        if ((flags & VERSION_PROTOCOL) != VERSION_1_GTP) {
            // Only the UDP port said GTP-U: a datagram that is not GTP-U version 1 is plain UDP.
            return;
        }
        int messageType = (int) (header >>> 48) & 0xFF;
        long payloadEnd = offset + MANDATORY_LENGTH + ((header >>> 32) & 0xFFFF);
        long teid = header & 0xFFFF_FFFFL;
        long position = offset + MANDATORY_LENGTH;
        if ((flags & ANY_OPTIONAL) != 0) {
            position = extensionsEnd(segment, position, (flags & EXTENSION) != 0, end, limit, packet);
            if (position < 0) {
                return;
            }
        }
        packet.headersEndAt(position);
        if (payloadEnd > end) {
            packet.malformed(Layer.GTPU, Malformation.TUNNEL_LENGTH_EXCEEDS_PACKET);
            payloadEnd = end;
        }
        if (messageType != MESSAGE_G_PDU || position >= payloadEnd) {
            packet.tunnelWithoutPacket(Tunnel.GTPU, teid);
            return;
        }
        if (position >= limit) {
            packet.truncated(Layer.GTPU);
            return;
        }
        int etherType = switch (NetworkOrder.u8(segment, position) >>> 4) {
            case 4 -> DecoderRegistry.ETHERTYPE_IPV4;
            case 6 -> DecoderRegistry.ETHERTYPE_IPV6;
            default -> -1;
        };
        registry.decodeInTunnel(Tunnel.GTPU, teid, etherType, segment, position, payloadEnd, limit, packet);
    }

    /**
     * Where the optional fields starting at {@code position}, and the extension headers they may
     * announce, end; -1 after recording why they cannot be walked. Each extension header is at
     * least 4 bytes, so the walk ends within the datagram.
     */
    private static long extensionsEnd(MemorySegment segment, long position, boolean extensions, long end, long limit,
                                      PacketRecorder packet) {
        if (!fits(position + OPTIONAL_LENGTH, end, limit, packet, Layer.GTPU)) {
            return -1;
        }
        int next = extensions ? NetworkOrder.u8(segment, position + 3) : 0;
        position += OPTIONAL_LENGTH;
        while (next != 0) {
            if (!fits(position + 1, end, limit, packet, Layer.GTPU)) {
                return -1;
            }
            int length = NetworkOrder.u8(segment, position) * 4;
            if (length == 0) {
                packet.malformed(Layer.GTPU, Malformation.TUNNEL_HEADER_INCONSISTENT);
                return -1;
            }
            if (!fits(position + length, end, limit, packet, Layer.GTPU)) {
                return -1;
            }
            next = NetworkOrder.u8(segment, position + length - 1);
            position += length;
        }
        return position;
    }
}
