// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * Linux link-layer address ({@code <linux/if_packet.h>}), reported by pcap_findalldevs for
 * family AF_PACKET:
 * <pre>
 * struct sockaddr_ll {
 *     unsigned short sll_family;    // AF_PACKET
 *     unsigned short sll_protocol;  // physical-layer protocol, network byte order
 *     int            sll_ifindex;   // interface number
 *     unsigned short sll_hatype;    // ARP hardware type (ARPHRD_ETHER = 1, ARPHRD_LOOPBACK = 772)
 *     unsigned char  sll_pkttype;
 *     unsigned char  sll_halen;     // length of the address
 *     unsigned char  sll_addr[8];   // physical-layer address
 * };
 * </pre>
 */
public final class sockaddr_ll {
    /** The struct's layout, its fields named as in C. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sll_family"),
            ValueLayout.JAVA_SHORT.withName("sll_protocol"),
            ValueLayout.JAVA_INT.withName("sll_ifindex"),
            ValueLayout.JAVA_SHORT.withName("sll_hatype"),
            ValueLayout.JAVA_BYTE.withName("sll_pkttype"),
            ValueLayout.JAVA_BYTE.withName("sll_halen"),
            MemoryLayout.sequenceLayout(8, ValueLayout.JAVA_BYTE).withName("sll_addr"));

    /** The byte offset of {@code sll_protocol}. */
    public static final long sll_protocol$OFFSET = Structs.offset(LAYOUT, "sll_protocol");
    /** The byte offset of {@code sll_ifindex}. */
    public static final long sll_ifindex$OFFSET = Structs.offset(LAYOUT, "sll_ifindex");
    /** The byte offset of {@code sll_hatype}. */
    public static final long sll_hatype$OFFSET = Structs.offset(LAYOUT, "sll_hatype");
    /** The byte offset of {@code sll_pkttype}. */
    public static final long sll_pkttype$OFFSET = Structs.offset(LAYOUT, "sll_pkttype");
    /** The byte offset of {@code sll_halen}. */
    public static final long sll_halen$OFFSET = Structs.offset(LAYOUT, "sll_halen");
    /** The byte offset of {@code sll_addr}. */
    public static final long sll_addr$OFFSET = Structs.offset(LAYOUT, "sll_addr");
    /** The size of {@code sll_addr} in bytes. */
    public static final long sll_addr$SIZE = 8;

    private sockaddr_ll() {
    }

    /** {@return the struct's size in bytes on this platform} */
    public static long sizeof() {
        return LAYOUT.byteSize();
    }

    /**
     * {@return {@code sll_ifindex}}
     *
     * @param address the struct, in native memory
     */
    public static int sll_ifindex(MemorySegment address) {
        return address.get(ValueLayout.JAVA_INT, sll_ifindex$OFFSET);
    }

    /**
     * {@return {@code sll_hatype}}
     *
     * @param address the struct, in native memory
     */
    public static int sll_hatype(MemorySegment address) {
        return Short.toUnsignedInt(address.get(ValueLayout.JAVA_SHORT, sll_hatype$OFFSET));
    }

    /**
     * {@return the first {@code sll_halen} bytes of {@code sll_addr} (at most 8)}
     *
     * @param address the struct, in native memory
     */
    public static byte[] sll_addr(MemorySegment address) {
        int length = Math.min(Byte.toUnsignedInt(address.get(ValueLayout.JAVA_BYTE, sll_halen$OFFSET)),
                (int) sll_addr$SIZE);
        return address.asSlice(sll_addr$OFFSET, length).toArray(ValueLayout.JAVA_BYTE);
    }
}
