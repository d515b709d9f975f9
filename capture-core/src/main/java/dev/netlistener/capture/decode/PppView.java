// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * A PPP frame's protocol field (RFC 1661 section 2), which says what the frame carries; 2 bytes,
 * or 1 when the peers agreed on protocol field compression (an odd first byte, RFC 1661 section
 * 6.5). On a PPP link (DLT_PPP, DLT_PPP_SERIAL) the HDLC-like address and control bytes
 * {@code FF 03} may precede it (RFC 1662 section 3.1); in PPPoE and GRE they do not.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Protocol (8 or 16 bits)      | Information ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Only network protocols lead further: IPv4 (0x0021), IPv6 (0x0057), MPLS (0x0281, 0x0283),
 * given as their EtherTypes; control protocols (LCP, IPCP, CCP ...) end decoding.
 */
public final class PppView extends HeaderView {
    /** PPP protocol number of IPv4. */
    public static final int PROTOCOL_IPV4 = 0x0021;
    /** PPP protocol number of IPv6. */
    public static final int PROTOCOL_IPV6 = 0x0057;
    /** PPP protocol number of MPLS unicast. */
    public static final int PROTOCOL_MPLS_UNICAST = 0x0281;
    /** PPP protocol number of MPLS multicast. */
    public static final int PROTOCOL_MPLS_MULTICAST = 0x0283;
    private static final int ADDRESS_CONTROL = 0xFF03;

    private int protocol;
    private int length;

    /** Creates a view that points at nothing until {@link #wrap} is called. */
    public PppView() {
    }

    /**
     * Points at a protocol field (after {@code FF 03} when {@code addressControlAllowed} and they
     * are there); false (view unchanged) when the field is not all before {@code limit}, or an
     * address byte 0xFF is not followed by the control byte 0x03.
     *
     * @param segment               memory holding the packet
     * @param offset                where the frame starts
     * @param limit                 where the captured bytes end: nothing at or past it is read
     * @param addressControlAllowed whether {@code FF 03} may come first (on a PPP link)
     * @return true when the view now points at the protocol field
     */
    public boolean wrap(MemorySegment segment, long offset, long limit, boolean addressControlAllowed) {
        long position = offset;
        if (addressControlAllowed && limit - offset >= 1 && NetworkOrder.u8(segment, offset) == ADDRESS_CONTROL >>> 8) {
            // 0xFF is the address byte (no protocol starts with it): its control byte must follow.
            if (limit - offset < 2 || NetworkOrder.u16(segment, offset) != ADDRESS_CONTROL) {
                return false;
            }
            position += 2;
        }
        if (!wrap(segment, position, limit, 1)) {
            return false;
        }
        int first = NetworkOrder.u8(segment, position);
        if ((first & 1) != 0) {
            protocol = first;
        } else if (limit - position >= 2) {
            protocol = NetworkOrder.u16(segment, position);
        } else {
            return false;
        }
        length = (int) (position - offset) + ((first & 1) != 0 ? 1 : 2);
        return true;
    }

    /** {@return the PPP protocol number, 8 or 16 bits as sent} */
    public int protocol() {
        return protocol;
    }

    /** {@return the bytes from where {@link #wrap} was pointed to the information field}: address and control, if any, and protocol. */
    public int length() {
        return length;
    }

    /** {@return the EtherType of what the frame carries: IPv4, IPv6 or MPLS; -1 for anything else (control protocols)} */
    public int etherType() {
        return switch (protocol) {
            case PROTOCOL_IPV4 -> DecoderRegistry.ETHERTYPE_IPV4;
            case PROTOCOL_IPV6 -> DecoderRegistry.ETHERTYPE_IPV6;
            case PROTOCOL_MPLS_UNICAST -> DecoderRegistry.ETHERTYPE_MPLS_UNICAST;
            case PROTOCOL_MPLS_MULTICAST -> DecoderRegistry.ETHERTYPE_MPLS_MULTICAST;
            default -> -1;
        };
    }
}
