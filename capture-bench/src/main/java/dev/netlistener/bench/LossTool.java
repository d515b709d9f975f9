// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.CaptureStats;

/** A capturing program under replayed load: started before the load, stopped after it. */
interface LossTool {
    String name();

    /** Starts capturing on {@code device}; returns once packets can be captured. */
    void start(String device) throws Exception;

    /** Stops capturing and reports where the packets went. */
    Counts stop() throws Exception;

    /** Stops {@code tool} after {@code failure} of its trial, keeping a failure to stop beside it; returns {@code failure}. */
    static Exception stopAfter(LossTool tool, Exception failure) {
        try {
            tool.stop();
        } catch (Exception alsoFailed) {
            failure.addSuppressed(alsoFailed);
        }
        return failure;
    }

    /**
     * What a tool reports. {@code captured}: packets it read from libpcap (netlistener's capture
     * thread or {@code poll}; tcpdump's "packets captured"); what it did not read was dropped by the
     * kernel or the interface, or was still in the kernel buffer when it stopped. {@code delivered}:
     * what reached the application (rows from {@code get()}, packets through {@code poll}, for
     * tcpdump what it captured). {@code retentionDropped}: read, decoded and counted into the flow
     * table, then their rows discarded because {@code retention} rows already awaited {@code get()}
     * (a consumer policy, not capture loss; always 0 for tcpdump).
     */
    record Counts(long captured, long receivedByFilter, long kernelDropped, long retentionDropped, long delivered) {

        /**
         * netlistener's counts, {@code delivered} being what its application received. The one place
         * that reads {@link CaptureStats}, whose counters follow the engine.
         */
        static Counts of(CaptureStats stats, long delivered) {
            return new Counts(stats.captured(), stats.received(), stats.droppedByKernel(), stats.droppedByRetention(),
                    delivered);
        }
    }
}
