// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;
import dev.netlistener.pcap.timeval;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads memory that libpcap owns at addresses libpcap hands back, without making a
 * {@link MemorySegment} object per packet.
 *
 * <p>Why this is safe enough: libpcap's {@code pcap_pkthdr} has a fixed layout (proven against the
 * headers by the ABI test) and its {@code caplen} bytes of packet data are valid until the next
 * read; the engine copies exactly those bytes into its own bounds-checked slabs, and every decoder
 * reads only from there.
 */
final class NativeMemory {
    /** The whole address space, for reads at addresses libpcap returned. */
    static final MemorySegment EVERYTHING = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private static final boolean LONG_IS_64_BITS = LibPcap.C_LONG.byteSize() == Long.BYTES;

    private NativeMemory() {
    }

    /** A {@code struct timeval} at {@code address}, as nanoseconds; {@code tv_usec} is in units of {@code nanosPerUnit}. */
    static long readTimeval(long address, int nanosPerUnit) {
        long seconds = readLong(address + timeval.tv_sec$OFFSET);
        long fraction = readLong(address + timeval.tv_usec$OFFSET);
        return seconds * 1_000_000_000L + fraction * nanosPerUnit;
    }

    /** A C {@code long}, 8 bytes on LP64 and 4 on Windows. */
    private static long readLong(long address) {
        return LONG_IS_64_BITS ? EVERYTHING.get(ValueLayout.JAVA_LONG, address)
                : EVERYTHING.get(ValueLayout.JAVA_INT, address);
    }
}
