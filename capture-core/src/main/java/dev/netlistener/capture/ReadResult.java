// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/** What {@link PcapHandle#next(RawPacket)} found. */
public enum ReadResult {
    /** A packet was read into the holder. */
    PACKET,
    /** A live capture's timeout passed with no packet (or, non-blocking, none was waiting). */
    TIMEOUT,
    /** The end of a capture file, or {@link PcapHandle#breakLoop()} was called. */
    END
}
