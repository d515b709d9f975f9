// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * The BSD loopback header: DLT_NULL (0), the address family in the capturing host's byte order,
 * or DLT_LOOP (108), the same in network byte order.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Address family (AF_*)                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * AF_INET is 2 everywhere; AF_INET6 differs by system: 24 (NetBSD, OpenBSD), 28 (FreeBSD),
 * 30 (macOS, iOS), the values libpcap and Wireshark accept. Other families carry no IP.
 */
public final class NullLoopbackView extends HeaderView implements ProtocolDecoder {
    /** The header's length: one 32-bit address family. */
    public static final int HEADER_LENGTH = 4;
    /** IPv4's address family on every system. */
    public static final int AF_INET = 2;
    /** IPv6's address family on NetBSD and OpenBSD. */
    public static final int AF_INET6_BSD = 24;
    /** IPv6's address family on FreeBSD. */
    public static final int AF_INET6_FREEBSD = 28;
    /** IPv6's address family on macOS and iOS. */
    public static final int AF_INET6_DARWIN = 30;

    private final boolean networkOrder;

    /**
     * A view of DLT_LOOP or DLT_NULL headers.
     *
     * @param networkOrder true for DLT_LOOP, false for DLT_NULL (host order of the capturing machine)
     */
    public NullLoopbackView(boolean networkOrder) {
        this.networkOrder = networkOrder;
    }

    /**
     * Points at a header; false (view unchanged) when its 4 bytes are not all before {@code limit}.
     *
     * @param segment memory holding the packet
     * @param offset  where the header starts
     * @param limit   where the captured bytes end: nothing at or past it is read
     * @return true when the view now points at the header
     */
    public boolean wrap(MemorySegment segment, long offset, long limit) {
        return wrap(segment, offset, limit, HEADER_LENGTH);
    }

    /**
     * The address family. For DLT_NULL the writer's byte order is unknown; families are small, so
     * a value with bits in its upper half was written in the other order and is swapped back.
     *
     * @return the address family, in this machine's terms
     */
    public int family() {
        int value = NetworkOrder.i32(segment, offset);
        if (networkOrder) {
            return value;
        }
        int littleEndian = Integer.reverseBytes(value);
        return (littleEndian & 0xFFFF_0000) == 0 ? littleEndian : value;
    }

    /**
     * The EtherType the header stands for: 0x0800 or 0x86DD for the IP families, -1 for families
     * that carry no IP. A value above 1500 is no address family: as Wireshark and PcapPlusPlus do,
     * its low 16 bits are read as an EtherType (Cisco HDLC-style headers such as 0F 00 08 00).
     *
     * @return the EtherType, or -1
     */
    public int impliedEtherType() {
        int family = family();
        if (Integer.compareUnsigned(family, EthernetView.MAX_8023_LENGTH) > 0) {
            int etherType = family & 0xFFFF;
            return etherType > EthernetView.MAX_8023_LENGTH ? etherType : -1;
        }
        return switch (family) {
            case AF_INET -> DecoderRegistry.ETHERTYPE_IPV4;
            case AF_INET6_BSD, AF_INET6_FREEBSD, AF_INET6_DARWIN -> DecoderRegistry.ETHERTYPE_IPV6;
            default -> -1;
        };
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (!wrap(segment, offset, limit)) {
            packet.truncated(Layer.LINK);
            return;
        }
        packet.headersEndAt(offset + HEADER_LENGTH);
        int etherType = impliedEtherType();
        packet.etherType(etherType);
        registry.decodeEtherType(etherType, segment, offset + HEADER_LENGTH, end, limit, packet);
    }
}
