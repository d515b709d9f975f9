// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * The Cisco HDLC header (DLT_C_HDLC, and Cisco framing on DLT_PPP_SERIAL): an address byte
 * (0x0F unicast, 0x8F broadcast), a control byte and an EtherType.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Address    |    Control    |           Protocol            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class CiscoHdlcView extends HeaderView implements ProtocolDecoder {
    /** The header's length: address, control and protocol. */
    public static final int HEADER_LENGTH = 4;
    /** The address byte of a unicast frame. */
    public static final int ADDRESS_UNICAST = 0x0F;
    /** The address byte of a broadcast frame. */
    public static final int ADDRESS_BROADCAST = 0x8F;

    /** Creates the decoder; it holds a view, so it serves one registry (one thread). */
    public CiscoHdlcView() {
    }

    /** Whether a frame starting with {@code firstByte} has Cisco HDLC framing rather than PPP's. */
    static boolean isCiscoAddress(int firstByte) {
        return firstByte == ADDRESS_UNICAST || firstByte == ADDRESS_BROADCAST;
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (!wrap(segment, offset, limit, HEADER_LENGTH)) {
            packet.truncated(Layer.LINK);
            return;
        }
        packet.headersEndAt(offset + HEADER_LENGTH);
        EthernetView.decodeTypeOrLength(NetworkOrder.u16(segment, offset + 2), segment, offset + HEADER_LENGTH, end,
                limit, packet, registry);
    }
}
