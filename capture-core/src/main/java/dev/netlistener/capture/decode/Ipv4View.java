// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * An IPv4 header (RFC 791 section 3.1).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |Type of Service|          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL &gt; 5)         |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Decoding: a header whose 20 fixed bytes are not captured is TRUNCATED with no fields; version,
 * IHL &lt; 5 or total length &lt; IHL x 4 make it MALFORMED with no fields (tshark rejects these
 * too). Otherwise the fields are filled in; options cut by the capture end decoding as
 * TRUNCATED; a total length beyond the frame on the wire is MALFORMED but the transport header
 * is still decoded from the bytes captured. A fragment other than the first carries no transport
 * header.
 */
public final class Ipv4View extends HeaderView implements ProtocolDecoder {
    /** The header's length without options, in bytes. */
    public static final int MINIMUM_HEADER_LENGTH = 20;
    private static final int VERSION_IHL = 0;
    private static final int TOTAL_LENGTH = 2;
    private static final int FLAGS_FRAGMENT_OFFSET = 6;
    private static final int TTL = 8;
    private static final int PROTOCOL = 9;
    private static final int SOURCE = 12;
    private static final int DESTINATION = 16;
    private static final int MORE_FRAGMENTS = 0x2000;
    private static final int FRAGMENT_OFFSET_MASK = 0x1FFF;

    /** Creates a view that points at nothing until {@link #wrap} is called. */
    public Ipv4View() {
    }

    /**
     * Points at a header; false (view unchanged) when its 20 fixed bytes are not all before {@code limit}.
     *
     * @param segment memory holding the packet
     * @param offset  where the header starts
     * @param limit   where the captured bytes end: nothing at or past it is read
     * @return true when the view now points at the header
     */
    public boolean wrap(MemorySegment segment, long offset, long limit) {
        return wrap(segment, offset, limit, MINIMUM_HEADER_LENGTH);
    }

    /** {@return what makes the wrapped header contradict itself, or {@link Malformation#NONE}} */
    public Malformation malformation() {
        return malformation(version(), headerLength(), totalLength());
    }

    private static Malformation malformation(int version, int headerLength, int totalLength) {
        if (version != 4) {
            return Malformation.IP_VERSION_MISMATCH;
        }
        if (headerLength < MINIMUM_HEADER_LENGTH) {
            return Malformation.IPV4_HEADER_LENGTH_TOO_SHORT;
        }
        if (totalLength < headerLength) {
            return Malformation.IPV4_TOTAL_LENGTH_BELOW_HEADER;
        }
        return Malformation.NONE;
    }

    /** {@return the version nibble: 4 for a well-formed header} */
    public int version() {
        return NetworkOrder.u8(segment, offset + VERSION_IHL) >>> 4;
    }

    /** {@return the header length in bytes, options included (IHL x 4)} */
    public int headerLength() {
        return (NetworkOrder.u8(segment, offset + VERSION_IHL) & 0x0F) * 4;
    }

    /** {@return the total length field: header and data, in bytes} */
    public int totalLength() {
        return NetworkOrder.u16(segment, offset + TOTAL_LENGTH);
    }

    /** {@return the MF flag: whether more fragments follow} */
    public boolean moreFragments() {
        return (NetworkOrder.u16(segment, offset + FLAGS_FRAGMENT_OFFSET) & MORE_FRAGMENTS) != 0;
    }

    /** {@return the fragment offset in bytes} */
    public int fragmentOffset() {
        return (NetworkOrder.u16(segment, offset + FLAGS_FRAGMENT_OFFSET) & FRAGMENT_OFFSET_MASK) * 8;
    }

    /** {@return the time to live} */
    public int ttl() {
        return NetworkOrder.u8(segment, offset + TTL);
    }

    /** {@return the protocol number of the payload} */
    public int protocol() {
        return NetworkOrder.u8(segment, offset + PROTOCOL);
    }

    /** {@return the source address, big-endian} */
    public int source() {
        return NetworkOrder.i32(segment, offset + SOURCE);
    }

    /** {@return the destination address, big-endian} */
    public int destination() {
        return NetworkOrder.i32(segment, offset + DESTINATION);
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (!wrap(segment, offset, limit)) {
            packet.truncated(Layer.IPV4);
            return;
        }
        // Three reads cover the fixed header: version/IHL, TOS, total length, identification,
        // flags/fragment offset; TTL, protocol, checksum, source; destination.
        long words01 = NetworkOrder.i64(segment, offset + VERSION_IHL);
        long words23 = NetworkOrder.i64(segment, offset + TTL);
        int destination = NetworkOrder.i32(segment, offset + DESTINATION);
        int versionIhl = (int) (words01 >>> 56);
        int headerLength = (versionIhl & 0x0F) * 4;
        int totalLength = (int) (words01 >>> 32) & 0xFFFF;
        Malformation malformation = malformation(versionIhl >>> 4, headerLength, totalLength);
        if (malformation != Malformation.NONE) {
            packet.malformed(Layer.IPV4, malformation);
            return;
        }
        int flagsFragment = (int) words01 & 0xFFFF;
        int fragmentOffset = (flagsFragment & FRAGMENT_OFFSET_MASK) * 8;
        int protocol = (int) (words23 >>> 48) & 0xFF;
        long payloadEnd = offset + totalLength;
        boolean moreFragments = (flagsFragment & MORE_FRAGMENTS) != 0;
        boolean isFragment = moreFragments || fragmentOffset != 0;
        packet.ipv4((int) words23, destination, protocol, headerLength, (int) (words23 >>> 56), fragmentOffset,
                isFragment);
        if (isFragment) {
            packet.fragmentIdentity((int) (words01 >>> 16) & 0xFFFF, moreFragments, totalLength - headerLength);
        }
        if (offset + headerLength > limit) {
            packet.truncated(Layer.IPV4);
            return;
        }
        packet.headersEndAt(offset + headerLength);
        if (payloadEnd > end) {
            packet.malformed(Layer.IPV4, Malformation.IPV4_TOTAL_LENGTH_EXCEEDS_FRAME);
        }
        if (fragmentOffset == 0) {
            registry.decodeIpProtocol(protocol, segment, offset + headerLength, payloadEnd, limit, packet);
        }
    }
}
