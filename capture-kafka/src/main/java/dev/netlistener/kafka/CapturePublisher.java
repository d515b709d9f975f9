// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureStats;
import dev.netlistener.capture.FlowSnapshot;
import dev.netlistener.capture.PacketTable;
import java.time.Duration;
import java.util.Optional;

/**
 * Moves what a {@link Capture} produces into a {@link KafkaSink}, on a thread of its own: every
 * {@code interval} one {@code get()} (one packet-batch record, or a few when it is large) and the
 * flows that ended since the last look; sooner once a quarter of the capture's {@code retention}
 * rows wait, or the input ended. The other three quarters are slack: while one publish is slow
 * (the first, in a cold JVM, takes most of a second) the capture goes on filling rows instead of
 * dropping them (live) or stopping (a file's reader). Every {@code snapshotInterval}
 * it also publishes a snapshot of each flow still active, so that consumers see long
 * conversations before they end. The capture's own thread is never touched: it fills the
 * capture's rows, and this thread only takes them (ended flows are taken without copying the
 * active ones; a snapshot copies them, under the capture's lock, once per snapshot interval).
 * {@link #finish()} publishes the rest once the capture has ended.
 */
public final class CapturePublisher implements AutoCloseable {
    /** How often the thread looks whether a batch is full, between intervals. */
    private static final long LOOK_MILLIS = 20;
    private final Capture capture;
    private final KafkaSink sink;
    private final Duration interval;
    /** Nanoseconds between snapshots of the active flows; 0: none. */
    private final long snapshotNanos;
    private long nextSnapshot;
    private volatile long endedLost;
    private final Thread thread;
    /** Woken by {@link #stop()}: the thread is never interrupted, as it may hold rows taken from the capture. */
    private final Object wake = new Object();
    private volatile boolean running = true;
    /** Rows taken by this thread's {@code get()} calls, to tell how many wait. */
    private long taken;
    private volatile Throwable failure;

    private CapturePublisher(Capture capture, KafkaSink sink, Duration interval, Duration snapshotInterval) {
        this.capture = capture;
        this.sink = sink;
        this.interval = interval;
        this.snapshotNanos = snapshotInterval.toNanos();
        this.nextSnapshot = System.nanoTime() + snapshotNanos;
        this.thread = new Thread(this::run, "netlistener-kafka-publisher");
        thread.setDaemon(true);
    }

    /**
     * Starts publishing {@code capture} to {@code sink}, without snapshots of active flows.
     *
     * @param capture  a capture with {@code Delivery.TABLE} (the default)
     * @param sink     where to publish
     * @param interval how often to take the capture's rows and ended flows
     * @return the publisher, running
     */
    public static CapturePublisher start(Capture capture, KafkaSink sink, Duration interval) {
        return start(capture, sink, interval, Duration.ZERO);
    }

    /**
     * Starts publishing {@code capture} to {@code sink}, with a snapshot of every active flow each
     * {@code snapshotInterval} (the first one interval after the start).
     *
     * @param capture          a capture with {@code Delivery.TABLE} (the default)
     * @param sink             where to publish
     * @param interval         how often to take the capture's rows and ended flows
     * @param snapshotInterval how often to publish the active flows; zero for never
     * @return the publisher, running
     */
    public static CapturePublisher start(Capture capture, KafkaSink sink, Duration interval, Duration snapshotInterval) {
        if (snapshotInterval.isNegative()) {
            throw new IllegalArgumentException("snapshotInterval must not be negative, got " + snapshotInterval);
        }
        CapturePublisher publisher = new CapturePublisher(capture, sink, interval, snapshotInterval);
        publisher.thread.start();
        return publisher;
    }

    private void run() {
        try {
            while (running) {
                awaitBatch();
                taken += publishOnce();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
    }

    /**
     * Waits for the interval to pass, or less: until a quarter of {@code retention} rows wait, or
     * the input ended with rows still to take.
     */
    private void awaitBatch() throws InterruptedException {
        long deadline = System.nanoTime() + interval.toNanos();
        long batch = Math.max(1, capture.config().retention() / 4);
        while (running) {
            long waiting = rowsWaiting();
            if (waiting >= batch || waiting > 0 && capture.isInputEnded()) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            synchronized (wake) {
                if (running) {
                    wake.wait(Math.max(1, Math.min(LOOK_MILLIS, left / 1_000_000)));
                }
            }
        }
    }

    private long rowsWaiting() {
        CaptureStats stats = capture.stats();
        return stats.captured() - stats.droppedByRetention() - taken;
    }

    /**
     * Publishes one {@code get()}, the flows ended since the last, and the active flows when a
     * snapshot is due (never after the capture closed: its flows have all ended); returns the rows published.
     */
    private int publishOnce() throws InterruptedException {
        PacketTable table = capture.get();
        sink.publish(table);
        if (capture.config().flowCapacity() > 0) {
            boolean snapshot = snapshotNanos > 0 && running && System.nanoTime() - nextSnapshot >= 0;
            FlowSnapshot flows = snapshot ? capture.flows() : capture.endedFlows();
            endedLost += flows.endedLost();
            sink.publishFlows(flows.ended());
            if (snapshot) {
                sink.publishFlows(flows.active());
                nextSnapshot = System.nanoTime() + snapshotNanos;
            }
        }
        return table.size();
    }

    /**
     * {@return ended flows the capture dropped before this publisher took them} (its buffer of
     * ended flows, as large as the flow table, overflowed within one interval; read after {@link #finish()})
     */
    public long endedFlowsLost() {
        return endedLost;
    }

    /**
     * Stops the thread, then publishes what the capture still holds: its last rows and, once it is
     * closed, the flows its close ended. Call after the capture's input ended (a file) or after
     * {@code capture.close()} (live).
     *
     * @throws InterruptedException when waiting for the thread, or for room in the sink, is interrupted
     */
    public void finish() throws InterruptedException {
        stop();
        publishOnce();
    }

    /** {@return the failure that stopped the publishing thread (a bug), if any} */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    private void stop() throws InterruptedException {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        thread.join();
    }

    /**
     * Stops the thread; what the capture still holds is not published (see {@link #finish()}). An
     * interrupt while waiting for it is kept for the caller to see.
     */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
