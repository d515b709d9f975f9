package dev.netlistener.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernel-buffer patience rule on its own, with a clock and a kernel drop counter the test
 * moves by hand: a live capture whose rows are full waits while the kernel has room, at most
 * {@link BackPressure#PATIENCE_NANOS}, then reads on and drops rows until there is room again; a
 * file waits for ever.
 */
class BackPressureTest {
    private long now = 1_000_000_000L;
    private long kernelDrops;
    private int kernelAsked;

    private BackPressure live() {
        return new BackPressure(true, () -> {
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
        BackPressure policy = new BackPressure(false, () -> {
            throw new AssertionError("a file has no kernel counters");
        }, () -> now);
        for (int i = 0; i < 100; i++) {
            assertTrue(policy.keepWaiting());
            advance(60_000);
        }
        assertFalse(policy.saturated());
    }
}
