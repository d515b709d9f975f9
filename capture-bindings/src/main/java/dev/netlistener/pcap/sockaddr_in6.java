// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * <pre>
 * struct sockaddr_in6 {
 *     sa_family_t     sin6_family;    // AF_INET6
 *     in_port_t       sin6_port;      // network byte order
 *     uint32_t        sin6_flowinfo;
 *     struct in6_addr sin6_addr;      // 16 bytes, network byte order
 *     uint32_t        sin6_scope_id;  // interface index for link-local addresses
 * };
 * </pre>
 */
public final class sockaddr_in6 {
    /** The struct's layout, its fields named as in C. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sin6_family"),
            ValueLayout.JAVA_SHORT.withName("sin6_port"),
            ValueLayout.JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, ValueLayout.JAVA_BYTE).withName("sin6_addr"),
            ValueLayout.JAVA_INT.withName("sin6_scope_id"));

    /** The byte offset of {@code sin6_port}. */
    public static final long sin6_port$OFFSET = Structs.offset(LAYOUT, "sin6_port");
    /** The byte offset of {@code sin6_flowinfo}. */
    public static final long sin6_flowinfo$OFFSET = Structs.offset(LAYOUT, "sin6_flowinfo");
    /** The byte offset of {@code sin6_addr}. */
    public static final long sin6_addr$OFFSET = Structs.offset(LAYOUT, "sin6_addr");
    /** The size of {@code sin6_addr} in bytes. */
    public static final long sin6_addr$SIZE = 16;
    /** The byte offset of {@code sin6_scope_id}. */
    public static final long sin6_scope_id$OFFSET = Structs.offset(LAYOUT, "sin6_scope_id");

    private sockaddr_in6() {
    }

    /** {@return the struct's size in bytes on this platform} */
    public static long sizeof() {
        return LAYOUT.byteSize();
    }

    /**
     * {@return the sixteen address bytes in network order}
     *
     * @param address the struct, in native memory
     */
    public static byte[] sin6_addr(MemorySegment address) {
        return address.asSlice(sin6_addr$OFFSET, sin6_addr$SIZE).toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * {@return the scope (interface index) of a link-local address, 0 when none}
     *
     * @param address the struct, in native memory
     */
    public static int sin6_scope_id(MemorySegment address) {
        return address.get(ValueLayout.JAVA_INT, sin6_scope_id$OFFSET);
    }
}
