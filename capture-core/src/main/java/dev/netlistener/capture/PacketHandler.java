package dev.netlistener.capture;

/**
 * Receives packets from {@link Capture#poll}. Called on the polling thread, one packet at a time,
 * in capture order. An exception is counted ({@link CaptureStats#handlerErrors()}), logged, and
 * skipped: the next packet is delivered as usual.
 */
@FunctionalInterface
public interface PacketHandler {
    void onPacket(CapturedPacket packet) throws Exception;
}
