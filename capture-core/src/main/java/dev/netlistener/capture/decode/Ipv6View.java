// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * An IPv6 header (RFC 8200 section 3) and its chain of extension headers (section 4, walked with
 * an {@link Ipv6ExtensionView}) up to the upper-layer protocol.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version| Traffic Class |              Flow Label               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                    Source Address (16 bytes)                  +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                 Destination Address (16 bytes)                +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Decoding: a header whose 40 bytes are not captured is TRUNCATED with no fields; a version
 * other than 6 is MALFORMED with no fields. A payload length of 0 with a hop-by-hop header is a
 * jumbogram (RFC 2675): the Jumbo Payload option gives the length. A payload length beyond the
 * frame on the wire is MALFORMED, and decoding goes on over the bytes captured. An extension
 * header running past the payload is MALFORMED, one cut by the capture TRUNCATED; either way the
 * upper-layer protocol stays unknown (-1). ESP (50) and No Next Header (59) end the chain as
 * upper-layer protocols; so does any number this class does not know as an extension header.
 */
public final class Ipv6View extends HeaderView implements ProtocolDecoder {
    /** The fixed IPv6 header's length in bytes. */
    public static final int HEADER_LENGTH = 40;
    private static final int PAYLOAD_LENGTH = 4;
    private static final int NEXT_HEADER = 6;
    private static final int HOP_LIMIT = 7;
    private static final int SOURCE = 8;
    private static final int DESTINATION = 24;

    private final Ipv6ExtensionView extension = new Ipv6ExtensionView();

    /** Creates a view that points at nothing until {@link #wrap} is called. */
    public Ipv6View() {
    }

    /**
     * Points at a header; false (view unchanged) when its 40 bytes are not all before {@code limit}.
     *
     * @param segment memory holding the packet
     * @param offset  where the header starts
     * @param limit   where the captured bytes end: nothing at or past it is read
     * @return true when the view now points at the header
     */
    public boolean wrap(MemorySegment segment, long offset, long limit) {
        return wrap(segment, offset, limit, HEADER_LENGTH);
    }

    /** {@return the version nibble: 6 for a well-formed header} */
    public int version() {
        return NetworkOrder.u8(segment, offset) >>> 4;
    }

    /** {@return the payload length field: bytes after the fixed header, extension headers included; 0 with a jumbo payload} */
    public int payloadLength() {
        return NetworkOrder.u16(segment, offset + PAYLOAD_LENGTH);
    }

    /** {@return the first header after this one: an extension header or the upper-layer protocol} */
    public int nextHeader() {
        return NetworkOrder.u8(segment, offset + NEXT_HEADER);
    }

    /** {@return the hop limit} */
    public int hopLimit() {
        return NetworkOrder.u8(segment, offset + HOP_LIMIT);
    }

    /** {@return the source address's first 64 bits} */
    public long sourceHigh() {
        return NetworkOrder.i64(segment, offset + SOURCE);
    }

    /** {@return the source address's last 64 bits} */
    public long sourceLow() {
        return NetworkOrder.i64(segment, offset + SOURCE + 8);
    }

    /** {@return the destination address's first 64 bits} */
    public long destinationHigh() {
        return NetworkOrder.i64(segment, offset + DESTINATION);
    }

    /** {@return the destination address's last 64 bits} */
    public long destinationLow() {
        return NetworkOrder.i64(segment, offset + DESTINATION + 8);
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (!wrap(segment, offset, limit)) {
            packet.truncated(Layer.IPV6);
            return;
        }
        // One read for version, traffic class, flow label, payload length, next header and hop limit.
        long first = NetworkOrder.i64(segment, offset);
        if ((int) (first >>> 60) != 6) {
            packet.malformed(Layer.IPV6, Malformation.IP_VERSION_MISMATCH);
            return;
        }
        int next = (int) (first >>> 8) & 0xFF;
        int payloadLength = (int) (first >>> 16) & 0xFFFF;
        packet.ipv6(sourceHigh(), sourceLow(), destinationHigh(), destinationLow(), next, (int) first & 0xFF);
        long position = offset + HEADER_LENGTH;
        packet.headersEndAt(position);
        long payloadEnd = position + payloadLength;
        if (payloadLength == 0 && next == Ipv6ExtensionView.HOP_BY_HOP) {
            payloadEnd = jumboPayloadEnd(segment, position, limit, packet);
            if (payloadEnd < 0) {
                return;
            }
        }
        if (payloadEnd > end) {
            packet.malformed(Layer.IPV6, Malformation.IPV6_PAYLOAD_LENGTH_EXCEEDS_FRAME);
        }
        // false after a fragment header with a non-zero offset: the upper-layer header is in the first fragment
        boolean carriesUpperLayerHeader = true;
        while (Ipv6ExtensionView.isExtension(next)) {
            if (!wrapExtension(segment, position, next, payloadEnd, limit, packet)) {
                return;
            }
            if (next == Ipv6ExtensionView.FRAGMENT) {
                packet.ipv6Fragment(extension.fragmentOffset(), extension.moreFragments(), extension.identification(),
                        (int) Math.max(0, payloadEnd - position - Ipv6ExtensionView.MINIMUM_LENGTH));
                carriesUpperLayerHeader = extension.fragmentOffset() == 0;
            }
            next = extension.nextHeader();
            position += extension.length();
            packet.headersEndAt(position);
            if (!carriesUpperLayerHeader) {
                break;
            }
        }
        packet.ipv6UpperLayer(next, (int) (position - offset));
        if (carriesUpperLayerHeader) {
            registry.decodeIpProtocol(next, segment, position, payloadEnd, limit, packet);
        }
    }

    /**
     * Points the extension view at the header at {@code position}, checking it against the
     * payload (MALFORMED) and then the capture (TRUNCATED); false after recording either.
     */
    private boolean wrapExtension(MemorySegment segment, long position, int type, long payloadEnd, long limit,
                                  PacketRecorder packet) {
        if (position + Ipv6ExtensionView.MINIMUM_LENGTH > payloadEnd) {
            packet.malformed(Layer.IPV6_EXTENSION, Malformation.HEADER_EXCEEDS_IP_PAYLOAD);
            return false;
        }
        if (!extension.wrap(segment, position, type, limit)) {
            packet.truncated(Layer.IPV6_EXTENSION);
            return false;
        }
        if (position + extension.length() > payloadEnd) {
            packet.malformed(Layer.IPV6_EXTENSION, Malformation.HEADER_EXCEEDS_IP_PAYLOAD);
            return false;
        }
        if (position + extension.length() > limit) {
            packet.truncated(Layer.IPV6_EXTENSION);
            return false;
        }
        return true;
    }

    /**
     * The payload end a jumbogram's hop-by-hop Jumbo Payload option gives, or -1 after recording
     * why there is none: the header is cut (TRUNCATED), or the option is missing (MALFORMED: a
     * zero payload length cannot hold the hop-by-hop header).
     */
    private long jumboPayloadEnd(MemorySegment segment, long position, long limit, PacketRecorder packet) {
        if (!extension.wrap(segment, position, Ipv6ExtensionView.HOP_BY_HOP, limit)
                || position + extension.length() > limit) {
            packet.truncated(Layer.IPV6_EXTENSION);
            return -1;
        }
        long jumboLength = extension.jumboPayloadLength();
        if (jumboLength < 0) {
            packet.malformed(Layer.IPV6_EXTENSION, Malformation.HEADER_EXCEEDS_IP_PAYLOAD);
            return -1;
        }
        return position + jumboLength;
    }
}
