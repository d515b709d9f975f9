package dev.netlistener.bench;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import dev.netlistener.capture.Delivery;
import dev.netlistener.capture.PacketHandler;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * netlistener's streaming API live, as a program that wants every packet's fields uses it:
 * {@link Delivery#STREAM} with flow tracking off, and one thread calling {@code poll} in a loop
 * whose handler reads every decoded field (the offline readers' {@link FieldChecksum}). The
 * kernel buffer is given; everything else is the default.
 */
final class StreamingTool implements LossTool {
    /**
     * How long the poller sleeps when nothing was waiting, as {@code scripts/stream} does: short
     * against the kernel buffer and the ring (5 ms is under 10,000 packets at the highest rates
     * here), long enough that waking costs little (1 ms cost 18 ms of CPU a second on an idle link
     * here, as much as 180 ns a packet at 100,000 packets/s). Until {@code poll} can wait itself.
     */
    private static final long IDLE_PARK_NANOS = 5_000_000;

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
            if (capture.poll(handler, StreamReader.POLL_BATCH) == 0) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
            }
        }
        // Whatever was captured before stop() reaches the handler: close() discards the rest.
        int polled;
        do {
            polled = capture.poll(handler, StreamReader.POLL_BATCH);
        } while (polled > 0);
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
