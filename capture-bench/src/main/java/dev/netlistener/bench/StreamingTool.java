// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import dev.netlistener.capture.Delivery;
import dev.netlistener.capture.PacketHandler;
import java.io.IOException;
import java.time.Duration;

/**
 * netlistener's streaming API live, as a program that wants every packet's fields uses it:
 * {@link Delivery#STREAM} with flow tracking off, and one thread calling {@code poll} in a loop
 * whose handler reads every decoded field (the offline readers' {@link FieldChecksum}). The
 * kernel buffer is given; everything else is the default.
 */
final class StreamingTool implements LossTool {
    /**
     * The longest one {@code poll} waits in {@code poll(2)} on the capture's descriptor when no packet
     * is ready. The kernel wakes it when packets are, so no timer wakes an idle poller more than ten
     * times a second (a 5 ms park cost 20 to 30 µs of CPU per wake-up here); it bounds how late the
     * poller sees {@link #stop()}.
     */
    private static final Duration IDLE_WAIT = Duration.ofMillis(100);

    private final int bufferBytes;
    private final FieldChecksum checksum = new FieldChecksum();
    private final PacketHandler handler = packet -> StreamReader.add(checksum, packet);
    private Capture capture;
    private Thread poller;
    private volatile boolean stopping;

    StreamingTool(int bufferBytes) {
        this.bufferBytes = bufferBytes;
    }

    @Override
    public String name() {
        return "netlistener-stream";
    }

    @Override
    public void start(String device) throws Exception {
        capture = Capture.open(device, CaptureConfig.builder().bufferSize(bufferBytes).delivery(Delivery.STREAM)
                .flowCapacity(0).build());
        poller = Thread.ofPlatform().name("bench-poller").start(this::pollUntilStopped);
    }

    private void pollUntilStopped() {
        while (!stopping) {
            capture.poll(handler, StreamReader.POLL_BATCH, IDLE_WAIT);
        }
        while (capture.poll(handler, StreamReader.POLL_BATCH) > 0) {
            // Nothing reads in the background: what the kernel buffer holds at stop() reaches the handler
            // only through these polls (close() leaves it unread), so they go on until it is empty.
        }
    }

    @Override
    public Counts stop() throws Exception {
        stopping = true;
        poller.join();
        capture.close();
        if (capture.error().isPresent()) {
            throw new IOException("netlistener's capture failed", capture.error().get());
        }
        return Counts.of(capture.stats(), checksum.packets());
    }
}
