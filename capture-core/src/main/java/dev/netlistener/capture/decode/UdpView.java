// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * A UDP header (RFC 768).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            Length             |           Checksum            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Decoding: 8 bytes that do not fit the IP payload are MALFORMED, not captured TRUNCATED, both
 * with no fields. A length below 8 or beyond the IP payload is MALFORMED with the fields kept
 * (the header itself is whole), except that a first fragment's length counts the whole datagram;
 * a length of 0 in a payload over 65535 bytes is an IPv6 jumbogram's (RFC 2675 section 4) and fine.
 * What the datagram carries is decoded when a decoder is registered for its destination or
 * source port ({@link DecoderRegistry#registerUdpPort}): tunnels such as VXLAN and GTP-U.
 */
public final class UdpView extends HeaderView implements ProtocolDecoder {
    /** The header's length in bytes. */
    public static final int HEADER_LENGTH = 8;
    private static final int SOURCE_PORT = 0;
    private static final int DESTINATION_PORT = 2;
    private static final int LENGTH = 4;
    private static final int MAX_LENGTH = 0xFFFF;

    /** Creates a view that points at nothing until {@link #wrap} is called. */
    public UdpView() {
    }

    /**
     * Points at a header; false (view unchanged) when its 8 bytes are not all before {@code limit}.
     *
     * @param segment memory holding the packet
     * @param offset  where the header starts
     * @param limit   where the captured bytes end: nothing at or past it is read
     * @return true when the view now points at the header
     */
    public boolean wrap(MemorySegment segment, long offset, long limit) {
        return wrap(segment, offset, limit, HEADER_LENGTH);
    }

    /** {@return the source port} */
    public int sourcePort() {
        return NetworkOrder.u16(segment, offset + SOURCE_PORT);
    }

    /** {@return the destination port} */
    public int destinationPort() {
        return NetworkOrder.u16(segment, offset + DESTINATION_PORT);
    }

    /** {@return the UDP length field: header and data, in bytes} */
    public int length() {
        return NetworkOrder.u16(segment, offset + LENGTH);
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (offset + HEADER_LENGTH > end) {
            packet.malformed(Layer.UDP, Malformation.HEADER_EXCEEDS_IP_PAYLOAD);
            return;
        }
        if (!wrap(segment, offset, limit)) {
            packet.truncated(Layer.UDP);
            return;
        }
        // One read covers the header: ports, length, checksum.
        long header = NetworkOrder.i64(segment, offset + SOURCE_PORT);
        int length = (int) (header >>> 16) & 0xFFFF;
        int source = (int) (header >>> 48);
        int destination = (int) (header >>> 32) & 0xFFFF;
        packet.ports(source, destination);
        packet.udp(length);
        packet.headersEndAt(offset + HEADER_LENGTH);
        long ipPayload = end - offset;
        boolean fragment = packet.packet().isFragment();
        long datagramEnd = offset + length;
        if (length == 0 && ipPayload > MAX_LENGTH) {
            datagramEnd = end;
        } else if (length < HEADER_LENGTH) {
            packet.malformed(Layer.UDP, Malformation.UDP_LENGTH_TOO_SHORT);
            datagramEnd = end;
        } else if (length > ipPayload && !fragment) {
            packet.malformed(Layer.UDP, Malformation.UDP_LENGTH_EXCEEDS_IP_PAYLOAD);
            datagramEnd = end;
        }
        ProtocolDecoder payload = registry.udpPort(destination);
        if (payload == null) {
            payload = registry.udpPort(source);
        }
        if (payload != null) {
            payload.decode(segment, offset + HEADER_LENGTH, datagramEnd, limit, packet, registry);
        }
    }
}
