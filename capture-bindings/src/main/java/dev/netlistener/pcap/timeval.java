// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import static dev.netlistener.pcap.LibPcap.C_LONG;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * {@code struct timeval { time_t tv_sec; suseconds_t tv_usec; }}, as embedded in
 * {@code struct pcap_pkthdr}. Both fields are C {@code long}s on the platforms libpcap runs on.
 * With nanosecond precision libpcap stores nanoseconds in {@code tv_usec}.
 */
public final class timeval {
    /** The struct's layout, its fields named as in C. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            C_LONG.withName("tv_sec"),
            C_LONG.withName("tv_usec"));

    /** The byte offset of {@code tv_sec}. */
    public static final long tv_sec$OFFSET = Structs.offset(LAYOUT, "tv_sec");
    /** The byte offset of {@code tv_usec}. */
    public static final long tv_usec$OFFSET = Structs.offset(LAYOUT, "tv_usec");

    private timeval() {
    }

    /** {@return the struct's size in bytes on this platform} */
    public static long sizeof() {
        return LAYOUT.byteSize();
    }

    /** Reads a C {@code long} at {@code offset}, whatever its width on this platform. */
    static long readLong(MemorySegment segment, long offset) {
        return C_LONG.byteSize() == Long.BYTES
                ? segment.get(ValueLayout.JAVA_LONG, offset)
                : segment.get(ValueLayout.JAVA_INT, offset);
    }

    static void writeLong(MemorySegment segment, long offset, long value) {
        if (C_LONG.byteSize() == Long.BYTES) {
            segment.set(ValueLayout.JAVA_LONG, offset, value);
        } else {
            segment.set(ValueLayout.JAVA_INT, offset, (int) value);
        }
    }
}
