// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;

/**
 * libpcap's counters for a live source ({@code pcap_stats}), cached: asked for by the thread
 * reading the source (libpcap handles are not thread-safe) at most every
 * {@link #REFRESH_NANOS}, read by anyone.
 */
final class KernelCounters {
    static final long REFRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final System.Logger LOG = System.getLogger(KernelCounters.class.getName());

    private final PacketSource source;
    private volatile PcapStats last = new PcapStats(0, 0, 0);
    private long refreshedAt = System.nanoTime();

    KernelCounters(PacketSource source) {
        this.source = source;
    }

    /** Asks libpcap now; the caller is the one reading the source. */
    void refresh() {
        refreshedAt = System.nanoTime();
        try {
            source.stats().ifPresent(stats -> last = stats);
        } catch (PcapException e) {
            LOG.log(Level.DEBUG, "pcap_stats failed: {0}", e.getMessage());
        }
    }

    /** {@link #refresh()} when the cached counters are older than {@link #REFRESH_NANOS}. */
    void refreshIfDue() {
        if (System.nanoTime() - refreshedAt > REFRESH_NANOS) {
            refresh();
        }
    }

    /** The kernel's drop count now; the caller is the one reading the source. */
    long dropsNow() {
        refresh();
        return last.droppedByKernel();
    }

    PcapStats last() {
        return last;
    }
}
