// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/**
 * A DNS message's header and first question (RFC 1035 section 4.1; UDP ports 53, mDNS 5353 and
 * LLMNR 5355, which share the format).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              ID               |             Flags             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Question count         |          Answer count         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       Authority count         |        Additional count       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  the first question's name (labels, see DnsNames) ... type, class
 * </pre>
 *
 * Records the answer count once the 12-byte header lies within the datagram and was captured, and
 * the first question's name when there is a question and its name reads whole within both
 * ({@link DnsNames}). A message cut short or malformed simply has fewer names: the packet's status
 * stays its headers', since a payload is not a header and the port alone does not make it DNS.
 * Nothing else of the message is read.
 */
public final class DnsView implements ProtocolDecoder {
    /** DNS's UDP port. */
    public static final int UDP_PORT = 53;
    /** Multicast DNS's UDP port (RFC 6762). */
    public static final int UDP_PORT_MDNS = 5353;
    /** LLMNR's UDP port (RFC 4795). */
    public static final int UDP_PORT_LLMNR = 5355;
    static final int HEADER_LENGTH = 12;
    private static final int QUESTION_COUNT = 4;
    private static final int ANSWER_COUNT = 6;

    /** Creates the decoder; it keeps no state between packets. */
    public DnsView() {
    }

    @Override
    public void decode(MemorySegment segment, long offset, long end, long limit, PacketRecorder packet,
                       DecoderRegistry registry) {
        long bound = Math.min(end, limit);
        if (offset + HEADER_LENGTH > bound) {
            return;
        }
        packet.dnsAnswers(NetworkOrder.u16(segment, offset + ANSWER_COUNT));
        if (NetworkOrder.u16(segment, offset + QUESTION_COUNT) == 0) {
            return;
        }
        int length = DnsNames.text(segment, offset, offset + HEADER_LENGTH, bound, null, 0);
        if (length >= 0) {
            packet.name(NameKind.DNS_QUERY, offset, length);
        }
    }
}
