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
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            timeval.LAYOUT.withName("ts"),
            C_INT.withName("caplen"),
            C_INT.withName("len"));

    public static final long ts$OFFSET = Structs.offset(LAYOUT, "ts");
    public static final long caplen$OFFSET = Structs.offset(LAYOUT, "caplen");
    public static final long len$OFFSET = Structs.offset(LAYOUT, "len");

    private pcap_pkthdr() {
    }

    public static long sizeof() {
        return LAYOUT.byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(LAYOUT);
    }

    /** {@code ts.tv_sec} */
    public static long ts_sec(MemorySegment header) {
        return timeval.readLong(header, ts$OFFSET + timeval.tv_sec$OFFSET);
    }

    /** {@code ts.tv_usec}: microseconds, or nanoseconds when the handle has nanosecond precision. */
    public static long ts_frac(MemorySegment header) {
        return timeval.readLong(header, ts$OFFSET + timeval.tv_usec$OFFSET);
    }

    /** Sets {@code ts.tv_sec} and {@code ts.tv_usec}. */
    public static void ts(MemorySegment header, long seconds, long fraction) {
        timeval.writeLong(header, ts$OFFSET + timeval.tv_sec$OFFSET, seconds);
        timeval.writeLong(header, ts$OFFSET + timeval.tv_usec$OFFSET, fraction);
    }

    /** {@code caplen}, an unsigned 32-bit value (always below 2^31 in practice: snaplen is an int). */
    public static int caplen(MemorySegment header) {
        return header.get(C_INT, caplen$OFFSET);
    }

    public static void caplen(MemorySegment header, int value) {
        header.set(C_INT, caplen$OFFSET, value);
    }

    /** {@code len}, an unsigned 32-bit value. */
    public static int len(MemorySegment header) {
        return header.get(C_INT, len$OFFSET);
    }

    public static void len(MemorySegment header, int value) {
        header.set(C_INT, len$OFFSET, value);
    }
}
