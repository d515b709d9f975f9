// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

/**
 * The capture thread of a {@link Delivery#TABLE} capture: reads the source through the
 * {@link PacketPipeline} straight into the {@link RowStore} that {@link Capture#get()} takes from,
 * in bursts under the engine lock (so that {@code flows()} and {@code close()} see a consistent
 * state between bursts), waiting in {@code poll(2)} when a live source has nothing ready. When
 * {@code retention} rows already wait for the application, {@link BackPressure} decides between
 * waiting and dropping rows.
 */
final class CaptureLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger(CaptureLoop.class.getName());
    /** Packets read per hold of the engine lock: long enough to amortise it, short enough for flows() to get in. */
    static final int BURST = 1024;
    private static final long ROOM_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final PacketSource source;
    private final PacketPipeline pipeline;
    private final RowStore rows;
    private final long retention;
    private final BackPressure backPressure;
    private final KernelCounters kernel;
    private final Lock engine;
    private final CaptureLifecycle lifecycle;
    private final int waitMillis;
    /** Keeps rows up to the retention and drops the rest: while not saturated, bursts never read past the room left. */
    private final RowSink sink;
    private volatile Thread waitingForRoom;

    /** @param bufferBytes the kernel buffer's size, to know how long packets may wait in it */
    CaptureLoop(PacketSource source, PacketPipeline pipeline, RowStore rows, int retention, KernelCounters kernel,
                int bufferBytes, Lock engine, CaptureLifecycle lifecycle, int waitMillis) {
        this.source = source;
        this.pipeline = pipeline;
        this.rows = rows;
        this.retention = retention;
        this.kernel = kernel;
        this.engine = engine;
        this.lifecycle = lifecycle;
        this.waitMillis = waitMillis;
        this.backPressure = new BackPressure(source.isLive(), bufferBytes, kernel::dropsNow, System::nanoTime);
        this.sink = new RowSink(rows, retention);
    }

    @Override
    public void run() {
        PcapException failure = null;
        try {
            // One step per call, not one long loop here: a loop in a method called once is
            // compiled only after many thousand iterations, which a quiet link takes hours to
            // make, while a method called per step is compiled after a few hundred.
            boolean more = true;
            while (more && !lifecycle.stopping()) {
                more = step();
            }
        } catch (PcapException e) {
            if (!lifecycle.stopping()) {
                failure = e;
                // Reported through error(); logged only for those who trace the library.
                LOG.log(Level.DEBUG, "capture on {0} stopped: {1}", source.name(), e.getMessage());
            }
        } catch (RuntimeException | Error e) {
            failure = new PcapException("capturing from '" + source.name() + "'", LibPcap.PCAP_ERROR, e.toString(),
                    "This is a bug in netlistener; please report it with the stack trace", e);
            LOG.log(Level.ERROR, "capture thread failed", e);
        } finally {
            if (source.isLive() && failure == null) {
                engine.lock();
                try {
                    kernel.refresh();
                } finally {
                    engine.unlock();
                }
            }
            lifecycle.end(failure);
        }
    }

    /** Reads one burst, or waits for room or for packets; false once the input has ended. */
    private boolean step() throws PcapException {
        long room = retention - rows.waiting();
        if (room <= 0 && backPressure.keepWaiting()) {
            awaitRoom();
            return true;
        }
        if (room > 0) {
            backPressure.roomAvailable();
        }
        int max = backPressure.saturated() ? BURST : (int) Math.min(BURST, room);
        int read = burst(max);
        if (pipeline.ended()) {
            return false;
        }
        if (read < max) {
            source.awaitPackets(waitMillis);
        }
        return true;
    }

    private int burst(int max) throws PcapException {
        engine.lock();
        try {
            int read = pipeline.run(max, sink);
            // Idle, the kernel's counters cannot change (a drop needs packets, which we would
            // be reading; while we wait for room, BackPressure asks itself).
            if (read > 0 && source.isLive()) {
                kernel.refreshIfDue();
                backPressure.read(pipeline.captured(), pipeline.capturedBytes());
            }
            return read;
        } finally {
            // Also when reading failed: the rows before the failure stay readable, the packets
            // before it are in the file.
            rows.publish();
            try {
                pipeline.flush();
            } finally {
                engine.unlock();
            }
        }
    }

    private void awaitRoom() {
        waitingForRoom = Thread.currentThread();
        if (rows.waiting() >= retention && !lifecycle.stopping()) {
            LockSupport.parkNanos(this, ROOM_WAIT_NANOS);
        }
        waitingForRoom = null;
    }

    /** The application took rows: a capture waiting for room reads on at once. */
    void roomMade() {
        Thread waiting = waitingForRoom;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    long droppedByRetention() {
        return sink.dropped();
    }
}
