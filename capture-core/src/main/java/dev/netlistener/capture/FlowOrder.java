// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/** How {@link FlowTable#top} ranks flows. */
public enum FlowOrder {
    /** Bytes in both directions, most first. */
    BYTES,
    /** Packets in both directions, most first. */
    PACKETS
}
