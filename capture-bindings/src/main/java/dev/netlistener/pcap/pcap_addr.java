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
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            C_POINTER.withName("next"),
            C_POINTER.withName("addr"),
            C_POINTER.withName("netmask"),
            C_POINTER.withName("broadaddr"),
            C_POINTER.withName("dstaddr"));

    public static final long next$OFFSET = Structs.offset(LAYOUT, "next");
    public static final long addr$OFFSET = Structs.offset(LAYOUT, "addr");
    public static final long netmask$OFFSET = Structs.offset(LAYOUT, "netmask");
    public static final long broadaddr$OFFSET = Structs.offset(LAYOUT, "broadaddr");
    public static final long dstaddr$OFFSET = Structs.offset(LAYOUT, "dstaddr");

    private pcap_addr() {
    }

    public static long sizeof() {
        return LAYOUT.byteSize();
    }

    public static MemorySegment next(MemorySegment address) {
        return Structs.pointer(address, next$OFFSET, sizeof());
    }

    public static MemorySegment addr(MemorySegment address) {
        return sockaddr.sized(address.get(C_POINTER, addr$OFFSET));
    }

    public static MemorySegment netmask(MemorySegment address) {
        return sockaddr.sized(address.get(C_POINTER, netmask$OFFSET));
    }

    public static MemorySegment broadaddr(MemorySegment address) {
        return sockaddr.sized(address.get(C_POINTER, broadaddr$OFFSET));
    }

    public static MemorySegment dstaddr(MemorySegment address) {
        return sockaddr.sized(address.get(C_POINTER, dstaddr$OFFSET));
    }
}
