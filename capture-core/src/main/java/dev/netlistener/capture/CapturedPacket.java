package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodedPacket;
import java.lang.foreign.MemorySegment;

/**
 * The flyweight {@link Capture#poll} hands to a {@link PacketHandler}: one instance, re-pointed
 * at each packet. Everything it returns is valid only during the call; copy what you keep.
 */
public final class CapturedPacket {
    private DecodedPacket decoded;
    private Direction direction;
    private MemorySegment slab;
    private long offset;
    private boolean endOfBatch;

    void set(DecodedPacket decoded, Direction direction, MemorySegment slab, long offset, boolean endOfBatch) {
        this.decoded = decoded;
        this.direction = direction;
        this.slab = slab;
        this.offset = offset;
        this.endOfBatch = endOfBatch;
    }

    /** The decoded fields (timestamp, lengths, addresses, ports, status...). */
    public DecodedPacket decoded() {
        return decoded;
    }

    public Direction direction() {
        return direction;
    }

    /** The captured bytes, exactly {@code decoded().capturedLength()} long (a view: cheap, no copy). */
    public MemorySegment data() {
        return slab.asSlice(offset, decoded.capturedLength());
    }

    /**
     * The memory holding the packet at {@link #dataOffset()}; with {@link #dataOffset()} and the
     * captured length this reads the bytes without even the view object {@link #data()} makes.
     */
    public MemorySegment buffer() {
        return slab;
    }

    public long dataOffset() {
        return offset;
    }

    /** True for the last packet of a batch: a good moment to flush work done per batch. */
    public boolean endOfBatch() {
        return endOfBatch;
    }
}
