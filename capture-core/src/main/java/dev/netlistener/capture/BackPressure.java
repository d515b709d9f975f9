package dev.netlistener.capture;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What the capture thread does when the rows waiting for {@link Capture#get()} have reached the
 * retention bound: wait for the application, or read on and drop rows.
 *
 * <ul>
 *   <li>A file has no kernel to lose packets, so its reader waits as long as it takes.</li>
 *   <li>A live capture waits while the kernel's buffer still has room (its drop counter stands
 *       still), at most {@link #PATIENCE_NANOS}: an application that calls {@code get()} a little
 *       late, a GC pause, loses nothing. After that it reads on, without waiting again until the
 *       application has made room: each packet is still decoded, counted into the flow table and
 *       written to the pcap file, and only its row is dropped (counted in
 *       {@link CaptureStats#droppedByRetention()}), so the kernel never drops because of a slow
 *       consumer.</li>
 * </ul>
 *
 * Used by the capture thread only.
 */
final class BackPressure {
    /** How long a live capture lets packets wait in the kernel buffer, at most, for room in the rows. */
    static final long PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final boolean live;
    private final LongSupplier kernelDrops;
    private final LongSupplier clock;

    private long waitingSince = -1;
    private long dropsWhenFull;
    private boolean saturated;

    /**
     * @param kernelDrops the kernel's drop count now (asks libpcap; called at most a few times per wait)
     * @param clock       nanoseconds, as {@link System#nanoTime()}
     */
    BackPressure(boolean live, LongSupplier kernelDrops, LongSupplier clock) {
        this.live = live;
        this.kernelDrops = kernelDrops;
        this.clock = clock;
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
        if (now - waitingSince > PATIENCE_NANOS || kernelDrops.getAsLong() > dropsWhenFull) {
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
