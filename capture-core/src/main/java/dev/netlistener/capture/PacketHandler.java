// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

/**
 * Receives packets from {@link Capture#poll}. Called on the polling thread, one packet at a time,
 * in capture order. An exception is counted ({@link CaptureStats#handlerErrors()}), logged, and
 * skipped: the next packet is delivered as usual.
 */
@FunctionalInterface
public interface PacketHandler {
    /**
     * Handles one packet; valid only during the call.
     *
     * @param packet the packet
     * @throws Exception counted and skipped: the next packet follows
     */
    void onPacket(CapturedPacket packet) throws Exception;
}
