// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * An ARP packet (RFC 826): a fixed part naming the address spaces and lengths, then four
 * addresses of those lengths.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Hardware type         |         Protocol type         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Hardware len | Protocol len  |           Operation           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Sender hardware address (Hardware len bytes)                 |
 * |  Sender protocol address (Protocol len bytes)                 |
 * |  Target hardware address (Hardware len bytes)                 |
 * |  Target protocol address (Protocol len bytes)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Decoding: a fixed part not captured is TRUNCATED with no fields. Otherwise the fixed fields are
 * filled in; addresses whose lengths run past the frame on the wire are MALFORMED, addresses cut
 * by the capture TRUNCATED. ATM ARP (hardware type 19, RFC 2225) shares only the types and the
 * operation: its length bytes encode ATM address types, so for it the addresses are not read.
 */
public final class ArpView extends HeaderView implements ProtocolDecoder {
    /** The fixed part's length, before the addresses. */
    public static final int FIXED_LENGTH = 8;
    /** ATM ARP's hardware type (RFC 2225), whose addresses are not read. */
    public static final int HARDWARE_TYPE_ATM = 19;
    /** The protocol type of IPv4 addresses (their EtherType). */
    public static final int PROTOCOL_TYPE_IPV4 = 0x0800;
    private static final int HARDWARE_TYPE = 0;
    private static final int PROTOCOL_TYPE = 2;
    private static final int HARDWARE_LENGTH = 4;
    private static final int PROTOCOL_LENGTH = 5;
    private static final int OPERATION = 6;

    /** Creates a view that points at nothing until {@link #wrap} is called. */
    public ArpView() {
    }

    /**
     * Points at a packet; false (view unchanged) when its 8 fixed bytes are not all before {@code limit}.
     *
     * @param segment memory holding the packet
     * @param offset  where the header starts
     * @param limit   where the captured bytes end: nothing at or past it is read
     * @return true when the view now points at the header
     */
    public boolean wrap(MemorySegment segment, long offset, long limit) {
        return wrap(segment, offset, limit, FIXED_LENGTH);
    }

    /** {@return the hardware type (1 Ethernet, 6 IEEE 802, 19 ATM, ...)} */
    public int hardwareType() {
        return NetworkOrder.u16(segment, offset + HARDWARE_TYPE);
    }

    /** {@return the protocol type: the EtherType of the protocol addresses (0x0800 IPv4)} */
    public int protocolType() {
        return NetworkOrder.u16(segment, offset + PROTOCOL_TYPE);
    }

    /** {@return the length of each hardware address in bytes (6 for Ethernet)} */
    public int hardwareLength() {
        return NetworkOrder.u8(segment, offset + HARDWARE_LENGTH);
    }

    /** {@return the length of each protocol address in bytes (4 for IPv4)} */
    public int protocolLength() {
        return NetworkOrder.u8(segment, offset + PROTOCOL_LENGTH);
    }

    /** {@return the operation: 1 request, 2 reply, 3 and 4 RARP, 8 and 9 InARP, ...} */
    public int operation() {
        return NetworkOrder.u16(segment, offset + OPERATION);
    }

    /** {@return the packet's length in bytes: the fixed part and the four addresses} */
    public int length() {
        return FIXED_LENGTH + 2 * (hardwareLength() + protocolLength());
    }

    /** {@return whether the addresses are IPv4 addresses (protocol type 0x0800, length 4)} */
    public boolean resolvesIpv4() {
        return protocolType() == PROTOCOL_TYPE_IPV4 && protocolLength() == 4;
    }

    /** {@return the sender hardware address as a big-endian number; 0 when longer than 8 bytes} Needs {@link #length()} captured. */
    public long senderHardware() {
        return NetworkOrder.address(segment, offset + FIXED_LENGTH, hardwareLength());
    }

    /** {@return the sender protocol address (IPv4, big-endian)} Meaningful when {@link #resolvesIpv4()}; needs {@link #length()} captured. */
    public int senderIpv4() {
        return NetworkOrder.i32(segment, offset + FIXED_LENGTH + hardwareLength());
    }

    /** {@return the target hardware address as a big-endian number; 0 when longer than 8 bytes} Needs {@link #length()} captured. */
    public long targetHardware() {
        return NetworkOrder.address(segment, offset + FIXED_LENGTH + hardwareLength() + protocolLength(),
                hardwareLength());
    }

    /** {@return the target protocol address (IPv4, big-endian)} Meaningful when {@link #resolvesIpv4()}; needs {@link #length()} captured. */
    public int targetIpv4() {
        return NetworkOrder.i32(segment, offset + FIXED_LENGTH + 2 * hardwareLength() + protocolLength());
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (!wrap(segment, offset, limit)) {
            packet.truncated(Layer.ARP);
            return;
        }
        int hardwareType = hardwareType();
        packet.arp(operation(), hardwareType, protocolType(), hardwareLength(), protocolLength());
        if (hardwareType == HARDWARE_TYPE_ATM) {
            packet.headersEndAt(offset + FIXED_LENGTH);
            return;
        }
        if (offset + length() > end) {
            packet.malformed(Layer.ARP, Malformation.ARP_ADDRESSES_EXCEED_FRAME);
            return;
        }
        if (offset + length() > limit) {
            packet.truncated(Layer.ARP);
            return;
        }
        boolean ipv4 = resolvesIpv4();
        packet.arpAddresses(senderHardware(), targetHardware(), ipv4, ipv4 ? senderIpv4() : 0,
                ipv4 ? targetIpv4() : 0);
        packet.headersEndAt(offset + length());
    }
}
