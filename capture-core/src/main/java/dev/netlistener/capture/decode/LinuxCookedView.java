// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * What both Linux cooked-mode headers carry, and their decoding: the packet type (the direction),
 * the sender's link-layer address (no destination), and a protocol type that is an EtherType when
 * above 1500 (smaller values are Linux's ETH_P_802_3, ETH_P_802_2, CAN ... and carry no IP).
 * {@link LinuxSllView} and {@link LinuxSll2View} give the two layouts.
 */
abstract sealed class LinuxCookedView extends HeaderView implements ProtocolDecoder
        permits LinuxSllView, LinuxSll2View {
    private final int headerLength;
    private final int addressOffset;

    LinuxCookedView(int headerLength, int addressOffset) {
        this.headerLength = headerLength;
        this.addressOffset = addressOffset;
    }

    /**
     * Points at a header; false (view unchanged) when it is not all before {@code limit}.
     *
     * @param segment memory holding the packet
     * @param offset  where the header starts
     * @param limit   where the captured bytes end: nothing at or past it is read
     * @return true when the view now points at the header
     */
    public boolean wrap(MemorySegment segment, long offset, long limit) {
        return wrap(segment, offset, limit, headerLength);
    }

    /** {@return the packet type: 0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us} */
    public abstract int packetType();

    /** {@return the interface's ARPHRD_* hardware type (1 Ethernet, 772 loopback, ...)} */
    public abstract int arphrdType();

    /** {@return the link-layer address length field: 6 for a MAC; the header holds at most 8 bytes of the address} */
    public abstract int addressLength();

    /** {@return the protocol: an EtherType, or a Linux ETH_P_* value below 0x0600} */
    public abstract int protocol();

    /** {@return the sender's address as a big-endian number (a MAC when the length is 6); 0 when longer than 8 bytes} */
    public long address() {
        return NetworkOrder.address(segment, offset + addressOffset, addressLength());
    }

    @Override
    public final void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                             DecoderRegistry registry) {
        if (!wrap(segment, offset, limit)) {
            packet.truncated(Layer.LINK);
            return;
        }
        packet.linuxCooked(packetType(), addressLength() == 6, address());
        packet.headersEndAt(offset + headerLength);
        EthernetView.decodeTypeOrLength(protocol(), segment, offset + headerLength, end, limit, packet, registry);
    }
}
