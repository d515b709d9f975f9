// SPDX-License-Identifier: Apache-2.0
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
    /** The struct's layout, its fields named as in C. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            C_POINTER.withName("next"),
            C_POINTER.withName("name"),
            C_POINTER.withName("description"),
            C_POINTER.withName("addresses"),
            C_INT.withName("flags"),
            MemoryLayout.paddingLayout(C_POINTER.byteSize() - C_INT.byteSize()));

    /** The byte offset of {@code next}. */
    public static final long next$OFFSET = Structs.offset(LAYOUT, "next");
    /** The byte offset of {@code name}. */
    public static final long name$OFFSET = Structs.offset(LAYOUT, "name");
    /** The byte offset of {@code description}. */
    public static final long description$OFFSET = Structs.offset(LAYOUT, "description");
    /** The byte offset of {@code addresses}. */
    public static final long addresses$OFFSET = Structs.offset(LAYOUT, "addresses");
    /** The byte offset of {@code flags}. */
    public static final long flags$OFFSET = Structs.offset(LAYOUT, "flags");

    private pcap_if() {
    }

    /** {@return the struct's size in bytes on this platform} */
    public static long sizeof() {
        return LAYOUT.byteSize();
    }

    /**
     * Views a {@code pcap_if_t *} (NULL stays NULL) with this struct's size.
     *
     * @param pointer the pointer libpcap handed out
     * @return the sized view, or NULL for NULL
     */
    public static MemorySegment reinterpret(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? MemorySegment.NULL : pointer.reinterpret(sizeof());
    }

    /**
     * {@return {@code next}}
     *
     * @param device a {@code pcap_if_t} in native memory
     */
    public static MemorySegment next(MemorySegment device) {
        return Structs.pointer(device, next$OFFSET, sizeof());
    }

    /**
     * {@return {@code char *name}: a zero-length pointer; read it as a C string}
     *
     * @param device a {@code pcap_if_t} in native memory
     */
    public static MemorySegment name(MemorySegment device) {
        return device.get(C_POINTER, name$OFFSET);
    }

    /**
     * {@return {@code char *description}, possibly NULL}
     *
     * @param device a {@code pcap_if_t} in native memory
     */
    public static MemorySegment description(MemorySegment device) {
        return device.get(C_POINTER, description$OFFSET);
    }

    /**
     * {@return the first {@code pcap_addr}, sized, or NULL}
     *
     * @param device a {@code pcap_if_t} in native memory
     */
    public static MemorySegment addresses(MemorySegment device) {
        return Structs.pointer(device, addresses$OFFSET, pcap_addr.sizeof());
    }

    /**
     * {@return {@code flags}}
     *
     * @param device a {@code pcap_if_t} in native memory
     */
    public static int flags(MemorySegment device) {
        return device.get(C_INT, flags$OFFSET);
    }
}
