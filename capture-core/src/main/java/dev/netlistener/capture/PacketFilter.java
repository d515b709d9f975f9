// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;
import dev.netlistener.pcap.bpf_program;
import dev.netlistener.pcap.pcap_pkthdr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A BPF filter applied to packets read from a file ({@code pcap_offline_filter}). A filter is
 * compiled for one link type, so this keeps one program per link type, compiled on first sight.
 *
 * <p>libpcap reads only memory this side owns: the header below, and the packet's captured bytes,
 * a bounds-checked slice of {@link CaptureFile}'s read buffer (the BPF machine never loads past the
 * captured length it is given). Nothing it reads can be unmapped or shrink under it.
 */
final class PacketFilter implements AutoCloseable {
    /** Filters not closed yet: their programs live in libpcap's heap, where no Java tool sees a leak. */
    private static final AtomicInteger LIVE = new AtomicInteger();

    private final String expression;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment header = pcap_pkthdr.allocate(arena);
    private final Map<Integer, MemorySegment> programs = new HashMap<>();
    private int cachedLinkType = Integer.MIN_VALUE;
    private MemorySegment cachedProgram;

    /** Compiles the filter once for Ethernet so that a syntax error shows at open, not mid-file. */
    PacketFilter(String expression) throws PcapException {
        this.expression = expression;
        LIVE.incrementAndGet();
        try {
            program(LibPcap.DLT_EN10MB);
        } catch (PcapException | RuntimeException e) {
            close();
            throw e;
        }
    }

    boolean matches(CaptureFile file) throws PcapException {
        MemorySegment program = program(file.linkType());
        pcap_pkthdr.ts(header, file.timestampNanos() / 1_000_000_000L, file.timestampNanos() % 1_000_000_000L / 1_000);
        pcap_pkthdr.caplen(header, file.capturedLength());
        pcap_pkthdr.len(header, file.wireLength());
        return LibPcap.pcap_offline_filter(program, header,
                file.segment().asSlice(file.dataOffset(), file.capturedLength())) != 0;
    }

    private MemorySegment program(int linkType) throws PcapException {
        if (linkType == cachedLinkType) {
            return cachedProgram;
        }
        MemorySegment program = programs.get(linkType);
        if (program == null) {
            program = compile(linkType);
            programs.put(linkType, program);
        }
        cachedLinkType = linkType;
        cachedProgram = program;
        return program;
    }

    private MemorySegment compile(int linkType) throws PcapException {
        MemorySegment program = bpf_program.allocate(arena);
        try (PcapHandle dead = PcapHandle.openDead(LinkTypes.toDlt(linkType), CaptureConfig.DEFAULT_SNAPLEN,
                TimestampPrecision.MICRO);
             Arena call = Arena.ofConfined()) {
            int status = LibPcap.pcap_compile(dead.pointer(), program, call.allocateFrom(expression), 1,
                    LibPcap.PCAP_NETMASK_UNKNOWN);
            if (status < 0) {
                throw new PcapException("compiling filter '" + expression + "' for link type " + dead.linkTypeName(),
                        status, NativeStrings.read(LibPcap.pcap_geterr(dead.pointer())),
                        "See man 7 pcap-filter for the syntax");
            }
        }
        return program;
    }

    /** How many filters are compiled and not closed, in this JVM. */
    static int live() {
        return LIVE.get();
    }

    /** Frees the programs; called once, by the owner. */
    @Override
    public void close() {
        for (MemorySegment program : programs.values()) {
            LibPcap.pcap_freecode(program);
        }
        programs.clear();
        arena.close();
        LIVE.decrementAndGet();
    }
}
