// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * <pre>
 * struct sockaddr_in {
 *     sa_family_t    sin_family;  // AF_INET
 *     in_port_t      sin_port;    // network byte order
 *     struct in_addr sin_addr;    // 4 bytes, network byte order
 *     unsigned char  sin_zero[8];
 * };
 * </pre>
 */
public final class sockaddr_in {
    /** The struct's layout, its fields named as in C. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sin_family"),
            ValueLayout.JAVA_SHORT.withName("sin_port"),
            MemoryLayout.sequenceLayout(4, ValueLayout.JAVA_BYTE).withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, ValueLayout.JAVA_BYTE).withName("sin_zero"));

    /** The byte offset of {@code sin_port}. */
    public static final long sin_port$OFFSET = Structs.offset(LAYOUT, "sin_port");
    /** The byte offset of {@code sin_addr}. */
    public static final long sin_addr$OFFSET = Structs.offset(LAYOUT, "sin_addr");
    /** The size of {@code sin_addr} in bytes. */
    public static final long sin_addr$SIZE = 4;

    private sockaddr_in() {
    }

    /** {@return the struct's size in bytes on this platform} */
    public static long sizeof() {
        return LAYOUT.byteSize();
    }

    /**
     * {@return the four address bytes in network order}
     *
     * @param address the struct, in native memory
     */
    public static byte[] sin_addr(MemorySegment address) {
        return address.asSlice(sin_addr$OFFSET, sin_addr$SIZE).toArray(ValueLayout.JAVA_BYTE);
    }
}
