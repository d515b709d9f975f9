package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * A Linux cooked-mode header, version 1 (DLT_LINUX_SLL, 113): what capturing on {@code any}
 * produced before libpcap 1.10.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Packet type          |         ARPHRD_ type          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Link-layer address length   |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |      Link-layer address (8 bytes, the first `length` used)    |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |         Protocol type         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The address is the sender's; the protocol type is an EtherType when above 1500 (smaller values
 * are Linux's ETH_P_802_3, ETH_P_802_2, CAN ... and carry no IP).
 */
public final class LinuxSllView extends HeaderView implements ProtocolDecoder {
    public static final int HEADER_LENGTH = 16;
    private static final int PACKET_TYPE = 0;
    private static final int ARPHRD_TYPE = 2;
    private static final int ADDRESS_LENGTH = 4;
    private static final int ADDRESS = 6;
    private static final int PROTOCOL = 14;


    /** Points at a header; false (view unchanged) when its 16 bytes are not all before {@code limit}. */
    public boolean wrap(MemorySegment segment, long offset, long limit) {
        return wrap(segment, offset, limit, HEADER_LENGTH);
    }

    /** 0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us. */
    public int packetType() {
        return NetworkOrder.u16(segment, offset + PACKET_TYPE);
    }

    /** The interface's ARPHRD_* hardware type (1 Ethernet, 772 loopback, ...). */
    public int arphrdType() {
        return NetworkOrder.u16(segment, offset + ARPHRD_TYPE);
    }

    public int addressLength() {
        return NetworkOrder.u16(segment, offset + ADDRESS_LENGTH);
    }

    /** The sender's address as a big-endian number (a MAC when the length is 6); 0 when longer than 8 bytes. */
    public long address() {
        return NetworkOrder.address(segment, offset + ADDRESS, addressLength());
    }

    public int protocol() {
        return NetworkOrder.u16(segment, offset + PROTOCOL);
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, DecodedPacket packet,
                       DecoderRegistry registry) {
        if (!wrap(segment, offset, limit)) {
            packet.truncated(Layer.LINK);
            return;
        }
        packet.linuxCooked(packetType(), addressLength() == 6, address());
        packet.headersEndAt(offset + HEADER_LENGTH);
        EthernetView.decodeTypeOrLength(protocol(), segment, offset + HEADER_LENGTH, end, limit, packet, registry);
    }
}
