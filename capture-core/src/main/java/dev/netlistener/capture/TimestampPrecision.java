// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;

/** The resolution of packet timestamps libpcap delivers ({@code PCAP_TSTAMP_PRECISION_*}). */
public enum TimestampPrecision {
    /** Microseconds, libpcap's default. */
    MICRO(LibPcap.PCAP_TSTAMP_PRECISION_MICRO, 1_000),
    /** Nanoseconds, where the platform and file give them. */
    NANO(LibPcap.PCAP_TSTAMP_PRECISION_NANO, 1);

    private final int code;
    private final int nanosPerUnit;

    TimestampPrecision(int code, int nanosPerUnit) {
        this.code = code;
        this.nanosPerUnit = nanosPerUnit;
    }

    int code() {
        return code;
    }

    /** {@return nanoseconds in one unit of {@code tv_usec} at this precision} */
    public int nanosPerUnit() {
        return nanosPerUnit;
    }

    static TimestampPrecision of(int code) {
        return code == LibPcap.PCAP_TSTAMP_PRECISION_NANO ? NANO : MICRO;
    }
}
