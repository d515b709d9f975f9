// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import static dev.netlistener.pcap.LibPcap.C_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;

/**
 * <pre>
 * struct pcap_pkthdr {
 *     struct timeval ts;   // time stamp (tv_usec holds nanoseconds with nanosecond precision)
 *     bpf_u_int32 caplen;  // length of portion present
 *     bpf_u_int32 len;     // length of this packet (off wire)
 * };
 * </pre>
 */
public final class pcap_pkthdr {
    /** The struct's layout, its fields named as in C. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            timeval.LAYOUT.withName("ts"),
            C_INT.withName("caplen"),
            C_INT.withName("len"));

    /** The byte offset of {@code ts}. */
    public static final long ts$OFFSET = Structs.offset(LAYOUT, "ts");
    /** The byte offset of {@code caplen}. */
    public static final long caplen$OFFSET = Structs.offset(LAYOUT, "caplen");
    /** The byte offset of {@code len}. */
    public static final long len$OFFSET = Structs.offset(LAYOUT, "len");

    private pcap_pkthdr() {
    }

    /** {@return the struct's size in bytes on this platform} */
    public static long sizeof() {
        return LAYOUT.byteSize();
    }

    /**
     * Allocates one struct from {@code allocator}.
     *
     * @param allocator where the memory comes from
     * @return the struct
     */
    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(LAYOUT);
    }

    /**
     * {@return {@code ts.tv_sec}}
     *
     * @param header a {@code struct pcap_pkthdr} in native memory
     */
    public static long ts_sec(MemorySegment header) {
        return timeval.readLong(header, ts$OFFSET + timeval.tv_sec$OFFSET);
    }

    /**
     * {@return {@code ts.tv_usec}: microseconds, or nanoseconds when the handle has nanosecond precision}
     *
     * @param header a {@code struct pcap_pkthdr} in native memory
     */
    public static long ts_frac(MemorySegment header) {
        return timeval.readLong(header, ts$OFFSET + timeval.tv_usec$OFFSET);
    }

    /**
     * Sets {@code ts.tv_sec} and {@code ts.tv_usec}.
     *
     * @param header a {@code struct pcap_pkthdr} in native memory
     * @param seconds the value of {@code tv_sec}
     * @param fraction the value of {@code tv_usec}: micro- or nanoseconds, as the handle's precision says
     */
    public static void ts(MemorySegment header, long seconds, long fraction) {
        timeval.writeLong(header, ts$OFFSET + timeval.tv_sec$OFFSET, seconds);
        timeval.writeLong(header, ts$OFFSET + timeval.tv_usec$OFFSET, fraction);
    }

    /**
     * {@return {@code caplen}, an unsigned 32-bit value (always below 2^31 in practice: snaplen is an int)}
     *
     * @param header a {@code struct pcap_pkthdr} in native memory
     */
    public static int caplen(MemorySegment header) {
        return header.get(C_INT, caplen$OFFSET);
    }

    /**
     * Sets {@code caplen}.
     *
     * @param header a {@code struct pcap_pkthdr} in native memory
     * @param value the value to store
     */
    public static void caplen(MemorySegment header, int value) {
        header.set(C_INT, caplen$OFFSET, value);
    }

    /**
     * {@return {@code len}, an unsigned 32-bit value}
     *
     * @param header a {@code struct pcap_pkthdr} in native memory
     */
    public static int len(MemorySegment header) {
        return header.get(C_INT, len$OFFSET);
    }

    /**
     * Sets {@code len}.
     *
     * @param header a {@code struct pcap_pkthdr} in native memory
     * @param value the value to store
     */
    public static void len(MemorySegment header, int value) {
        header.set(C_INT, len$OFFSET, value);
    }
}
