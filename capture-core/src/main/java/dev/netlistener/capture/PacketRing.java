package dev.netlistener.capture;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The hand-off between the capture thread (the one producer) and whoever consumes (one at a
 * time): a fixed ring of batches, each an off-heap slab of packet records. Memory is allocated
 * once, when the capture opens; the producer never blocks and never allocates: when every batch
 * is still held by the consumer, {@link #offer} refuses the packet and the caller counts a drop.
 *
 * <p>Batches are published whole (the Disruptor's batching): the producer fills one, then makes it
 * visible with one release store of {@code published}; the consumer reads it after an acquire load
 * and hands it back with one release store of {@code released}.
 *
 * <pre>
 * record (8-byte aligned, in a slab):
 *  0                   8                  12                 16                 20             24
 *  +-------------------+------------------+------------------+------------------+--------------+
 *  | timestamp (ns)    | captured length  | wire length      | link type        | reserved     |
 *  +-------------------+------------------+------------------+------------------+--------------+
 *  | captured bytes ... padded to a multiple of 8                                               |
 * </pre>
 */
final class PacketRing implements AutoCloseable {
    static final long MIN_BATCH_BYTES = 64 * 1024;
    static final int RECORD_HEADER = 24;
    static final long TIMESTAMP = 0;
    static final long CAPTURED_LENGTH = 8;
    static final long WIRE_LENGTH = 12;
    static final long LINK_TYPE = 16;
    private static final long PREFERRED_BATCH_BYTES = 1024 * 1024;

    private static final VarHandle PUBLISHED;
    private static final VarHandle RELEASED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PUBLISHED = lookup.findVarHandle(PacketRing.class, "published", long.class);
            RELEASED = lookup.findVarHandle(PacketRing.class, "released", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Arena arena = Arena.ofShared();
    private final Batch[] batches;
    private final long batchBytes;

    /** Batches published by the producer; written by the producer only. */
    @SuppressWarnings("unused")
    private volatile long published;
    /** Batches handed back by the consumer; written by the consumer only. */
    @SuppressWarnings("unused")
    private volatile long released;

    private Batch filling;

    /**
     * A ring of about {@code ringBytes}, in batches big enough for the largest record a snapshot
     * length of {@code snaplen} allows.
     */
    PacketRing(long ringBytes, int snaplen) {
        batchBytes = Math.max(PREFERRED_BATCH_BYTES, align(RECORD_HEADER + (long) snaplen));
        int count = (int) Math.max(2, Math.min(Integer.MAX_VALUE, ringBytes / batchBytes));
        batches = new Batch[count];
        for (int i = 0; i < count; i++) {
            batches[i] = new Batch(arena.allocate(batchBytes, 8));
        }
    }

    static long align(long length) {
        return (length + 7) & ~7L;
    }

    long capacityBytes() {
        return batchBytes * batches.length;
    }

    /** The most captured bytes one record can hold. */
    int maxCapturedLength() {
        return (int) Math.min(Integer.MAX_VALUE, batchBytes - RECORD_HEADER);
    }

    // ---- producer side (the capture thread) ---------------------------------------------------

    /**
     * Copies one packet into the ring.
     *
     * @return false when the ring is full: the packet is dropped and the caller counts it
     */
    boolean offer(long timestampNanos, int capturedLength, int wireLength, int linkType,
                  MemorySegment source, long sourceOffset) {
        long length = align(RECORD_HEADER + (long) capturedLength);
        Batch batch = filling;
        if (batch != null && batch.used + length > batchBytes) {
            publish();
            batch = null;
        }
        if (batch == null) {
            batch = claim();
            if (batch == null) {
                return false;
            }
        }
        MemorySegment slab = batch.slab;
        long at = batch.used;
        slab.set(ValueLayout.JAVA_LONG, at + TIMESTAMP, timestampNanos);
        slab.set(ValueLayout.JAVA_INT, at + CAPTURED_LENGTH, capturedLength);
        slab.set(ValueLayout.JAVA_INT, at + WIRE_LENGTH, wireLength);
        slab.set(ValueLayout.JAVA_INT, at + LINK_TYPE, linkType);
        MemorySegment.copy(source, sourceOffset, slab, at + RECORD_HEADER, capturedLength);
        if (batch.count == 0) {
            batch.firstTimestamp = timestampNanos;
        }
        batch.used = at + length;
        batch.count++;
        return true;
    }

    private Batch claim() {
        long next = (long) PUBLISHED.getOpaque(this);
        if (next - (long) RELEASED.getAcquire(this) >= batches.length) {
            return null;
        }
        Batch batch = batches[(int) (next % batches.length)];
        batch.used = 0;
        batch.count = 0;
        filling = batch;
        return batch;
    }

    /** Makes the batch being filled visible to the consumer (no-op when it is empty). */
    void publish() {
        Batch batch = filling;
        if (batch != null && batch.count > 0) {
            filling = null;
            PUBLISHED.setRelease(this, (long) PUBLISHED.getOpaque(this) + 1);
        }
    }

    /** The timestamp of the first packet in the batch being filled, or -1 when none is. */
    long fillingSince() {
        Batch batch = filling;
        return batch == null || batch.count == 0 ? -1 : batch.firstTimestamp;
    }

    // ---- consumer side (one consumer at a time, serialised by the caller) --------------------

    /** The oldest published batch not yet released, or null when the consumer has caught up. */
    Batch peek() {
        return peek(Long.MAX_VALUE);
    }

    /** Like {@link #peek()}, but only among the first {@code limit} batches ever published. */
    Batch peek(long limit) {
        long next = (long) RELEASED.getOpaque(this);
        if (next >= Math.min(limit, (long) PUBLISHED.getAcquire(this))) {
            return null;
        }
        return batches[(int) (next % batches.length)];
    }

    /** How many batches have been published so far: a bound for a consumer that must not chase the producer. */
    long published() {
        return (long) PUBLISHED.getAcquire(this);
    }

    /** Hands the batch from {@link #peek()} back to the producer. */
    void release() {
        RELEASED.setRelease(this, (long) RELEASED.getOpaque(this) + 1);
    }

    /** Batches published and not yet released. */
    long backlog() {
        return (long) PUBLISHED.getAcquire(this) - (long) RELEASED.getAcquire(this);
    }

    @Override
    public void close() {
        arena.close();
    }

    /** One slab of records. Written by the producer while filling, read by the consumer once published. */
    static final class Batch {
        final MemorySegment slab;
        long used;
        int count;
        long firstTimestamp;

        Batch(MemorySegment slab) {
            this.slab = slab;
        }
    }
}
