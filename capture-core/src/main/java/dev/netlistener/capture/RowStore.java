// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodedPacket;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows a capture has decoded and the application has not yet taken: one producer (the thread
 * that decodes) appends, consumers ({@link Capture#get()}, serialised by the caller) take
 * everything appended so far as a {@link PacketTable}. No lock between the two sides: the
 * producer publishes its row count with a release store after each burst of rows (never per
 * row: a consumer polling the count would pull its cache line away from the producer at every
 * row), a consumer reads it with an acquire load and then reads only rows below it, which are
 * never written again.
 *
 * <p>Rows live in {@link RowChunk}s of {@value RowChunk#ROWS}, linked in append order. A chunk is
 * allocated when the previous one is full, never per {@code take()}: a table shares the chunks
 * it covers (starting part-way into the first), so taking costs in proportion to the rows taken.
 * A chunk becomes garbage once every row of it has been taken and its tables are gone.
 */
final class RowStore {
    /** The most rows one table holds (it indexes them with ints, counting from part-way into its first chunk). */
    static final int MAX_ROWS = Integer.MAX_VALUE - RowChunk.ROWS;
    private static final VarHandle APPENDED;
    private static final VarHandle TAKEN;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            APPENDED = lookup.findVarHandle(RowStore.class, "appended", long.class);
            TAKEN = lookup.findVarHandle(RowStore.class, "taken", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Rows ever appended; written by the producer only, published with release stores. */
    @SuppressWarnings("unused")
    private volatile long appended;
    /** Rows ever taken; written by consumers only (one at a time), read by the producer. */
    @SuppressWarnings("unused")
    private volatile long taken;

    // The producer's side: the chunk being filled, and the rows appended including those not yet published.
    private RowChunk tail = new RowChunk();
    private long written;

    // The consumers' side: the chunk holding the oldest row not yet taken, or the last chunk taken
    // from when that was taken whole (the next may not exist yet), and its number in append order.
    private RowChunk head = tail;
    private long headNumber;

    // ---- producer ------------------------------------------------------------------------------

    /**
     * Appends one decoded packet, decoded from {@code bytes} (which still hold it);
     * {@link #publish()} makes it visible to {@link #take()}.
     */
    void append(DecodedPacket packet, Direction direction, MemorySegment bytes) {
        RowChunk chunk = tail;
        if (chunk.isFull()) {
            RowChunk next = new RowChunk();
            // Published by the release store below, before any row of it can be taken.
            chunk.next = next;
            tail = next;
            chunk = next;
        }
        chunk.append(packet, direction, bytes);
        written++;
    }

    /** Makes every row appended so far visible to {@link #take()}. */
    void publish() {
        if (written != (long) APPENDED.getOpaque(this)) {
            APPENDED.setRelease(this, written);
        }
    }

    /** Rows appended (published or not) and not yet taken, as the producer sees them. */
    long waiting() {
        return written - (long) TAKEN.getAcquire(this);
    }

    // ---- consumers (one at a time) ------------------------------------------------------------

    /** Every row appended so far and not yet taken, as a table; those rows are never returned again. */
    PacketTable take() {
        long end = (long) APPENDED.getAcquire(this);
        long start = (long) TAKEN.getOpaque(this);
        int rows = (int) Math.min(MAX_ROWS, end - start);
        if (rows == 0) {
            return PacketTable.empty();
        }
        if (headNumber < start >>> RowChunk.SHIFT) {
            // The previous take ended a chunk exactly; row `start` is published, so its chunk is linked.
            head = head.next;
            headNumber++;
        }
        List<RowChunk> chunks = new ArrayList<>();
        RowChunk chunk = head;
        chunks.add(chunk);
        long last = start + rows - 1;
        for (long number = headNumber; number < last >>> RowChunk.SHIFT; number++) {
            chunk = chunk.next;
            chunks.add(chunk);
        }
        head = chunk;
        headNumber = last >>> RowChunk.SHIFT;
        TAKEN.setRelease(this, start + rows);
        return new PacketTable(chunks, (int) (start & RowChunk.MASK), rows);
    }
}
