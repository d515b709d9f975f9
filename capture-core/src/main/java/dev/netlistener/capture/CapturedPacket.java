// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodedPacket;
import java.lang.foreign.MemorySegment;

/**
 * The flyweight {@link Capture#poll} hands to a {@link PacketHandler}: one instance, re-pointed
 * at each packet. Everything it returns is valid only during the call; copy what you keep. The
 * memory behind {@link #buffer()} belongs to the capture: reading it after {@link Capture#close()}
 * throws {@link IllegalStateException}.
 */
public final class CapturedPacket {
    private static final Direction[] DIRECTIONS = Direction.values();
    private DecodedPacket decoded;
    private MemorySegment buffer;
    private long offset;
    // An ordinal, and references stored only when they change: a reference store per packet pays
    // the garbage collector's write barrier.
    private byte direction;

    /** A view of no packet yet: the capture points it at each packet it hands to a {@link PacketHandler}. */
    public CapturedPacket() {
    }

    void set(DecodedPacket decoded, Direction direction, MemorySegment buffer, long offset) {
        if (this.decoded != decoded) {
            this.decoded = decoded;
        }
        if (this.buffer != buffer) {
            this.buffer = buffer;
        }
        this.offset = offset;
        this.direction = (byte) direction.ordinal();
    }

    /** {@return the decoded fields (timestamp, lengths, addresses, ports, status...)} */
    public DecodedPacket decoded() {
        return decoded;
    }

    /** {@return the packet's direction relative to the local networks} */
    public Direction direction() {
        return DIRECTIONS[direction];
    }

    /** {@return the captured bytes, exactly {@code decoded().capturedLength()} long (a view: cheap, no copy)} */
    public MemorySegment data() {
        return buffer.asSlice(offset, decoded.capturedLength());
    }

    /**
     * The memory holding the packet at {@link #dataOffset()}; with {@link #dataOffset()} and the
     * captured length this reads the bytes without even the view object {@link #data()} makes.
     *
     * @return the memory holding the packet
     */
    public MemorySegment buffer() {
        return buffer;
    }

    /** {@return where the packet's bytes start in {@link #buffer()}} */
    public long dataOffset() {
        return offset;
    }
}
