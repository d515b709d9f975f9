// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.samples;

import dev.netlistener.capture.PacketHandler;
import java.time.Duration;

/** How the streaming samples poll. */
final class Polling {
    /**
     * The longest one poll waits in poll(2) for packets: short enough that --seconds and a
     * refresh interval are kept on a quiet wire, long enough that waiting costs no CPU.
     */
    static final Duration IDLE_WAIT = Duration.ofMillis(100);
    /** A handler for captures whose work is done by the engine (the flow table, the pcap file). */
    static final PacketHandler IGNORE = packet -> { };

    private Polling() {
    }
}
