// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.lang.foreign.MemorySegment;

/**
 * A reusable holder for one packet as libpcap delivered it: timestamp, lengths and the captured
 * bytes. The bytes live in libpcap's buffer (or {@link CaptureFile}'s read buffer) and are valid
 * only until the next read on the handle or file (or until it is closed).
 */
public final class RawPacket {
    private long timestampNanos;
    private int capturedLength;
    private int wireLength;
    private MemorySegment data = MemorySegment.NULL;
    private int linkType;

    /** An empty holder, for {@link PcapHandle#next(RawPacket)} or {@link CaptureFile#next(RawPacket)} to fill. */
    public RawPacket() {
    }

    void set(long timestampNanos, int capturedLength, int wireLength, MemorySegment data, int linkType) {
        this.timestampNanos = timestampNanos;
        this.capturedLength = capturedLength;
        this.wireLength = wireLength;
        this.data = data;
        this.linkType = linkType;
    }

    /**
     * The link-layer header type of this packet: the handle's {@code DLT_*}, or for a
     * {@link CaptureFile} the {@code LINKTYPE_*} of the packet's own interface.
     *
     * @return the link type
     */
    public int linkType() {
        return linkType;
    }

    /** {@return capture time in nanoseconds since the epoch (microsecond captures end in 000)} */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** {@return bytes captured ({@code caplen}); less than {@link #wireLength()} when the snaplen cut the packet} */
    public int capturedLength() {
        return capturedLength;
    }

    /** {@return length of the packet on the wire ({@code len})} */
    public int wireLength() {
        return wireLength;
    }

    /** {@return the captured bytes, exactly {@link #capturedLength()} long; valid until the next read} */
    public MemorySegment data() {
        return data;
    }
}
