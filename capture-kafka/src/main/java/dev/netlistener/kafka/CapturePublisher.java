// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.kafka;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureStats;
import dev.netlistener.capture.PacketTable;
import java.time.Duration;
import java.util.Optional;

/**
 * Moves what a {@link Capture} produces into a {@link KafkaSink}, on a thread of its own: every
 * {@code interval} one {@code get()} (one packet-batch record) and the flows that ended since the
 * last look; sooner once {@code retention} rows wait (a file's reader stops there, a live capture would
 * drop rows), or the input ended. The capture's own thread is never touched: it fills the capture's rows, and this
 * thread only takes them. {@link #finish()} publishes the rest once the capture has ended.
 */
public final class CapturePublisher implements AutoCloseable {
    /** How often the thread looks whether a batch is full, between intervals. */
    private static final long LOOK_MILLIS = 20;
    private final Capture capture;
    private final KafkaSink sink;
    private final Duration interval;
    private final Thread thread;
    /** Woken by {@link #stop()}: the thread is never interrupted, as it may hold rows taken from the capture. */
    private final Object wake = new Object();
    private volatile boolean running = true;
    /** Rows taken by this thread's {@code get()} calls, to tell how many wait. */
    private long taken;
    private volatile Throwable failure;

    private CapturePublisher(Capture capture, KafkaSink sink, Duration interval) {
        this.capture = capture;
        this.sink = sink;
        this.interval = interval;
        this.thread = new Thread(this::run, "netlistener-kafka-publisher");
        thread.setDaemon(true);
    }

    /**
     * Starts publishing {@code capture} to {@code sink}.
     *
     * @param capture  a capture with {@code Delivery.TABLE} (the default)
     * @param sink     where to publish
     * @param interval how often to take the capture's rows and ended flows
     * @return the publisher, running
     */
    public static CapturePublisher start(Capture capture, KafkaSink sink, Duration interval) {
        CapturePublisher publisher = new CapturePublisher(capture, sink, interval);
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
     * Waits for the interval to pass, or less: until {@code retention} rows wait (a file's reader
     * stops there, and a live capture would start dropping rows), or the input ended with rows
     * still to take.
     */
    private void awaitBatch() throws InterruptedException {
        long deadline = System.nanoTime() + interval.toNanos();
        while (running) {
            long waiting = rowsWaiting();
            if (waiting >= capture.config().retention() || waiting > 0 && capture.isInputEnded()) {
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

    /** Publishes one {@code get()} and the flows ended since the last; returns the rows published. */
    private int publishOnce() throws InterruptedException {
        PacketTable table = capture.get();
        sink.publish(table);
        if (capture.config().flowCapacity() > 0) {
            sink.publishEnded(capture.flows().ended());
        }
        return table.size();
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
