// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * A TCP header (RFC 9293 section 3.1; the AE bit: RFC 9768, formerly NS of RFC 3540).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        Sequence Number                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Acknowledgment Number                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data |     |A|C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsv |E|W|C|R|C|S|S|Y|I|            Window             |
 * |       |     | |R|E|G|K|H|T|N|N|                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Checksum            |         Urgent Pointer        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (data offset &gt; 5)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Decoding: fixed 20 bytes that do not fit the IP payload are MALFORMED, not captured TRUNCATED,
 * both with no fields; a data offset below 5 is MALFORMED with no fields. Otherwise the fields
 * are filled in, and options running past the IP payload are MALFORMED, options cut by the
 * capture TRUNCATED. A payload after a whole header goes to the registry's
 * {@link DecoderRegistry#tcpPayload() TCP payload decoder} (the names: {@link TcpPayloadNames}).
 */
public final class TcpView extends HeaderView implements ProtocolDecoder {
    /** The header's length without options, in bytes. */
    public static final int MINIMUM_HEADER_LENGTH = 20;
    /** Flag bit: no more data from the sender. */
    public static final int FIN = 0x01;
    /** Flag bit: synchronize sequence numbers (opens a connection). */
    public static final int SYN = 0x02;
    /** Flag bit: reset the connection. */
    public static final int RST = 0x04;
    /** Flag bit: push the data to the application. */
    public static final int PSH = 0x08;
    /** Flag bit: the acknowledgement number is significant. */
    public static final int ACK = 0x10;
    /** Flag bit: the urgent pointer is significant. */
    public static final int URG = 0x20;
    /** Flag bit: ECN-Echo (RFC 3168). */
    public static final int ECE = 0x40;
    /** Flag bit: congestion window reduced (RFC 3168). */
    public static final int CWR = 0x80;
    /** Accurate ECN (RFC 9768), the bit RFC 3540 called NS. */
    public static final int AE = 0x100;
    private static final int SOURCE_PORT = 0;
    private static final int DESTINATION_PORT = 2;
    private static final int SEQUENCE = 4;
    private static final int ACKNOWLEDGEMENT = 8;
    private static final int DATA_OFFSET_FLAGS = 12;

    /** Creates a view that points at nothing until {@link #wrap} is called. */
    public TcpView() {
    }

    /**
     * Points at a header; false (view unchanged) when its 20 fixed bytes are not all before {@code limit}.
     *
     * @param segment memory holding the packet
     * @param offset  where the header starts
     * @param limit   where the captured bytes end: nothing at or past it is read
     * @return true when the view now points at the header
     */
    public boolean wrap(MemorySegment segment, long offset, long limit) {
        return wrap(segment, offset, limit, MINIMUM_HEADER_LENGTH);
    }

    /** {@return the source port} */
    public int sourcePort() {
        return NetworkOrder.u16(segment, offset + SOURCE_PORT);
    }

    /** {@return the destination port} */
    public int destinationPort() {
        return NetworkOrder.u16(segment, offset + DESTINATION_PORT);
    }

    /** {@return the sequence number, unsigned 32 bits} */
    public long sequence() {
        return NetworkOrder.u32Unsigned(segment, offset + SEQUENCE);
    }

    /** {@return the acknowledgement number, unsigned 32 bits; meaningful with {@link #ACK}} */
    public long acknowledgement() {
        return NetworkOrder.u32Unsigned(segment, offset + ACKNOWLEDGEMENT);
    }

    /** {@return the header length in bytes, options included (data offset x 4)} */
    public int headerLength() {
        return (NetworkOrder.u8(segment, offset + DATA_OFFSET_FLAGS) >>> 4) * 4;
    }

    /** {@return the nine flag bits: {@link #FIN} to {@link #CWR}, and {@link #AE}} */
    public int flags() {
        return NetworkOrder.u16(segment, offset + DATA_OFFSET_FLAGS) & 0x1FF;
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        if (offset + MINIMUM_HEADER_LENGTH > end) {
            packet.malformed(Layer.TCP, Malformation.HEADER_EXCEEDS_IP_PAYLOAD);
            return;
        }
        if (!wrap(segment, offset, limit)) {
            packet.truncated(Layer.TCP);
            return;
        }
        // Two reads cover what is decoded: ports and sequence; acknowledgement, data offset and flags.
        long portsSequence = NetworkOrder.i64(segment, offset + SOURCE_PORT);
        long acknowledgementFlags = NetworkOrder.i64(segment, offset + ACKNOWLEDGEMENT);
        int offsetFlags = (int) (acknowledgementFlags >>> 16) & 0xFFFF;
        int headerLength = (offsetFlags >>> 12) * 4;
        if (headerLength < MINIMUM_HEADER_LENGTH) {
            packet.malformed(Layer.TCP, Malformation.TCP_DATA_OFFSET_TOO_SHORT);
            return;
        }
        packet.ports((int) (portsSequence >>> 48), (int) (portsSequence >>> 32) & 0xFFFF);
        packet.tcp(portsSequence & 0xFFFF_FFFFL, acknowledgementFlags >>> 32, offsetFlags & 0x1FF, headerLength);
        if (offset + headerLength > end) {
            packet.malformed(Layer.TCP, Malformation.HEADER_EXCEEDS_IP_PAYLOAD);
        } else if (offset + headerLength > limit) {
            packet.truncated(Layer.TCP);
        } else {
            packet.headersEndAt(offset + headerLength);
            ProtocolDecoder payload = registry.tcpPayload();
            if (payload != null && offset + headerLength < Math.min(end, limit)) {
                payload.decode(segment, offset + headerLength, end, limit, packet, registry);
            }
        }
    }
}
