// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import static dev.netlistener.pcap.LibPcap.C_POINTER;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * <pre>
 * struct pcap_addr {
 *     struct pcap_addr *next;
 *     struct sockaddr *addr;       // address
 *     struct sockaddr *netmask;    // netmask for that address
 *     struct sockaddr *broadaddr;  // broadcast address for that address
 *     struct sockaddr *dstaddr;    // P2P destination address for that address
 * };
 * </pre>
 * Every pointer may be NULL. The sockaddr accessors size each sockaddr by its own {@code sa_family}
 * (see {@link sockaddr#sized}), the way libpcap allocated it, so reads stay inside it.
 */
public final class pcap_addr {
    /** The struct's layout, its fields named as in C. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            C_POINTER.withName("next"),
            C_POINTER.withName("addr"),
            C_POINTER.withName("netmask"),
            C_POINTER.withName("broadaddr"),
            C_POINTER.withName("dstaddr"));

    /** The byte offset of {@code next}. */
    public static final long next$OFFSET = Structs.offset(LAYOUT, "next");
    /** The byte offset of {@code addr}. */
    public static final long addr$OFFSET = Structs.offset(LAYOUT, "addr");
    /** The byte offset of {@code netmask}. */
    public static final long netmask$OFFSET = Structs.offset(LAYOUT, "netmask");
    /** The byte offset of {@code broadaddr}. */
    public static final long broadaddr$OFFSET = Structs.offset(LAYOUT, "broadaddr");
    /** The byte offset of {@code dstaddr}. */
    public static final long dstaddr$OFFSET = Structs.offset(LAYOUT, "dstaddr");

    private pcap_addr() {
    }

    /** {@return the struct's size in bytes on this platform} */
    public static long sizeof() {
        return LAYOUT.byteSize();
    }

    /**
     * {@return {@code next}}
     *
     * @param address the struct, in native memory
     */
    public static MemorySegment next(MemorySegment address) {
        return Structs.pointer(address, next$OFFSET, sizeof());
    }

    /**
     * {@return {@code addr}}
     *
     * @param address the struct, in native memory
     */
    public static MemorySegment addr(MemorySegment address) {
        return sockaddr.sized(address.get(C_POINTER, addr$OFFSET));
    }

    /**
     * {@return {@code netmask}}
     *
     * @param address the struct, in native memory
     */
    public static MemorySegment netmask(MemorySegment address) {
        return sockaddr.sized(address.get(C_POINTER, netmask$OFFSET));
    }

    /**
     * {@return {@code broadaddr}}
     *
     * @param address the struct, in native memory
     */
    public static MemorySegment broadaddr(MemorySegment address) {
        return sockaddr.sized(address.get(C_POINTER, broadaddr$OFFSET));
    }

    /**
     * {@return {@code dstaddr}}
     *
     * @param address the struct, in native memory
     */
    public static MemorySegment dstaddr(MemorySegment address) {
        return sockaddr.sized(address.get(C_POINTER, dstaddr$OFFSET));
    }
}
