// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * An Ethernet II / IEEE 802.3 header (DLT_EN10MB), without preamble or FCS.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination MAC address                    |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                      Source MAC address                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     EtherType or length       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * A type/length value up to 1500 is an 802.3 length (an LLC header follows, never IP), as
 * tcpdump and Wireshark read it; anything larger is an EtherType.
 */
public final class EthernetView extends HeaderView implements ProtocolDecoder {
    /** The header's length: two MACs and the type/length field. */
    public static final int HEADER_LENGTH = 14;
    /** The largest 802.3 length; a larger type/length field is an EtherType. */
    public static final int MAX_8023_LENGTH = 1500;
    private static final int DESTINATION = 0;
    private static final int SOURCE = 6;
    private static final int TYPE_OR_LENGTH = 12;

    /** Creates a view that points at nothing until {@link #wrap} is called. */
    public EthernetView() {
    }

    /**
     * Points at a header; false (view unchanged) when its 14 bytes are not all before {@code limit}.
     *
     * @param segment memory holding the packet
     * @param offset  where the header starts
     * @param limit   where the captured bytes end: nothing at or past it is read
     * @return true when the view now points at the header
     */
    public boolean wrap(MemorySegment segment, long offset, long limit) {
        return wrap(segment, offset, limit, HEADER_LENGTH);
    }

    /** {@return the destination MAC, 48 bits in the low bits} */
    public long destination() {
        return NetworkOrder.mac(segment, offset + DESTINATION);
    }

    /** {@return the source MAC, 48 bits in the low bits} */
    public long source() {
        return NetworkOrder.mac(segment, offset + SOURCE);
    }

    /** {@return the EtherType, or an 802.3 length when at most {@value #MAX_8023_LENGTH}} */
    public int typeOrLength() {
        return NetworkOrder.u16(segment, offset + TYPE_OR_LENGTH);
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (!wrap(segment, offset, limit)) {
            packet.truncated(Layer.LINK);
            return;
        }
        // Two reads cover the 14 bytes (fewer bounds-checked reads is most of a decoder's speed):
        // the destination and two bytes of the source, then the source and the type.
        long destinationFirst = NetworkOrder.i64(segment, offset + DESTINATION);
        long sourceType = NetworkOrder.i64(segment, offset + SOURCE);
        packet.ethernet(sourceType >>> 16, destinationFirst >>> 16);
        packet.headersEndAt(offset + HEADER_LENGTH);
        decodeTypeOrLength((int) sourceType & 0xFFFF, segment, offset + HEADER_LENGTH, end, limit, packet, registry);
    }

    /**
     * Records an EtherType and decodes what it carries; an 802.3 length (up to 1500) means no
     * EtherType. Shared by every header with an EtherType-or-length field (cooked captures, tags).
     */
    static void decodeTypeOrLength(int typeOrLength, MemorySegment segment, long offset, long end, long limit,
                                   PacketRecorder packet, DecoderRegistry registry) {
        if (typeOrLength <= MAX_8023_LENGTH) {
            packet.etherType(-1);
            return;
        }
        packet.etherType(typeOrLength);
        registry.decodeEtherType(typeOrLength, segment, offset, end, limit, packet);
    }
}
