package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;
import dev.netlistener.pcap.pcap_pkthdr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes packets to a pcap file through libpcap ({@code pcap_dump_open} / {@code pcap_dump}), so
 * the file is exactly what tcpdump would write. One thread writes at a time. Writing a packet
 * allocates nothing when its bytes are already native memory.
 */
public final class PcapWriter implements AutoCloseable {
    private final PcapHandle ownedHandle;
    private final MemorySegment dumper;
    private final String file;
    private final int nanosPerUnit;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment header = pcap_pkthdr.allocate(arena);
    private final AtomicBoolean closed = new AtomicBoolean();
    private MemorySegment scratch = MemorySegment.NULL;

    private PcapWriter(PcapHandle handle, PcapHandle ownedHandle, Path file) throws PcapException {
        this.ownedHandle = ownedHandle;
        this.file = file.toString();
        this.nanosPerUnit = handle.timestampPrecision().nanosPerUnit();
        MemorySegment p = handle.pointer();
        try (Arena call = Arena.ofConfined()) {
            dumper = LibPcap.pcap_dump_open(p, call.allocateFrom(this.file));
        }
        if (dumper.equals(MemorySegment.NULL)) {
            String message = NativeStrings.read(LibPcap.pcap_geterr(p));
            arena.close();
            throw new PcapException("creating capture file '" + file + "'", LibPcap.PCAP_ERROR, message,
                    "Check that the directory exists and is writable");
        }
    }

    /** A writer for packets read from {@code handle}: same link type, snapshot length and precision. */
    public static PcapWriter open(PcapHandle handle, Path file) throws PcapException {
        return new PcapWriter(handle, null, file);
    }

    /** A writer for packets of the given link type ({@code DLT_*}), snapshot length and precision. */
    public static PcapWriter open(Path file, int linkType, int snaplen, TimestampPrecision precision)
            throws PcapException {
        PcapHandle dead = PcapHandle.openDead(linkType, snaplen, precision);
        try {
            return new PcapWriter(dead, dead, file);
        } catch (PcapException | RuntimeException e) {
            dead.close();
            throw e;
        }
    }

    /** Writes one packet whose whole captured part is {@code data}. */
    public void write(long timestampNanos, int wireLength, MemorySegment data) {
        write(timestampNanos, wireLength, data, 0, Math.toIntExact(data.byteSize()));
    }

    /**
     * Writes one packet: {@code capturedLength} bytes of {@code data} from {@code offset}, which
     * was {@code wireLength} bytes on the wire.
     */
    public void write(long timestampNanos, int wireLength, MemorySegment data, long offset, int capturedLength) {
        if (closed.get()) {
            throw new IllegalStateException("the writer for '" + file + "' is closed");
        }
        MemorySegment bytes = data.asSlice(offset, capturedLength);
        if (!bytes.isNative()) {
            bytes = scratch(capturedLength).copyFrom(bytes);
        }
        pcap_pkthdr.ts(header, Math.floorDiv(timestampNanos, 1_000_000_000L),
                Math.floorMod(timestampNanos, 1_000_000_000L) / nanosPerUnit);
        pcap_pkthdr.caplen(header, capturedLength);
        pcap_pkthdr.len(header, Math.max(wireLength, capturedLength));
        LibPcap.pcap_dump(dumper, header, bytes);
    }

    private MemorySegment scratch(int size) {
        if (scratch.byteSize() < size) {
            // Doubling keeps the memory held until close() within twice the largest packet.
            scratch = arena.allocate(Math.max(size, Math.max(2048, 2 * scratch.byteSize())));
        }
        return scratch.asSlice(0, size);
    }

    /** Pushes buffered packets to the file. */
    public void flush() throws PcapException {
        if (!closed.get() && LibPcap.pcap_dump_flush(dumper) != 0) {
            throw new PcapException("flushing '" + file + "'", LibPcap.PCAP_ERROR, "write error", "Is the disk full?");
        }
    }

    /** Flushes and closes the file; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            LibPcap.pcap_dump_close(dumper);
            arena.close();
            if (ownedHandle != null) {
                ownedHandle.close();
            }
        }
    }
}
