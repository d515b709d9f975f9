// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * A GRE header (IP protocol 47): version 0 (RFC 2784, with RFC 2890's key and sequence number,
 * and RFC 1701's routing) and version 1, the enhanced GRE of PPTP (RFC 2637 section 4.1).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |C|R|K|S|s|Recur|A| Flags | Ver |         Protocol Type         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Checksum (C or R)        |       Offset (C or R)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Key (K); version 1: payload length and call id (16 each)   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   Sequence Number (S)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Acknowledgment Number (A, version 1 only)              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Routing (R, version 0 only): source route entries, the last  |
 * |  with address family 0 and length 0                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * What it carries: the protocol type is an EtherType (IPv4, IPv6, MPLS, 0x6558 an Ethernet
 * frame), or PPP (0x880B, PPTP), ERSPAN (0x88BE types I and II, 0x22EB type III, see
 * {@link ErspanView}), or Cisco metadata (0x8909: the EtherType of what follows, then six bytes
 * of tags). The header is a tunnel ({@link Tunnel#GRE}) identified by its key, for PPTP the call
 * id. A header not captured is TRUNCATED; one running past the IP payload, or of a version other
 * than 0 and 1, is MALFORMED.
 */
public final class GreView extends HeaderView implements ProtocolDecoder {
    /** The header's length without checksum, key or sequence number, in bytes. */
    public static final int MINIMUM_HEADER_LENGTH = 4;
    /** GRE protocol type of PPP (PPTP). */
    public static final int PROTOCOL_PPP = 0x880B;
    /** GRE protocol type of ERSPAN types I and II. */
    public static final int PROTOCOL_ERSPAN_I_II = 0x88BE;
    /** GRE protocol type of ERSPAN type III. */
    public static final int PROTOCOL_ERSPAN_III = 0x22EB;
    /** GRE protocol type of Cisco metadata, in front of the carried packet. */
    public static final int PROTOCOL_CISCO_METADATA = 0x8909;
    private static final int CHECKSUM = 0x8000;
    private static final int ROUTING = 0x4000;
    private static final int KEY = 0x2000;
    private static final int SEQUENCE = 0x1000;
    private static final int ACKNOWLEDGEMENT = 0x0080;
    private static final int VERSION = 0x0007;
    private static final int ENHANCED = 1;
    private static final int CISCO_METADATA_LENGTH = 8;
    private static final int SOURCE_ROUTE_ENTRY_HEADER = 4;

    private final PppView ppp = new PppView();
    private final ErspanView erspan = new ErspanView();

    /** Creates the decoder; it holds a view, so it serves one registry (one thread). */
    public GreView() {
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (offset + MINIMUM_HEADER_LENGTH > end) {
            packet.malformed(Layer.GRE, Malformation.HEADER_EXCEEDS_IP_PAYLOAD);
            return;
        }
        if (!wrap(segment, offset, limit, MINIMUM_HEADER_LENGTH)) {
            packet.truncated(Layer.GRE);
            return;
        }
        int first = NetworkOrder.i32(segment, offset);
        int flags = first >>> 16;
        int protocol = first & 0xFFFF;
        int version = flags & VERSION;
        if (version > ENHANCED) {
            packet.malformed(Layer.GRE, Malformation.VERSION_UNKNOWN);
            return;
        }
        long position = offset + MINIMUM_HEADER_LENGTH;
        if (version == 0 && (flags & (CHECKSUM | ROUTING)) != 0) {
            position += 4;
        }
        long keyAt = position;
        position += (flags & KEY) != 0 ? 4 : 0;
        position += (flags & SEQUENCE) != 0 ? 4 : 0;
        position += version == ENHANCED && (flags & ACKNOWLEDGEMENT) != 0 ? 4 : 0;
        if (!fits(position, end, limit, packet)) {
            return;
        }
        if (version == 0 && (flags & ROUTING) != 0) {
            position = routingEnd(segment, position, end, limit, packet);
            if (position < 0) {
                return;
            }
        }
        packet.headersEndAt(position);
        long key = (flags & KEY) == 0 ? -1
                : version == ENHANCED ? NetworkOrder.u16(segment, keyAt + 2) : NetworkOrder.u32Unsigned(segment, keyAt);
        if (position >= end) {
            // Nothing carried: a keepalive, or a PPTP packet that only acknowledges.
            packet.tunnelWithoutPacket(Tunnel.GRE, key);
            return;
        }
        switch (protocol) {
            case PROTOCOL_ERSPAN_I_II, PROTOCOL_ERSPAN_III -> {
                long innerEnd = packet.enterTunnel(Tunnel.GRE, key, false, end);
                if (innerEnd >= 0) {
                    erspan.decode(segment, position, innerEnd, limit, packet, registry, protocol == PROTOCOL_ERSPAN_III,
                            (flags & SEQUENCE) != 0);
                }
            }
            case PROTOCOL_PPP -> {
                if (!ppp.wrap(segment, position, limit, true)) {
                    packet.truncated(Layer.PPP);
                    return;
                }
                packet.headersEndAt(position + ppp.length());
                registry.decodeInTunnel(Tunnel.GRE, key, ppp.etherType(), segment, position + ppp.length(), end, limit,
                        packet);
            }
            case PROTOCOL_CISCO_METADATA -> {
                if (!fits(position + CISCO_METADATA_LENGTH, end, limit, packet)) {
                    return;
                }
                packet.headersEndAt(position + CISCO_METADATA_LENGTH);
                registry.decodeInTunnel(Tunnel.GRE, key, NetworkOrder.u16(segment, position), segment,
                        position + CISCO_METADATA_LENGTH, end, limit, packet);
            }
            default -> registry.decodeInTunnel(Tunnel.GRE, key, protocol, segment, position, end, limit, packet);
        }
    }

    private static boolean fits(long position, long end, long limit, PacketRecorder packet) {
        return fits(position, end, limit, packet, Layer.GRE, Malformation.HEADER_EXCEEDS_IP_PAYLOAD);
    }

    /**
     * Where RFC 1701's source route entries starting at {@code position} end, after the null
     * entry; -1 after recording why they cannot be walked. Each entry is at least 4 bytes, so
     * the walk ends within the payload.
     */
    private static long routingEnd(MemorySegment segment, long position, long end, long limit, PacketRecorder packet) {
        while (true) {
            if (!fits(position + SOURCE_ROUTE_ENTRY_HEADER, end, limit, packet)) {
                return -1;
            }
            int entry = NetworkOrder.i32(segment, position);
            int family = entry >>> 16;
            int length = entry & 0xFF;
            position += SOURCE_ROUTE_ENTRY_HEADER + length;
            if (family == 0 && length == 0) {
                return position;
            }
        }
    }
}
