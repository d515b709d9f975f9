// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

import java.util.ArrayDeque;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The bounded buffer between whoever hands records to a {@link KafkaSink} and its publishing
 * thread, bounded by the bytes of the values it holds. {@link #offer} never waits: a record that
 * does not fit is refused (the caller counts it dropped); {@link #put} waits for room (files).
 */
final class PublishQueue {
    /** What a record holds, for the counters. */
    enum Kind { PACKETS, FLOW, FLOW_SNAPSHOT }

    /** A record on its way, with what it counts for. */
    record Pending(ProducerRecord<byte[], byte[]> record, Kind kind, int rows) {
        int bytes() {
            return record.value().length;
        }
    }

    private final long capacityBytes;
    private final ArrayDeque<Pending> records = new ArrayDeque<>();
    private long bytes;
    private boolean closed;

    PublishQueue(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    /** Adds {@code pending} if it fits (a record larger than the whole buffer fits an empty one); false otherwise. */
    synchronized boolean offer(Pending pending) {
        if (closed || !fits(pending)) {
            return false;
        }
        add(pending);
        return true;
    }

    /** Adds {@code pending}, waiting for room; false when the queue was closed meanwhile. */
    synchronized boolean put(Pending pending) throws InterruptedException {
        while (!closed && !fits(pending)) {
            wait();
        }
        if (closed) {
            return false;
        }
        add(pending);
        return true;
    }

    private boolean fits(Pending pending) {
        return records.isEmpty() || bytes + pending.bytes() <= capacityBytes;
    }

    private void add(Pending pending) {
        records.addLast(pending);
        bytes += pending.bytes();
        notifyAll();
    }

    /**
     * Puts {@code pending} back at the head, whatever room there is: a record that failed and is
     * tried again goes before the others, and bounds the buffer only by what was in it already.
     */
    synchronized void putBack(Pending pending) {
        records.addFirst(pending);
        bytes += pending.bytes();
        notifyAll();
    }

    /** The next record, waiting for one; null once closed and empty. */
    synchronized Pending take() throws InterruptedException {
        while (records.isEmpty() && !closed) {
            wait();
        }
        Pending pending = records.pollFirst();
        if (pending != null) {
            bytes -= pending.bytes();
            notifyAll();
        }
        return pending;
    }

    /** Refuses new records; {@link #take()} hands out the rest, then null. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized long bytes() {
        return bytes;
    }
}
