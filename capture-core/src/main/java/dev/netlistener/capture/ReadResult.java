// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/** What {@link PcapHandle#next(RawPacket)} found. */
public enum ReadResult {
    /** A packet was read into the holder. */
    PACKET(false),
    /** A live capture's timeout passed with no packet (or, non-blocking, none was waiting). */
    TIMEOUT(false),
    /** The end of a capture file, or {@link PcapHandle#breakLoop()} was called. */
    END(true);

    /**
     * Whether this is the end, as a field: a comparison would be a branch the JIT compiles from
     * its profile, and the warm-up's source (a file) never times out, so a live capture's first
     * timeout would throw the compiled read loop away.
     */
    final boolean ends;

    ReadResult(boolean ends) {
        this.ends = ends;
    }
}
