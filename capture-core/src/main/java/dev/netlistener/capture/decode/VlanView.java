// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * An IEEE 802.1Q / 802.1ad tag after its TPID (0x8100, 0x88A8, or the legacy QinQ 0x9100), which
 * the enclosing header gave as its EtherType.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | PCP |D|        VLAN id        |  EtherType or length inside   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Stacked tags are walked in a loop here, not by recursion through the registry, so a frame of
 * nothing but tags costs no stack depth.
 */
public final class VlanView extends HeaderView implements ProtocolDecoder {
    /** A tag's length after its TPID: the TCI and the inner type/length field. */
    public static final int TAG_LENGTH = 4;
    private static final int TCI = 0;
    private static final int INNER_TYPE = 2;

    /** Creates a view that points at nothing until {@link #wrap} is called. */
    public VlanView() {
    }

    /**
     * Points at a tag; false (view unchanged) when its 4 bytes are not all before {@code limit}.
     *
     * @param segment memory holding the packet
     * @param offset  where the header starts
     * @param limit   where the captured bytes end: nothing at or past it is read
     * @return true when the view now points at the header
     */
    public boolean wrap(MemorySegment segment, long offset, long limit) {
        return wrap(segment, offset, limit, TAG_LENGTH);
    }

    /** {@return the priority code point, 0 to 7} */
    public int priority() {
        return NetworkOrder.u8(segment, offset + TCI) >>> 5;
    }

    /** {@return whether the drop eligible indicator (formerly CFI) is set} */
    public boolean dropEligible() {
        return (NetworkOrder.u8(segment, offset + TCI) & 0x10) != 0;
    }

    /** {@return the VLAN identifier, 0 to 4095} */
    public int vlanId() {
        return NetworkOrder.u16(segment, offset + TCI) & 0x0FFF;
    }

    /** {@return the EtherType (or 802.3 length) of what the tag carries} */
    public int innerTypeOrLength() {
        return NetworkOrder.u16(segment, offset + INNER_TYPE);
    }

    /** Decodes this tag and any tags stacked inside it, then what the innermost carries. */
    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        int tpid = packet.packet().etherType();
        long position = offset;
        while (wrap(segment, position, limit)) {
            int tag = NetworkOrder.i32(segment, position + TCI);
            packet.vlanTag(tpid, (tag >>> 16) & 0x0FFF);
            position += TAG_LENGTH;
            packet.headersEndAt(position);
            int inner = tag & 0xFFFF;
            if (registry.etherType(inner) != this) {
                EthernetView.decodeTypeOrLength(inner, segment, position, end, limit, packet, registry);
                return;
            }
            packet.etherType(inner);
            tpid = inner;
        }
        packet.truncated(Layer.VLAN);
    }
}
