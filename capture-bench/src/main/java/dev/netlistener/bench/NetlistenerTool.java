// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.Capture;
import dev.netlistener.capture.CaptureConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * netlistener as an application uses it: {@code Capture.open(device)} with the default table
 * delivery, and a consumer thread that sleeps {@code interval} between calls of {@code get()}.
 * Everything else is the default configuration (32 MiB kernel buffer, one capture thread decoding
 * into rows, retention of a quarter of the heap, flow tracking on), so the numbers are what a user
 * gets without tuning.
 */
final class NetlistenerTool implements LossTool {
    private final Duration interval;
    private final int bufferBytes;
    private final int retention;
    private final AtomicLong delivered = new AtomicLong();
    private Capture capture;
    private Thread consumer;
    private volatile boolean stopping;

    /** {@code retention}: rows, or 0 for the default. */
    NetlistenerTool(Duration interval, int bufferBytes, int retention) {
        this.interval = interval;
        this.bufferBytes = bufferBytes;
        this.retention = retention;
    }

    @Override
    public String name() {
        return "netlistener";
    }

    @Override
    public void start(String device) throws Exception {
        CaptureConfig.Builder config = CaptureConfig.builder().bufferSize(bufferBytes);
        if (retention > 0) {
            config.retention(retention);
        }
        capture = Capture.open(device, config.build());
        consumer = Thread.ofPlatform().name("bench-consumer").start(this::consume);
    }

    private void consume() {
        while (!stopping) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                break;
            }
            delivered.addAndGet(capture.get().size());
        }
    }

    @Override
    public Counts stop() throws Exception {
        stopping = true;
        consumer.interrupt();
        consumer.join();
        capture.close();
        delivered.addAndGet(capture.get().size());
        if (capture.error().isPresent()) {
            throw new IOException("netlistener's capture failed", capture.error().get());
        }
        return Counts.of(capture.stats(), delivered.get());
    }
}
