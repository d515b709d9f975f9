// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

/**
 * A Linux cooked-mode header, version 2 (DLT_LINUX_SLL2, 276): what capturing on {@code any}
 * produces since libpcap 1.10; it adds the interface index. Decoded as {@link LinuxCookedView} says.
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
 */
public final class LinuxSll2View extends LinuxCookedView {
    /** The pseudo-header's length in bytes. */
    public static final int HEADER_LENGTH = 20;
    private static final int PROTOCOL = 0;
    private static final int INTERFACE_INDEX = 4;
    private static final int ARPHRD_TYPE = 8;
    private static final int PACKET_TYPE = 10;
    private static final int ADDRESS_LENGTH = 11;
    private static final int ADDRESS = 12;

    /** Creates a view that points at nothing until {@link #wrap} is called. */
    public LinuxSll2View() {
        super(HEADER_LENGTH, ADDRESS);
    }

    @Override
    public int protocol() {
        return NetworkOrder.u16(segment, offset + PROTOCOL);
    }

    /** {@return the capturing host's interface index (if_nametoindex)} */
    public int interfaceIndex() {
        return NetworkOrder.i32(segment, offset + INTERFACE_INDEX);
    }

    @Override
    public int arphrdType() {
        return NetworkOrder.u16(segment, offset + ARPHRD_TYPE);
    }

    @Override
    public int packetType() {
        return NetworkOrder.u8(segment, offset + PACKET_TYPE);
    }

    @Override
    public int addressLength() {
        return NetworkOrder.u8(segment, offset + ADDRESS_LENGTH);
    }
}
