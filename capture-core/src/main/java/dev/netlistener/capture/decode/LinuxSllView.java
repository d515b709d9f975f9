// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

/**
 * A Linux cooked-mode header, version 1 (DLT_LINUX_SLL, 113): what capturing on {@code any}
 * produced before libpcap 1.10. Decoded as {@link LinuxCookedView} says.
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
 */
public final class LinuxSllView extends LinuxCookedView {
    /** The pseudo-header's length in bytes. */
    public static final int HEADER_LENGTH = 16;
    private static final int PACKET_TYPE = 0;
    private static final int ARPHRD_TYPE = 2;
    private static final int ADDRESS_LENGTH = 4;
    private static final int ADDRESS = 6;
    private static final int PROTOCOL = 14;

    /** Creates a view that points at nothing until {@link #wrap} is called. */
    public LinuxSllView() {
        super(HEADER_LENGTH, ADDRESS);
    }

    @Override
    public int packetType() {
        return NetworkOrder.u16(segment, offset + PACKET_TYPE);
    }

    @Override
    public int arphrdType() {
        return NetworkOrder.u16(segment, offset + ARPHRD_TYPE);
    }

    @Override
    public int addressLength() {
        return NetworkOrder.u16(segment, offset + ADDRESS_LENGTH);
    }

    @Override
    public int protocol() {
        return NetworkOrder.u16(segment, offset + PROTOCOL);
    }
}
