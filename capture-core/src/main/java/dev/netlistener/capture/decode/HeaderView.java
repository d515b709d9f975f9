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
}
