package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.PacketDecoder;
import dev.netlistener.pcap.LibPcap;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Captures in the background and lets the application read what was captured whenever it likes:
 * the seed's {@code capture()} / {@code get()} / {@code error()}, on threads and off-heap batches.
 *
 * <pre>{@code
 * try (Capture capture = Capture.open("eth0", CaptureConfig.defaults())) {
 *     while (running) {
 *         Thread.sleep(5_000);
 *         capture.error().ifPresent(e -> System.err.println(e.getMessage()));
 *         System.out.println(capture.get());          // everything since the previous get()
 *     }
 * }
 * }</pre>
 *
 * <p>A dedicated capture thread reads libpcap ({@code pcap_next_ex}, the fastest of the ways
 * measured in capture-bench) or the capture file, and copies each packet into a fixed ring of
 * off-heap slabs; it never allocates per packet. When the ring is full it lets packets wait in
 * the kernel's buffer while that still has room (up to a second), then drops and counts them:
 * memory never grows and libpcap is never held up beyond its kernel buffer. With {@link Delivery#TABLE} a collector thread decodes the ring into
 * rows for {@link #get()}, keeping at most {@link CaptureConfig#retention()} of them; with
 * {@link Delivery#STREAM} the application drains the ring itself with {@link #poll}.
 *
 * <p>All methods are thread-safe. {@link #close()} stops capture, joins the threads and frees all
 * native memory; rows already collected stay readable through {@link #get()}.
 */
public final class Capture implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Capture.class.getName());
    /** A batch is handed over once its first packet is this old, so low rates still flow. */
    private static final long BATCH_LATENCY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** How long a live capture waits for room in a full ring, at most, before it drops. */
    private static final long RING_FULL_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How often a capture waiting for room asks the kernel whether it has started dropping. */
    private static final long KERNEL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How often the capture thread refreshes libpcap's counters. */
    private static final long STATS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Packets the collector decodes per hold of the consumer lock, so get() never waits long. */
    private static final int COLLECT_SLICE = 8192;

    private final CaptureConfig config;
    private final PacketSource source;
    private final PacketRing ring;
    private final RingConsumer consumer;
    private final PcapWriter writer;
    private final LocalNetworks networks;
    private final FlowTracker flowTracker;
    private FlowSnapshot finalFlows;
    // Fair: the collector re-takes the lock after every slice, and must not starve get() callers.
    private final ReentrantLock consumerLock = new ReentrantLock(true);
    private final TableBuilder retained = new TableBuilder();
    private final CapturedPacket streamed = new CapturedPacket();
    private final AtomicBoolean closed = new AtomicBoolean();

    private final OpaqueCounter captured = new OpaqueCounter();
    private final OpaqueCounter capturedBytes = new OpaqueCounter();
    private final OpaqueCounter droppedByRing = new OpaqueCounter();
    private final OpaqueCounter droppedByRetention = new OpaqueCounter();
    private final OpaqueCounter handlerErrors = new OpaqueCounter();
    private volatile PcapStats kernelStats = new PcapStats(0, 0, 0);
    private volatile PcapException error;
    private volatile boolean stopping;
    /** Capture-thread state: the ring stayed full past the patience, so packets are dropped at once. */
    private boolean ringSaturated;
    private volatile boolean inputEnded;
    private volatile boolean collectorWaiting;
    private volatile Throwable lastHandlerError;

    private final Thread captureThread;
    private final Thread collectorThread;

    private Capture(PacketSource source, CaptureConfig config, LocalNetworks networks, CaptureFile.Format input)
            throws PcapException {
        this.config = config;
        this.source = source;
        this.networks = networks;
        // Whatever was allocated before a failure is freed, the source included: nothing leaks.
        List<AutoCloseable> opened = new ArrayList<>(List.of(source));
        try {
            this.ring = opened(opened, new PacketRing(config.ringBytes(source.isLive()), source.snaplen()));
            this.writer = config.writeTo().isEmpty() ? null : opened(opened, openWriter(config.writeTo().get(),
                    config.writeFormat(input)));
            this.flowTracker = config.flowCapacity() == 0 ? null : opened(opened, new FlowTracker(config.flowCapacity(),
                    config.flowIdleTimeout().toNanos(), config.flowActiveTimeout().toNanos(), networks));
        } catch (PcapException | RuntimeException | OutOfMemoryError e) {
            for (AutoCloseable resource : opened.reversed()) {
                closeQuietly(resource, e);
            }
            throw e;
        }
        this.consumer = new RingConsumer(ring, new PacketDecoder(config.decoders().get()), networks, writer,
                this::stopAfterWriteFailure, flowTracker);
        String name = source.name();
        this.captureThread = Thread.ofPlatform().name("netlistener-capture-" + name).daemon(true)
                .unstarted(this::captureLoop);
        this.collectorThread = config.delivery() == Delivery.TABLE
                ? Thread.ofPlatform().name("netlistener-collector-" + name).daemon(true).unstarted(this::collectLoop)
                : null;
        captureThread.start();
        if (collectorThread != null) {
            collectorThread.start();
        }
    }

    /**
     * Starts capturing on a device. Its own networks count as local for {@link Direction}, plus
     * any in {@link CaptureConfig#localNetworks()}.
     *
     * @throws PcapException when the device cannot be opened (permission, no such device, bad filter)
     */
    public static Capture open(String device, CaptureConfig config) throws PcapException {
        List<IpNetworkAddress> deviceNetworks = NetworkDevices.find(device)
                .map(NetworkDevice::ipAddresses).orElse(List.of());
        PcapHandle handle = PcapHandle.openLive(device, config);
        PacketSource source;
        try {
            source = new PacketSource.Live(handle, config.timeout());
        } catch (PcapException | RuntimeException e) {
            handle.close();
            throw e;
        }
        return new Capture(source, config, LocalNetworks.parse(config.localNetworks()).plus(deviceNetworks), null);
    }

    /** Starts capturing on a device from {@link NetworkDevices#list()}. */
    public static Capture open(NetworkDevice device, CaptureConfig config) throws PcapException {
        return open(device.name(), config);
    }

    /** Reads a pcap or pcapng file as fast as it can, then reports the end of input. */
    public static Capture open(Path file) throws PcapException {
        return open(file, CaptureConfig.defaults());
    }

    /**
     * Reads a pcap or pcapng file with a configuration: the filter, delivery, ring, retention, the
     * local networks (a file has no device, so they decide {@link Direction}) and {@code writeTo}
     * apply; live-only settings are ignored.
     */
    public static Capture open(Path file, CaptureConfig config) throws PcapException {
        CaptureFile capture = CaptureFile.open(file, config.filter());
        return new Capture(new PacketSource.File(capture), config, LocalNetworks.parse(config.localNetworks()),
                capture.format());
    }

    /**
     * Only a pcapng input without interfaces (hence without packets) has no link type: its pcapng
     * copy declares none either, and a pcap copy, which needs one, says Ethernet.
     */
    private PcapWriter openWriter(Path file, CaptureFile.Format format) throws PcapException {
        int linkType = source.fileLinkType();
        if (linkType < 0 && format == CaptureFile.Format.PCAP) {
            linkType = LibPcap.DLT_EN10MB;
        }
        return PcapWriter.open(file, format, linkType, source.snaplen(), source.precision());
    }

    private static <T extends AutoCloseable> T opened(List<AutoCloseable> opened, T resource) {
        opened.add(resource);
        return resource;
    }

    private static void closeQuietly(AutoCloseable resource, Throwable failure) {
        try {
            resource.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    // ---- the capture thread -------------------------------------------------------------------

    private void captureLoop() {
        PacketSource in = source;
        PacketRing out = ring;
        // A record longer than a slab (a corrupt file can claim anything) is kept cut, like snaplen does.
        int maxCaptured = out.maxCapturedLength();
        long lastStats = System.nanoTime();
        PcapException failure = null;
        try {
            while (!stopping) {
                ReadResult result = in.next();
                if (result == ReadResult.PACKET) {
                    captured.increment();
                    capturedBytes.add(Integer.toUnsignedLong(in.wireLength()));
                    long timestamp = in.timestampNanos();
                    if (offer(in, out, timestamp, maxCaptured)
                            && in.isLive() && timestamp - out.fillingSince() > BATCH_LATENCY_NANOS) {
                        handOver();
                    }
                    if (in.isLive() && (captured.get() & 0x3FF) == 0 && System.nanoTime() - lastStats > STATS_INTERVAL_NANOS) {
                        refreshKernelStats();
                        lastStats = System.nanoTime();
                    }
                } else if (result == ReadResult.TIMEOUT) {
                    handOver();
                    if (System.nanoTime() - lastStats > STATS_INTERVAL_NANOS) {
                        refreshKernelStats();
                        lastStats = System.nanoTime();
                    }
                } else {
                    break;
                }
            }
        } catch (PcapException e) {
            failure = e;
            LOG.log(Level.WARNING, "capture on {0} stopped: {1}", source.name(), e.getMessage());
        } catch (RuntimeException | Error e) {
            failure = new PcapException("capturing from '" + source.name() + "'", LibPcap.PCAP_ERROR, e.toString(),
                    "This is a bug in netlistener; please report it with the stack trace", e);
            LOG.log(Level.ERROR, "capture thread failed", e);
        } finally {
            handOver();
            if (in.isLive() && failure == null) {
                refreshKernelStats();
            }
            // In this order, whoever sees error() also sees isInputEnded().
            inputEnded = true;
            error = failure;
            wakeCollector();
        }
    }

    /**
     * Puts the current packet in the ring. When the ring is full the capture thread first waits
     * for the consumer, leaving new packets in the kernel's buffer: a JIT warm-up or a GC pause
     * of the consumer then costs nothing. A file has no kernel to lose packets, so its reader
     * waits as long as it takes (until {@link #close()}). A live capture waits only while the
     * kernel buffer still has room (its drop counter stands still) and at most
     * {@link #RING_FULL_PATIENCE_NANOS}; then it drops and counts packets in the ring, without
     * waiting again, until the ring has room: the consumer never blocks libpcap beyond the
     * kernel buffer.
     */
    private boolean offer(PacketSource in, PacketRing out, long timestamp, int maxCaptured) {
        int capturedLength = Math.min(in.capturedLength(), maxCaptured);
        long waitingSince = 0;
        long kernelDrops = 0;
        long lastCheck = 0;
        while (!out.offer(timestamp, capturedLength, in.wireLength(), in.linkType(), in.segment(), in.dataOffset())) {
            if (stopping || in.isLive() && ringSaturated) {
                droppedByRing.increment();
                return false;
            }
            if (in.isLive()) {
                long now = System.nanoTime();
                if (waitingSince == 0) {
                    waitingSince = now;
                    lastCheck = now;
                    kernelDrops = kernelDrops();
                } else if (now - lastCheck > KERNEL_CHECK_NANOS) {
                    lastCheck = now;
                    if (now - waitingSince > RING_FULL_PATIENCE_NANOS || kernelDrops() > kernelDrops) {
                        ringSaturated = true;
                        droppedByRing.increment();
                        return false;
                    }
                }
            }
            handOver();
            LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(50));
        }
        ringSaturated = false;
        return true;
    }

    /** The kernel's drop count now (live sources; refreshes what {@link #stats()} reports). */
    private long kernelDrops() {
        refreshKernelStats();
        return kernelStats.droppedByKernel();
    }

    /** A file that cannot be written ends the capture: what follows could not be written either. */
    private void stopAfterWriteFailure() {
        stopping = true;
        source.breakLoop();
    }

    private void handOver() {
        ring.publish();
        wakeCollector();
    }

    private void wakeCollector() {
        if (collectorThread != null && collectorWaiting) {
            LockSupport.unpark(collectorThread);
        }
    }

    private void refreshKernelStats() {
        try {
            source.stats().ifPresent(stats -> kernelStats = stats);
        } catch (PcapException e) {
            LOG.log(Level.DEBUG, "pcap_stats failed: {0}", e.getMessage());
        }
    }

    // ---- the collector thread (Delivery.TABLE) ------------------------------------------------

    private void collectLoop() {
        while (true) {
            int collected;
            consumerLock.lock();
            try {
                collected = consumer.drain(COLLECT_SLICE, this::retain);
            } finally {
                consumerLock.unlock();
            }
            if (collected > 0) {
                continue;
            }
            if (inputEnded && ring.backlog() == 0 || closed.get()) {
                return;
            }
            collectorWaiting = true;
            if (ring.backlog() == 0 && !inputEnded) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(50));
            }
            collectorWaiting = false;
        }
    }

    private void retain(DecodedPacket packet, Direction direction, MemorySegment slab, long offset,
                        boolean endOfBatch) {
        if (retained.size() >= config.retention()) {
            droppedByRetention.increment();
        } else {
            retained.append(packet, direction);
        }
    }

    // ---- what applications call ----------------------------------------------------------------

    /**
     * Every packet decoded since the previous {@code get()}, in capture order, as a table. No
     * packet is returned twice or lost between calls, whichever threads call. Packets still in
     * the capture thread's current batch (at most a few milliseconds' worth) come with the next call.
     */
    public PacketTable get() {
        consumerLock.lock();
        try {
            if (config.delivery() == Delivery.TABLE) {
                if (!closed.get()) {
                    consumer.drainPublished(this::retain);
                }
                return retained.take();
            }
            if (closed.get()) {
                return PacketTable.empty();
            }
            TableBuilder table = new TableBuilder();
            consumer.drainPublished((packet, direction, slab, offset, end) -> table.append(packet, direction));
            return table.take();
        } finally {
            consumerLock.unlock();
        }
    }

    /**
     * Streams up to {@code max} captured packets to {@code handler} on this thread, each as a
     * flyweight valid during the call; returns how many were handed over (0 when none is waiting).
     * Needs {@link Delivery#STREAM}. A handler's exception is counted and logged, and the next
     * packet follows.
     *
     * @throws IllegalStateException with {@link Delivery#TABLE}, where the collector owns the ring
     */
    public int poll(PacketHandler handler, int max) {
        if (config.delivery() != Delivery.STREAM) {
            throw new IllegalStateException("poll() needs CaptureConfig.builder().delivery(Delivery.STREAM); "
                    + "this capture delivers tables through get()");
        }
        consumerLock.lock();
        try {
            if (closed.get()) {
                return 0;
            }
            return consumer.drain(max, (packet, direction, slab, offset, endOfBatch) -> {
                streamed.set(packet, direction, slab, offset, endOfBatch);
                try {
                    handler.onPacket(streamed);
                } catch (Exception | LinkageError | AssertionError e) {
                    handlerFailed(e);
                }
            });
        } finally {
            consumerLock.unlock();
        }
    }

    private void handlerFailed(Throwable e) {
        handlerErrors.increment();
        lastHandlerError = e;
        long count = handlerErrors.get();
        // The first failure and then every thousandth: enough to notice without flooding the log.
        if (count == 1 || count % 1000 == 0) {
            LOG.log(Level.WARNING, "packet handler threw (" + count + " so far); capture goes on", e);
        }
    }

    /**
     * The flow table: every conversation being tracked, plus those that ended since the previous
     * call (by timeout, eviction, or {@link #close()}). With {@link Delivery#STREAM}, flows count
     * the packets consumed so far. Rank them with {@link FlowTable#top}.
     *
     * @throws IllegalStateException when flow tracking is off ({@code flowCapacity(0)})
     */
    public FlowSnapshot flows() {
        if (flowTracker == null) {
            throw new IllegalStateException("flow tracking is off: CaptureConfig.flowCapacity is 0");
        }
        consumerLock.lock();
        try {
            if (closed.get()) {
                FlowSnapshot last = finalFlows;
                finalFlows = new FlowSnapshot(last.active(), new FlowTable(List.of()), last.evictions(), 0);
                return last;
            }
            if (config.delivery() == Delivery.TABLE) {
                consumer.drainPublished(this::retain);
            }
            return flowTracker.snapshot(false);
        } finally {
            consumerLock.unlock();
        }
    }

    /** The most recent exception a {@code poll} handler threw, if any. */
    public Optional<Throwable> lastHandlerError() {
        return Optional.ofNullable(lastHandlerError);
    }

    /**
     * The failure that stopped capture, if any: libpcap's error (e.g. the interface went away) or
     * a corrupt file. What was captured before it stays readable.
     */
    public Optional<PcapException> error() {
        return Optional.ofNullable(error != null ? error : consumer.writeFailure());
    }

    /** True once the source is exhausted: the end of a file, an error, or {@link #close()}. */
    public boolean isInputEnded() {
        return inputEnded;
    }

    /**
     * Waits until the input has ended and, with {@link Delivery#TABLE}, everything read has been
     * decoded; afterwards one {@link #get()} returns the rest. For files: read to the end.
     *
     * @return false if {@code timeout} passed first
     */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread waitFor = collectorThread != null ? collectorThread : captureThread;
        while (waitFor.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            waitFor.join(Duration.ofNanos(left));
        }
        return true;
    }

    /** Where every packet went so far. */
    public CaptureStats stats() {
        PcapStats kernel = kernelStats;
        long read = captured.get();
        return new CaptureStats(source.isLive() ? kernel.received() : read, kernel.droppedByKernel(),
                kernel.droppedByInterface(), read, capturedBytes.get(), droppedByRing.get(), droppedByRetention.get(),
                consumer.decoded(), consumer.truncated(), consumer.malformed(), handlerErrors.get(), consumer.written(),
                consumer.leftOut());
    }

    /** The device name or file path. */
    public String source() {
        return source.name();
    }

    public CaptureConfig config() {
        return config;
    }

    /** The networks that count as local for {@link Direction}. */
    public List<IpNetworkAddress> localNetworks() {
        return networks.networks();
    }

    /**
     * Stops capture: breaks libpcap's loop, joins the threads, collects what was read (with
     * {@link Delivery#TABLE}) and frees every native resource. Idempotent; safe from any thread.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        source.breakLoop();
        joinUninterruptibly(captureThread);
        if (collectorThread != null) {
            LockSupport.unpark(collectorThread);
            joinUninterruptibly(collectorThread);
        }
        consumerLock.lock();
        try {
            if (config.delivery() == Delivery.TABLE) {
                consumer.drain(Integer.MAX_VALUE, this::retain);
            }
            consumer.closeWriter();
            if (flowTracker != null) {
                finalFlows = flowTracker.snapshot(true);
                flowTracker.close();
            }
            ring.close();
            source.close();
        } finally {
            consumerLock.unlock();
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "Capture[" + source.name() + ", " + config.delivery() + (closed.get() ? ", closed" : "") + "]";
    }
}
