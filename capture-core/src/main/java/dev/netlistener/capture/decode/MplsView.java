// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * An MPLS label stack (RFC 3032 section 2.1; EtherTypes 0x8847 and 0x8848, and UDP port 6635,
 * RFC 7510), walked entry by entry to the one with the bottom-of-stack bit, and what it carries.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                Label                  | TC  |S|      TTL      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Ethernet pseudowire control word (RFC 4448 section 4.6), when present:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0 0 0|     Reserved          |       Sequence Number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The stack does not say what it carries; as tcpdump and Wireshark do, the first nibble after it
 * tells: 4 IPv4, 6 IPv6, 0 an Ethernet pseudowire with its control word, anything else an
 * Ethernet pseudowire without one. A 0 nibble is also the first nibble of many MAC addresses; the
 * control word is taken to be there only when the frame after it has an EtherType the registry
 * decodes where a frame without it has none (when the capture cut those bytes off, the packet is
 * TRUNCATED: the choice would depend on the snapshot length). The stack is a tunnel ({@link Tunnel#MPLS}) identified by
 * its outermost label. An entry not captured is TRUNCATED; entries running past the enclosing
 * packet are MALFORMED.
 */
public final class MplsView extends HeaderView implements ProtocolDecoder {
    /** The length of one label stack entry. */
    public static final int ENTRY_LENGTH = 4;
    /** The length of an Ethernet pseudowire's control word. */
    public static final int CONTROL_WORD_LENGTH = 4;
    private static final int BOTTOM_OF_STACK = 0x100;
    private static final int ETHERNET_TYPE_OFFSET = 12;

    /** Creates the decoder; it holds a view, so it serves one registry (one thread). */
    public MplsView() {
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        long position = offset;
        long outermostLabel = -1;
        int entry;
        do {
            if (position + ENTRY_LENGTH > end) {
                packet.malformed(Layer.MPLS, Malformation.TUNNEL_LENGTH_EXCEEDS_PACKET);
                return;
            }
            if (!wrap(segment, position, limit, ENTRY_LENGTH)) {
                packet.truncated(Layer.MPLS);
                return;
            }
            entry = NetworkOrder.i32(segment, position);
            if (outermostLabel < 0) {
                outermostLabel = entry >>> 12;
            }
            position += ENTRY_LENGTH;
        } while ((entry & BOTTOM_OF_STACK) == 0);
        packet.headersEndAt(position);
        if (position >= end) {
            packet.tunnelWithoutPacket(Tunnel.MPLS, outermostLabel);
            return;
        }
        if (position >= limit) {
            // The stack is whole but nothing of what it carries was captured, not even its first nibble.
            packet.truncated(Layer.MPLS);
            return;
        }
        int etherType = switch (NetworkOrder.u8(segment, position) >>> 4) {
            case 4 -> DecoderRegistry.ETHERTYPE_IPV4;
            case 6 -> DecoderRegistry.ETHERTYPE_IPV6;
            default -> DecoderRegistry.ETHERTYPE_TRANSPARENT_ETHERNET;
        };
        if (etherType == DecoderRegistry.ETHERTYPE_TRANSPARENT_ETHERNET && NetworkOrder.u8(segment, position) >>> 4 == 0) {
            long typeWithWord = position + CONTROL_WORD_LENGTH + ETHERNET_TYPE_OFFSET;
            if (typeWithWord + 2 <= end && typeWithWord + 2 > limit) {
                // Whether a control word comes first depends on bytes the capture cut off.
                packet.truncated(Layer.MPLS);
                return;
            }
            if (typeWithWord + 2 <= end && hasControlWord(segment, position, typeWithWord, registry)) {
                position += CONTROL_WORD_LENGTH;
                packet.headersEndAt(position);
            }
        }
        registry.decodeInTunnel(Tunnel.MPLS, outermostLabel, etherType, segment, position, end, limit, packet);
    }

    /**
     * Whether a pseudowire's payload at {@code position}, whose first nibble is 0, starts with a
     * control word (see the class comment); {@code typeWithWord} is where the frame's type would
     * be after one, captured.
     */
    private static boolean hasControlWord(MemorySegment segment, long position, long typeWithWord,
                                          DecoderRegistry registry) {
        return registry.etherType(NetworkOrder.u16(segment, typeWithWord)) != null
                && registry.etherType(NetworkOrder.u16(segment, position + ETHERNET_TYPE_OFFSET)) == null;
    }
}
