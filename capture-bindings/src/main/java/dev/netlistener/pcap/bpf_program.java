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
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            C_INT.withName("bf_len"),
            MemoryLayout.paddingLayout(C_POINTER.byteSize() - C_INT.byteSize()),
            C_POINTER.withName("bf_insns"));

    public static final long bf_len$OFFSET = Structs.offset(LAYOUT, "bf_len");
    public static final long bf_insns$OFFSET = Structs.offset(LAYOUT, "bf_insns");

    private bpf_program() {
    }

    public static long sizeof() {
        return LAYOUT.byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(LAYOUT);
    }

    public static int bf_len(MemorySegment program) {
        return program.get(C_INT, bf_len$OFFSET);
    }
}
