// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/** Small helpers shared by the struct classes. */
final class Structs {
    private Structs() {
    }

    static long offset(StructLayout layout, String field) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

    /**
     * Reads a pointer field and gives it the size of the struct it points to, so that the caller
     * reads it with bounds checks; a NULL pointer stays {@link MemorySegment#NULL}.
     */
    static MemorySegment pointer(MemorySegment struct, long offset, long targetSize) {
        MemorySegment pointer = struct.get(ValueLayout.ADDRESS, offset);
        return pointer.equals(MemorySegment.NULL) ? MemorySegment.NULL : pointer.reinterpret(targetSize);
    }
}
