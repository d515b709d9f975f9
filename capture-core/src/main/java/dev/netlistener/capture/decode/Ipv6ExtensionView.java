// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * One IPv6 extension header (RFC 8200 section 4; AH: RFC 4302 section 2). Every kind starts with
 * the next header and a length byte; the length counts differently by kind.
 *
 * <pre>
 * Hop-by-hop options (0), routing (43), destination options (60): (Hdr Ext Len + 1) x 8 bytes
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Hdr Ext Len  |  options or routing data ...  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Fragment (44): 8 bytes
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Identification                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Authentication header (51): (Payload Len + 2) x 4 bytes
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Next Header  |  Payload Len  |          Reserved             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Jumbo Payload option (RFC 2675), inside hop-by-hop options:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Option Type  |  Opt Data Len |  (0xC2, 4)                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Jumbo Payload Length                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Ipv6ExtensionView extends HeaderView {
    /** Next-header value of the hop-by-hop options header. */
    public static final int HOP_BY_HOP = 0;
    /** Next-header value of the routing header. */
    public static final int ROUTING = 43;
    /** Next-header value of the fragment header. */
    public static final int FRAGMENT = 44;
    /** Next-header value of the authentication header (AH). */
    public static final int AUTHENTICATION = 51;
    /** Next-header value of the destination options header. */
    public static final int DESTINATION_OPTIONS = 60;
    /** Every extension header is at least 8 bytes long. */
    public static final int MINIMUM_LENGTH = 8;
    private static final int OPTION_PAD1 = 0;
    private static final int OPTION_JUMBO_PAYLOAD = 0xC2;
    private static final int FRAGMENT_OFFSET = 2;
    private static final int MORE_FRAGMENTS = 1;
    private static final int IDENTIFICATION = 4;

    private int type;

    /** Creates a view that points at nothing until {@link #wrap} is called. */
    public Ipv6ExtensionView() {
    }

    /**
     * Whether a next-header value names an extension header this view walks.
     *
     * @param nextHeader a next-header (IP protocol) value
     * @return true for hop-by-hop, routing, fragment, destination options and AH
     */
    public static boolean isExtension(int nextHeader) {
        return nextHeader == HOP_BY_HOP || nextHeader == ROUTING || nextHeader == FRAGMENT
                || nextHeader == DESTINATION_OPTIONS || nextHeader == AUTHENTICATION;
    }

    /**
     * Points at an extension header of the given type; false (view unchanged) when its first two
     * bytes (next header and length) are not before {@code limit}. The caller checks
     * {@link #length()} against the limit before reading anything further.
     *
     * @param segment memory holding the packet
     * @param offset  where the extension header starts
     * @param type    its kind: the next-header value that named it
     * @param limit   where the captured bytes end: nothing at or past it is read
     * @return true when the view now points at the header
     */
    public boolean wrap(MemorySegment segment, long offset, int type, long limit) {
        if (!wrap(segment, offset, limit, 2)) {
            return false;
        }
        this.type = type;
        return true;
    }

    /** {@return the next header: another extension header or the upper-layer protocol} */
    public int nextHeader() {
        return NetworkOrder.u8(segment, offset);
    }

    /** {@return the header's length in bytes, by its kind's rule} */
    public int length() {
        int lengthField = NetworkOrder.u8(segment, offset + 1);
        return switch (type) {
            case FRAGMENT -> MINIMUM_LENGTH;
            case AUTHENTICATION -> (lengthField + 2) * 4;
            default -> (lengthField + 1) * 8;
        };
    }

    /** {@return a fragment header's offset in bytes} */
    public int fragmentOffset() {
        return NetworkOrder.u16(segment, offset + FRAGMENT_OFFSET) & ~0x7;
    }

    /** {@return a fragment header's identification (32 bits, as an int); read only once its 8 bytes are known to be captured} */
    public int identification() {
        return NetworkOrder.i32(segment, offset + IDENTIFICATION);
    }

    /** {@return a fragment header's M flag: whether more fragments follow} */
    public boolean moreFragments() {
        return (NetworkOrder.u16(segment, offset + FRAGMENT_OFFSET) & MORE_FRAGMENTS) != 0;
    }

    /**
     * A hop-by-hop header's Jumbo Payload Length, or -1 when it has no such option. Reads only
     * inside {@link #length()} bytes, which the caller has checked are captured.
     *
     * @return the jumbo payload length in bytes (unsigned 32 bits), or -1
     */
    public long jumboPayloadLength() {
        long option = offset + 2;
        long end = offset + length();
        while (option < end) {
            int optionType = NetworkOrder.u8(segment, option);
            if (optionType == OPTION_PAD1) {
                option++;
                continue;
            }
            if (option + 2 > end) {
                return -1;
            }
            int dataLength = NetworkOrder.u8(segment, option + 1);
            if (optionType == OPTION_JUMBO_PAYLOAD && dataLength == 4 && option + 6 <= end) {
                return NetworkOrder.u32Unsigned(segment, option + 2);
            }
            option += 2 + dataLength;
        }
        return -1;
    }
}
