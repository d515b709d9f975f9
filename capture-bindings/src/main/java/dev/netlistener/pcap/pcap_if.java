package dev.netlistener.pcap;

import static dev.netlistener.pcap.LibPcap.C_INT;
import static dev.netlistener.pcap.LibPcap.C_POINTER;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;

/**
 * <pre>
 * struct pcap_if {
 *     struct pcap_if *next;
 *     char *name;                 // name to hand to pcap_open_live() / pcap_create()
 *     char *description;          // textual description of interface, or NULL
 *     struct pcap_addr *addresses;
 *     bpf_u_int32 flags;          // PCAP_IF_ interface flags
 * };
 * </pre>
 */
public final class pcap_if {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            C_POINTER.withName("next"),
            C_POINTER.withName("name"),
            C_POINTER.withName("description"),
            C_POINTER.withName("addresses"),
            C_INT.withName("flags"),
            MemoryLayout.paddingLayout(C_POINTER.byteSize() - C_INT.byteSize()));

    public static final long next$OFFSET = Structs.offset(LAYOUT, "next");
    public static final long name$OFFSET = Structs.offset(LAYOUT, "name");
    public static final long description$OFFSET = Structs.offset(LAYOUT, "description");
    public static final long addresses$OFFSET = Structs.offset(LAYOUT, "addresses");
    public static final long flags$OFFSET = Structs.offset(LAYOUT, "flags");

    private pcap_if() {
    }

    public static long sizeof() {
        return LAYOUT.byteSize();
    }

    /** Views a {@code pcap_if_t *} (NULL stays NULL) with this struct's size. */
    public static MemorySegment reinterpret(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? MemorySegment.NULL : pointer.reinterpret(sizeof());
    }

    public static MemorySegment next(MemorySegment device) {
        return Structs.pointer(device, next$OFFSET, sizeof());
    }

    /** {@code char *name}: a zero-length pointer; read it as a C string. */
    public static MemorySegment name(MemorySegment device) {
        return device.get(C_POINTER, name$OFFSET);
    }

    /** {@code char *description}, possibly NULL. */
    public static MemorySegment description(MemorySegment device) {
        return device.get(C_POINTER, description$OFFSET);
    }

    /** The first {@code pcap_addr}, sized, or NULL. */
    public static MemorySegment addresses(MemorySegment device) {
        return Structs.pointer(device, addresses$OFFSET, pcap_addr.sizeof());
    }

    public static int flags(MemorySegment device) {
        return device.get(C_INT, flags$OFFSET);
    }
}
