// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/** Why a flow left the flow table, or that it is still in it. */
public enum FlowEnd {
    /** Still being tracked when the snapshot was taken. */
    ACTIVE,
    /** No packet for the idle timeout. */
    IDLE_TIMEOUT,
    /** Older than the active timeout; later packets start a new flow. */
    ACTIVE_TIMEOUT,
    /** Pushed out, least recently seen first, to make room in a full table. */
    EVICTED,
    /** The capture was closed. */
    CAPTURE_CLOSED;

    private static final FlowEnd[] VALUES = values();

    static FlowEnd of(int ordinal) {
        return VALUES[ordinal];
    }
}
