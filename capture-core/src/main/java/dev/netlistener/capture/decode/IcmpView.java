// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * The common start of ICMP (RFC 792) and ICMPv6 (RFC 4443 section 2.1) messages; what follows
 * depends on the type and is not decoded. In particular the datagram quoted by an error message
 * is not entered: its addresses and ports are not this packet's.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Message body (by type)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class IcmpView extends HeaderView implements ProtocolDecoder {
    /** The bytes every ICMP and ICMPv6 message starts with: type, code and checksum. */
    public static final int HEADER_LENGTH = 4;
    private static final int TYPE = 0;
    private static final int CODE = 1;

    private final Layer layer;

    /**
     * A view of ICMP or ICMPv6 messages, which share their first four bytes.
     *
     * @param layer {@link Layer#ICMP} or {@link Layer#ICMPV6}: the one problems are reported at
     */
    public IcmpView(Layer layer) {
        this.layer = layer;
    }

    /**
     * Points at a message; false (view unchanged) when its 4 common bytes are not all before {@code limit}.
     *
     * @param segment memory holding the packet
     * @param offset  where the header starts
     * @param limit   where the captured bytes end: nothing at or past it is read
     * @return true when the view now points at the header
     */
    public boolean wrap(MemorySegment segment, long offset, long limit) {
        return wrap(segment, offset, limit, HEADER_LENGTH);
    }

    /** {@return the message type} */
    public int type() {
        return NetworkOrder.u8(segment, offset + TYPE);
    }

    /** {@return the message code, which refines the type} */
    public int code() {
        return NetworkOrder.u8(segment, offset + CODE);
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (offset + HEADER_LENGTH > end) {
            packet.malformed(layer, Malformation.HEADER_EXCEEDS_IP_PAYLOAD);
            return;
        }
        if (!wrap(segment, offset, limit)) {
            packet.truncated(layer);
            return;
        }
        packet.icmp(type(), code());
        packet.headersEndAt(offset + HEADER_LENGTH);
    }
}
