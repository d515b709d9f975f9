// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Where a capture stands: stopping (close() was called), and whether its input has ended and why.
 * Written by whoever reads the source (the capture thread, or a polling application thread) and
 * by close(); read by anyone.
 */
final class CaptureLifecycle {
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean stopping;
    private volatile PcapException error;

    /** close() was called: readers stop at the next packet. */
    void stop() {
        stopping = true;
    }

    boolean stopping() {
        return stopping;
    }

    /**
     * The input ended: the end of a file, a failure ({@code failure} non-null), or close(). Call
     * only once everything read has been delivered, so that whoever sees the end also sees every
     * packet. Only the first end counts.
     */
    void end(PcapException failure) {
        if (ended.getCount() == 0) {
            return;
        }
        // In this order, whoever sees error() also sees isInputEnded().
        error = failure;
        ended.countDown();
    }

    /** A failure found while closing (the pcap file's last write): reported unless an earlier one was. */
    void failAtClose(PcapException failure) {
        if (error == null) {
            error = failure;
        }
        ended.countDown();
    }

    boolean inputEnded() {
        return ended.getCount() == 0;
    }

    PcapException error() {
        return inputEnded() ? error : null;
    }

    /** Waits for the end, keeping an interruption for later. */
    void awaitEndUninterruptibly() {
        Capture.awaitUninterruptibly(ended);
    }

    /** Waits for the end; false if {@code timeout} passed first. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
