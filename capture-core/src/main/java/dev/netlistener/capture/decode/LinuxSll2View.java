package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * A Linux cooked-mode header, version 2 (DLT_LINUX_SLL2, 276): what capturing on {@code any}
 * produces since libpcap 1.10; it adds the interface index.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Protocol type         |        Reserved (MBZ)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Interface index                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         ARPHRD_ type          |  Packet type  |Address length |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Link-layer address (8 bytes, the first `length` used)    |
 * +                                                               +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * As in {@link LinuxSllView}, the address is the sender's and a protocol type above 1500 is an EtherType.
 */
public final class LinuxSll2View extends HeaderView implements ProtocolDecoder {
    public static final int HEADER_LENGTH = 20;
    private static final int PROTOCOL = 0;
    private static final int INTERFACE_INDEX = 4;
    private static final int ARPHRD_TYPE = 8;
    private static final int PACKET_TYPE = 10;
    private static final int ADDRESS_LENGTH = 11;
    private static final int ADDRESS = 12;


    /** Points at a header; false (view unchanged) when its 20 bytes are not all before {@code limit}. */
    public boolean wrap(MemorySegment segment, long offset, long limit) {
        return wrap(segment, offset, limit, HEADER_LENGTH);
    }

    public int protocol() {
        return NetworkOrder.u16(segment, offset + PROTOCOL);
    }

    /** The capturing host's interface index (if_nametoindex). */
    public int interfaceIndex() {
        return NetworkOrder.i32(segment, offset + INTERFACE_INDEX);
    }

    public int arphrdType() {
        return NetworkOrder.u16(segment, offset + ARPHRD_TYPE);
    }

    /** 0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent by us. */
    public int packetType() {
        return NetworkOrder.u8(segment, offset + PACKET_TYPE);
    }

    public int addressLength() {
        return NetworkOrder.u8(segment, offset + ADDRESS_LENGTH);
    }

    /** The sender's address as a big-endian number (a MAC when the length is 6); 0 when longer than 8 bytes. */
    public long address() {
        return NetworkOrder.address(segment, offset + ADDRESS, addressLength());
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
