// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;

/** Whether a device is connected to a network, from its {@code PCAP_IF_CONNECTION_STATUS} bits. */
public enum ConnectionStatus {
    /** The device does not say. */
    UNKNOWN,
    /** Connected to a network. */
    CONNECTED,
    /** Not connected. */
    DISCONNECTED,
    /** The question does not apply, e.g. to loopback. */
    NOT_APPLICABLE;

    static ConnectionStatus fromFlags(int flags) {
        return switch (flags & LibPcap.PCAP_IF_CONNECTION_STATUS) {
            case LibPcap.PCAP_IF_CONNECTION_STATUS_CONNECTED -> CONNECTED;
            case LibPcap.PCAP_IF_CONNECTION_STATUS_DISCONNECTED -> DISCONNECTED;
            case LibPcap.PCAP_IF_CONNECTION_STATUS_NOT_APPLICABLE -> NOT_APPLICABLE;
            default -> UNKNOWN;
        };
    }
}
