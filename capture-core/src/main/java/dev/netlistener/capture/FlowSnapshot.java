// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/**
 * What {@link Capture#flows()} returns: the flows being tracked now, and those that ended since
 * the previous call (timed out, evicted, or closed with the capture). Every packet counted into a
 * flow shows up in exactly one of them over successive calls, unless {@link #endedLost()} says
 * the buffer of ended flows overflowed between calls.
 *
 * @param active    flows still tracked, with counts so far
 * @param ended     flows that left the table since the previous call, with their final counts
 * @param evictions flows evicted so far to make room (they are among the ended ones)
 * @param endedLost ended flows dropped since the previous call because nobody collected them in time
 */
public record FlowSnapshot(FlowTable active, FlowTable ended, long evictions, long endedLost) {

    /** {@return the active and the ended flows together, active first} */
    public FlowTable all() {
        return FlowTable.concat(active, ended);
    }
}
