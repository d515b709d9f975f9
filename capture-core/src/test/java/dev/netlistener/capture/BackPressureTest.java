// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernel-buffer patience rule on its own, with a clock and a kernel drop counter the test
 * moves by hand: a live capture whose rows are full waits while the kernel has room, at most
 * {@link BackPressure#PATIENCE_NANOS} and half the time its buffer lasts at the rate packets
 * arrive, then reads on and drops rows until there is room again; a file waits for ever.
 */
class BackPressureTest {
    private static final int BUFFER = 32 << 20;
    private long now = 1_000_000_000L;
    private long kernelDrops;
    private int kernelAsked;

    private BackPressure live() {
        return new BackPressure(true, BUFFER, () -> {
            kernelAsked++;
            return kernelDrops;
        }, () -> now);
    }

    private void advance(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void aLiveCaptureWaitsWhileTheKernelHasRoomThenDrops() {
        BackPressure policy = live();
        assertTrue(policy.keepWaiting(), "the rows just filled up: wait");
        advance(500);
        assertTrue(policy.keepWaiting(), "half a second, the kernel still drops nothing: wait");
        assertFalse(policy.saturated());
        advance(501);
        assertFalse(policy.keepWaiting(), "past the patience: drop rows");
        assertTrue(policy.saturated());
        int asked = kernelAsked;
        advance(10_000);
        assertFalse(policy.keepWaiting(), "dropping until room is made, without asking the kernel again");
        assertEquals(asked, kernelAsked, "no pcap_stats while saturated");
    }

    @Test
    void aLiveCaptureStopsWaitingTheMomentTheKernelDrops() {
        BackPressure policy = live();
        kernelDrops = 7;
        assertTrue(policy.keepWaiting());
        advance(1);
        assertTrue(policy.keepWaiting());
        kernelDrops = 8;
        advance(1);
        assertFalse(policy.keepWaiting(), "the kernel dropped a packet while we waited: drop rows instead");
    }

    @Test
    void aFastArrivalRateShortensThePatienceToHalfWhatTheBufferHolds() {
        BackPressure policy = live();
        // 100,000 packets of 256 bytes in 100 ms: (256 + 80) x 1 M packets a second, 336 MB/s,
        // fill 32 MiB in 99.9 ms: wait at most half of that.
        long packets = 0;
        long bytes = 0;
        for (int burst = 0; burst <= 100; burst++) {
            policy.read(packets, bytes);
            packets += 1_000;
            bytes += 256_000;
            advance(1);
        }
        assertTrue(policy.keepWaiting());
        advance(45);
        assertTrue(policy.keepWaiting(), "45 ms: the buffer is not half full yet");
        advance(10);
        assertFalse(policy.keepWaiting(), "55 ms: more than half full, read on before the kernel drops");
        assertEquals(0, kernelDrops);
    }

    @Test
    void aSlowArrivalRateKeepsTheWholeSecond() {
        BackPressure policy = live();
        policy.read(0, 0);
        advance(200);
        policy.read(1_000, 1_000_000);
        assertTrue(policy.keepWaiting());
        advance(990);
        assertTrue(policy.keepWaiting(), "5 MB/s would take 6 s to fill 32 MiB: the second's patience holds");
        advance(20);
        assertFalse(policy.keepWaiting());
    }

    @Test
    void roomStartsTheWaitingAfresh() {
        BackPressure policy = live();
        assertTrue(policy.keepWaiting());
        advance(2_000);
        assertFalse(policy.keepWaiting());
        policy.roomAvailable();
        assertFalse(policy.saturated());
        assertTrue(policy.keepWaiting(), "full again after get(): a new second of patience");
        advance(900);
        assertTrue(policy.keepWaiting());
    }

    @Test
    void aFileWaitsForEver() {
        BackPressure policy = new BackPressure(false, BUFFER, () -> {
            throw new AssertionError("a file has no kernel counters");
        }, () -> now);
        for (int i = 0; i < 100; i++) {
            assertTrue(policy.keepWaiting());
            advance(60_000);
        }
        assertFalse(policy.saturated());
    }
}
