// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Big-endian (network order) unsigned reads at any alignment. Every read stays bounds-checked by
 * the Foreign Memory API; the views call these only after their {@code wrap} has checked that the
 * bytes lie inside the captured range.
 */
final class NetworkOrder {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private NetworkOrder() {
    }

    static int u8(MemorySegment segment, long offset) {
        return Byte.toUnsignedInt(segment.get(ValueLayout.JAVA_BYTE, offset));
    }

    static int u16(MemorySegment segment, long offset) {
        return Short.toUnsignedInt(segment.get(U16, offset));
    }

    /** Four bytes as an {@code int} (the IPv4 address form); use {@link #u32Unsigned} for counters. */
    static int i32(MemorySegment segment, long offset) {
        return segment.get(U32, offset);
    }

    static long u32Unsigned(MemorySegment segment, long offset) {
        return Integer.toUnsignedLong(segment.get(U32, offset));
    }

    static long i64(MemorySegment segment, long offset) {
        return segment.get(U64, offset);
    }

    /** A 48-bit MAC address in the low bits of a long. */
    static long mac(MemorySegment segment, long offset) {
        return (long) u16(segment, offset) << 32 | u32Unsigned(segment, offset + 2);
    }

    /**
     * A hardware address of 1 to 8 bytes as a big-endian number (a MAC when {@code length} is 6);
     * 0 for other lengths, which do not fit a long.
     */
    static long address(MemorySegment segment, long offset, int length) {
        if (length < 1 || length > 8) {
            return 0;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = value << 8 | u8(segment, offset + i);
        }
        return value;
    }
}
