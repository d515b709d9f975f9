// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.decode.PacketDecoder;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The hand-off between the thread that decodes and get() on its own: rows taken exactly once, in
 * order, whatever the sizes of bursts and takes, chunk boundaries included, and only rows that
 * were published.
 */
class RowStoreTest {
    private final PacketDecoder decoder = new PacketDecoder();
    private final MemorySegment frame = Arena.ofAuto().allocate(42 + 8);

    RowStoreTest() {
        Fixtures.udpFrame(frame, 0x0A000001, 0x0A000002, 1024, 53, 8);
    }

    /** Appends the row whose timestamp is {@code index}. */
    private void append(RowStore store, long index) {
        store.append(decoder.decode(frame, 0, (int) frame.byteSize(), (int) frame.byteSize(), 1, index),
                Direction.UNKNOWN, frame);
    }

    private static void assertRows(PacketTable table, long first, int size) {
        assertEquals(size, table.size());
        for (int row = 0; row < size; row++) {
            assertEquals(first + row, table.timestampNanos(row), "row " + row);
        }
    }

    @Test
    void takesThatEndExactlyOnAChunkBoundaryGoOnInTheNextChunk() {
        RowStore store = new RowStore();
        long next = 0;
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < RowChunk.ROWS; i++) {
                append(store, next + i);
            }
            store.publish();
            assertRows(store.take(), next, RowChunk.ROWS);
            next += RowChunk.ROWS;
            assertEquals(0, store.take().size(), "nothing twice");
            append(store, next);
            assertEquals(0, store.take().size(), "an unpublished row is not taken");
            store.publish();
            assertRows(store.take(), next, 1);
            next++;
            // Back onto a boundary for the next round: fill the rest of this chunk.
            for (int i = 0; i < RowChunk.ROWS - 1; i++) {
                append(store, next + i);
            }
            store.publish();
            assertRows(store.take(), next, RowChunk.ROWS - 1);
            next += RowChunk.ROWS - 1;
        }
    }

    @Test
    void aTakeSpanningManyChunksStartsPartWayIntoTheFirst() {
        RowStore store = new RowStore();
        for (int i = 0; i < 100; i++) {
            append(store, i);
        }
        store.publish();
        assertRows(store.take(), 0, 100);
        int many = 3 * RowChunk.ROWS + 7;
        for (int i = 0; i < many; i++) {
            append(store, 100 + i);
        }
        store.publish();
        PacketTable table = store.take();
        assertRows(table, 100, many);
        assertRows(table.head(5), 100, 5);
        // Slices that start in a later chunk than the table, end on a boundary or cross one.
        int intoSecond = RowChunk.ROWS - 100 + 3;
        assertRows(table.slice(intoSecond, intoSecond + 10), 100 + intoSecond, 10);
        assertRows(table.slice(RowChunk.ROWS - 110, RowChunk.ROWS - 100), RowChunk.ROWS - 10, 10);
        assertRows(table.slice(many - 7, many), 100 + many - 7, 7);
        assertRows(table.slice(0, many).slice(many - 20, many).slice(5, 10), 100 + many - 15, 5);
        assertEquals(0, table.slice(many, many).size());
        assertThrows(IndexOutOfBoundsException.class, () -> table.slice(5, many + 1));
        assertEquals(0, store.waiting());
    }

    @Test
    void concurrentTakesSeeEveryRowOnceInOrder() throws Exception {
        int rows = 1_000_000;
        RowStore store = new RowStore();
        ConcurrentLinkedQueue<PacketTable> taken = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> consumers = new ArrayList<>();
        Object takeLock = new Object();
        for (int t = 0; t < 2; t++) {
            consumers.add(Thread.ofPlatform().start(() -> {
                while (!done.get()) {
                    synchronized (takeLock) {
                        taken.add(store.take());
                    }
                }
            }));
        }
        SplittableRandom random = new SplittableRandom(20261130);
        for (int next = 0; next < rows; ) {
            // Bursts of every size, some ending exactly on a chunk boundary.
            int burst = random.nextInt(4) == 0 ? RowChunk.ROWS - next % RowChunk.ROWS : 1 + random.nextInt(5_000);
            burst = Math.min(burst, rows - next);
            for (int i = 0; i < burst; i++) {
                append(store, next++);
            }
            store.publish();
        }
        done.set(true);
        for (Thread consumer : consumers) {
            consumer.join();
        }
        taken.add(store.take());
        long expected = 0;
        int nonEmpty = 0;
        // One lock serialises the takes, so the queue holds them in take order.
        for (PacketTable table : taken) {
            assertRows(table, expected, table.size());
            expected += table.size();
            nonEmpty += table.isEmpty() ? 0 : 1;
        }
        assertEquals(rows, expected);
        assertTrue(nonEmpty > 1, "the consumers took while rows were appended");
    }
}
