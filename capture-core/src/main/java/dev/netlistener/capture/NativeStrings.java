// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;
import java.lang.foreign.MemorySegment;

/** Reads the C strings libpcap returns. */
final class NativeStrings {
    /** Longest string we read from a libpcap pointer; libpcap's own texts fit in far less. */
    private static final long MAX_LENGTH = 64 * 1024;

    private NativeStrings() {
    }

    /** The NUL-terminated string at {@code pointer}, or {@code null} for a NULL pointer. */
    static String read(MemorySegment pointer) {
        if (pointer.equals(MemorySegment.NULL)) {
            return null;
        }
        return pointer.reinterpret(MAX_LENGTH).getString(0);
    }

    /** The text in an error buffer filled by libpcap. */
    static String errorBuffer(MemorySegment errbuf) {
        return errbuf.reinterpret(LibPcap.PCAP_ERRBUF_SIZE).getString(0);
    }

    /** {@code pcap_statustostr(code)}. */
    static String statusText(int code) {
        return read(LibPcap.pcap_statustostr(code));
    }
}
