// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What the capture thread does when the rows waiting for {@link Capture#get()} have reached the
 * retention bound: wait for the application, or read on and drop rows.
 *
 * <ul>
 *   <li>A file has no kernel to lose packets, so its reader waits as long as it takes.</li>
 *   <li>A live capture waits while the kernel's buffer still has room: at most
 *       {@link #PATIENCE_NANOS}, at most half the time the buffer takes to fill at the rate
 *       packets last arrived, and only while the kernel's drop counter stands still. An
 *       application that calls {@code get()} a little late, a GC pause, loses nothing. After
 *       that it reads on, without waiting again until the
 *       application has made room: each packet is still decoded, counted into the flow table and
 *       written to the pcap file, and only its row is dropped (counted in
 *       {@link CaptureStats#droppedByRetention()}), so that a slow consumer costs rows rather
 *       than kernel drops (measured: not always at the moment the rows first fill; see
 *       capture-bench/README.md).</li>
 * </ul>
 *
 * Used by the capture thread only.
 */
final class BackPressure {
    /** How long a live capture lets packets wait in the kernel buffer, at most, for room in the rows. */
    static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /**
     * What a packet takes in the kernel's buffer besides its bytes (TPACKET_V3's header, the
     * link-layer address, alignment), about: a little more than it does, to err on the side of
     * reading on.
     */
    static final long PACKET_OVERHEAD = 80;
    /** How often the arrival rate is measured, in nanoseconds. */
    static final long RATE_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final boolean live;
    private final long bufferBytes;
    private final LongSupplier kernelDrops;
    private final LongSupplier clock;

    private long waitingSince = -1;
    private long dropsWhenFull;
    private boolean saturated;

    private long windowStart = -1;
    private long windowPackets;
    private long windowBytes;
    /** Half the time the kernel's buffer takes to fill at the last measured rate, at most {@link #PATIENCE_NANOS}. */
    private long patience = PATIENCE_NANOS;

    /**
     * @param bufferBytes the kernel buffer's size
     * @param kernelDrops the kernel's drop count now (asks libpcap; called at most a few times per wait)
     * @param clock       nanoseconds, as {@link System#nanoTime()}
     */
    BackPressure(boolean live, long bufferBytes, LongSupplier kernelDrops, LongSupplier clock) {
        this.live = live;
        this.bufferBytes = bufferBytes;
        this.kernelDrops = kernelDrops;
        this.clock = clock;
    }

    /**
     * After each burst read: the packets and bytes read since the capture began. Measures the
     * arrival rate every {@link #RATE_WINDOW_NANOS} and from it how long the kernel's buffer lasts
     * (the drop counter alone says so only once packets are lost).
     */
    void read(long packets, long bytes) {
        if (!live) {
            return;
        }
        long now = clock.getAsLong();
        long elapsed = now - windowStart;
        if (windowStart >= 0 && elapsed < RATE_WINDOW_NANOS) {
            return;
        }
        if (windowStart >= 0) {
            long buffered = bytes - windowBytes + (packets - windowPackets) * PACKET_OVERHEAD;
            double lasts = buffered == 0 ? PATIENCE_NANOS : (double) bufferBytes * elapsed / buffered;
            patience = (long) Math.min(PATIENCE_NANOS, lasts / 2);
        }
        windowStart = now;
        windowPackets = packets;
        windowBytes = bytes;
    }

    /**
     * The rows are full: true to wait a moment more for the application to take them, false to
     * read on and drop rows.
     */
    boolean keepWaiting() {
        if (!live) {
            return true;
        }
        if (saturated) {
            return false;
        }
        long now = clock.getAsLong();
        if (waitingSince < 0) {
            waitingSince = now;
            dropsWhenFull = kernelDrops.getAsLong();
            return true;
        }
        if (now - waitingSince > patience || kernelDrops.getAsLong() > dropsWhenFull) {
            saturated = true;
            return false;
        }
        return true;
    }

    /** The rows have room again: the next time they fill up, waiting starts afresh. */
    void roomAvailable() {
        waitingSince = -1;
        saturated = false;
    }

    /** True while rows are being dropped. */
    boolean saturated() {
        return saturated;
    }
}
