// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import static dev.netlistener.pcap.LibPcap.C_INT;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;

/**
 * <pre>
 * struct pcap_stat {
 *     u_int ps_recv;    // number of packets received
 *     u_int ps_drop;    // number of packets dropped because there was no room in the buffer
 *     u_int ps_ifdrop;  // drops by interface, not supported everywhere
 * };
 * </pre>
 * All three are unsigned 32-bit counters that wrap; read them with {@link Integer#toUnsignedLong}.
 */
public final class pcap_stat {
    /** The struct's layout, its fields named as in C. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            C_INT.withName("ps_recv"),
            C_INT.withName("ps_drop"),
            C_INT.withName("ps_ifdrop"));

    /** The byte offset of {@code ps_recv}. */
    public static final long ps_recv$OFFSET = Structs.offset(LAYOUT, "ps_recv");
    /** The byte offset of {@code ps_drop}. */
    public static final long ps_drop$OFFSET = Structs.offset(LAYOUT, "ps_drop");
    /** The byte offset of {@code ps_ifdrop}. */
    public static final long ps_ifdrop$OFFSET = Structs.offset(LAYOUT, "ps_ifdrop");

    private pcap_stat() {
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
     * {@return {@code ps_recv}}
     *
     * @param stat a {@code struct pcap_stat} in native memory
     */
    public static int ps_recv(MemorySegment stat) {
        return stat.get(C_INT, ps_recv$OFFSET);
    }

    /**
     * {@return {@code ps_drop}}
     *
     * @param stat a {@code struct pcap_stat} in native memory
     */
    public static int ps_drop(MemorySegment stat) {
        return stat.get(C_INT, ps_drop$OFFSET);
    }

    /**
     * {@return {@code ps_ifdrop}}
     *
     * @param stat a {@code struct pcap_stat} in native memory
     */
    public static int ps_ifdrop(MemorySegment stat) {
        return stat.get(C_INT, ps_ifdrop$OFFSET);
    }
}
