// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.pcap;

import static dev.netlistener.pcap.LibPcap.C_INT;
import static dev.netlistener.pcap.LibPcap.C_POINTER;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;

/**
 * <pre>
 * struct bpf_program {
 *     u_int bf_len;               // number of instructions
 *     struct bpf_insn *bf_insns;  // allocated by pcap_compile, freed by pcap_freecode
 * };
 * </pre>
 */
public final class bpf_program {
    /** The struct's layout, its fields named as in C. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            C_INT.withName("bf_len"),
            MemoryLayout.paddingLayout(C_POINTER.byteSize() - C_INT.byteSize()),
            C_POINTER.withName("bf_insns"));

    /** The byte offset of {@code bf_len}. */
    public static final long bf_len$OFFSET = Structs.offset(LAYOUT, "bf_len");
    /** The byte offset of {@code bf_insns}. */
    public static final long bf_insns$OFFSET = Structs.offset(LAYOUT, "bf_insns");

    private bpf_program() {
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
     * {@return {@code bf_len}}
     *
     * @param program a {@code struct bpf_program} in native memory
     */
    public static int bf_len(MemorySegment program) {
        return program.get(C_INT, bf_len$OFFSET);
    }
}
