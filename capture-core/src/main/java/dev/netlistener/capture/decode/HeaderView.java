// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;

/** What every view holds: the segment and offset of the header it points at. */
abstract class HeaderView {
    MemorySegment segment;
    long offset;

    /**
     * Points at the {@code length} bytes at {@code offset}; false (view unchanged) when they are not
     * all before {@code limit}. The segment is written only when it changes: every reference store
     * pays the collector's write barrier, and under G1 that barrier, paid per header, doubled the
     * cost of decoding a packet.
     */
    final boolean wrap(MemorySegment segment, long offset, long limit, int length) {
        if (limit - offset < length) {
            return false;
        }
        if (this.segment != segment) {
            this.segment = segment;
        }
        this.offset = offset;
        return true;
    }

    /**
     * Whether a tunnel header ending at {@code headerEnd} lies within the packet carrying it
     * ({@code end}, else MALFORMED {@link Malformation#TUNNEL_LENGTH_EXCEEDS_PACKET}) and was
     * captured ({@code limit}, else TRUNCATED), reported at {@code layer}.
     */
    static boolean fits(long headerEnd, long end, long limit, PacketRecorder packet, Layer layer) {
        return fits(headerEnd, end, limit, packet, layer, Malformation.TUNNEL_LENGTH_EXCEEDS_PACKET);
    }

    /** As {@link #fits(long, long, long, PacketRecorder, Layer)}, with {@code exceeding} as the malformation. */
    static boolean fits(long headerEnd, long end, long limit, PacketRecorder packet, Layer layer,
                        Malformation exceeding) {
        if (headerEnd > end) {
            packet.malformed(layer, exceeding);
            return false;
        }
        if (headerEnd > limit) {
            packet.truncated(layer);
            return false;
        }
        return true;
    }
}
