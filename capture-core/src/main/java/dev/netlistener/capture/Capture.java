// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.PacketDecoder;
import dev.netlistener.pcap.LibPcap;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Captures in the background and lets the application read what was captured whenever it likes:
 * the seed's {@code capture()} / {@code get()} / {@code error()}, on threads and off-heap memory.
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
 * <p>Each packet is read, decoded, counted into the flow table and written to the optional pcap
 * file by one thread, while its bytes are still in the CPU's cache, and is never copied more
 * than once (out of libpcap's buffer; a file's packets not at all). With {@link Delivery#TABLE}
 * (the default) that thread is the capture's own: it decodes straight into the rows
 * {@link #get()} returns, keeping at most {@link CaptureConfig#retention()} of them waiting (what
 * happens beyond is {@link BackPressure}'s rule). With {@link Delivery#STREAM} it is the
 * application's thread inside {@link #poll}: nothing runs in the background, and packets wait
 * in the kernel's buffer (or the file) until the application asks.
 *
 * <p>All methods are thread-safe. {@link #close()} stops capture, waits for whoever is reading
 * and frees all native memory; rows already captured stay readable through {@link #get()}.
 */
public final class Capture implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Capture.class.getName());

    private final CaptureConfig config;
    private final PacketSource source;
    private final LocalNetworks networks;
    private final PacketPipeline pipeline;
    private final FlowTracker flowTracker;
    private final PcapWriter writer;
    private final KernelCounters kernel;
    private final CaptureLifecycle lifecycle = new CaptureLifecycle();
    // Fair: the capture thread re-takes the lock after every burst and must not starve flows() or close().
    private final ReentrantLock engine = new ReentrantLock(true);
    private final RowStore rows = new RowStore();
    private final RowSink rowSink = new RowSink(rows, Long.MAX_VALUE);
    private final Object takeLock = new Object();
    private final CaptureLoop loop;
    private final Thread captureThread;
    private final StreamSink streamSink = new StreamSink();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final OpaqueCounter handlerErrors = new OpaqueCounter();
    private volatile Throwable lastHandlerError;
    /** The thread reading the source now (the capture thread, or one in poll()), for close() to wake. */
    private volatile Thread reader;
    /** Set under the engine lock once native memory is freed: from then on flows() returns the final snapshot. */
    private boolean released;
    private FlowSnapshot finalFlows;

    /** @param input the file's format, or null for a live capture (it decides the writeTo file's default format) */
    private Capture(PacketSource source, CaptureConfig config, LocalNetworks networks, CaptureFile.Format input)
            throws PcapException {
        this.config = config;
        this.source = source;
        this.networks = networks;
        this.kernel = new KernelCounters(source);
        // Whatever was opened before a failure is closed again, the source included: nothing leaks,
        // whether the failure comes from libpcap, the application's decoder supplier or a thread start.
        List<AutoCloseable> opened = new ArrayList<>(List.of(source));
        try {
            this.writer = config.writeTo().isEmpty() ? null : opened(opened, openWriter(config.writeTo().get(),
                    config.writeFormat(input)));
            this.flowTracker = config.flowCapacity() == 0 ? null : new FlowTracker(config.flowCapacity(),
                    config.flowIdleTimeout().toNanos(), config.flowActiveTimeout().toNanos(), networks);
            PacketDecoder decoder = new PacketDecoder(config.decoders().get(), config.keepOutermostLayers());
            FragmentTable fragments = config.fragmentPorts() ? new FragmentTable(config.fragmentCapacity()) : null;
            this.pipeline = opened(opened, new PacketPipeline(source, decoder, networks, flowTracker, fragments,
                    writer));
            if (config.delivery() == Delivery.TABLE) {
                this.loop = new CaptureLoop(source, pipeline, rows, config.retention(), kernel,
                        config.bufferSize(), engine, lifecycle, waitMillis(config));
                this.captureThread = Thread.ofPlatform().name("netlistener-capture-" + source.name()).daemon(true)
                        .start(loop);
            } else {
                this.loop = null;
                this.captureThread = null;
            }
        } catch (PcapException | RuntimeException | Error e) {
            for (AutoCloseable resource : opened.reversed()) {
                closeQuietly(resource, e);
            }
            throw e;
        }
    }

    private PcapWriter openWriter(Path file, CaptureFile.Format format) throws PcapException {
        int linkType = source.fileLinkType();
        if (linkType < 0 && format == CaptureFile.Format.PCAP) {
            // A pcapng input that declares no interface: a pcap file needs some link type.
            linkType = LibPcap.DLT_EN10MB;
        }
        return PcapWriter.open(file, format, linkType, source.snaplen(), source.precision());
    }

    private static int waitMillis(CaptureConfig config) {
        return (int) Math.clamp(config.timeout().toMillis(), 1, 100);
    }

    /**
     * Starts capturing on a device. Its own networks count as local for {@link Direction}, plus
     * any in {@link CaptureConfig#localNetworks()}.
     *
     * @param device the device's name, e.g. {@code eth0} (as {@link NetworkDevices#list()} names it)
     * @param config how to capture
     * @return the running capture; close it
     * @throws PcapException when the device cannot be opened (permission, no such device, bad filter)
     */
    public static Capture open(String device, CaptureConfig config) throws PcapException {
        List<IpNetworkAddress> deviceNetworks = NetworkDevices.find(device)
                .map(NetworkDevice::ipAddresses).orElse(List.of());
        Warmup.once();
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

    /**
     * Starts capturing on a device from {@link NetworkDevices#list()}.
     *
     * @param device the device
     * @param config how to capture
     * @return the running capture; close it
     * @throws PcapException when the device cannot be opened (permission, no such device, bad filter)
     */
    public static Capture open(NetworkDevice device, CaptureConfig config) throws PcapException {
        return open(device.name(), config);
    }

    /**
     * Reads a pcap or pcapng file, then reports the end of input.
     *
     * @param file the file, a pipe, or {@code -} for standard input
     * @return the capture reading it; close it
     * @throws PcapException for a missing, unreadable or corrupt file
     */
    public static Capture open(Path file) throws PcapException {
        return open(file, CaptureConfig.defaults());
    }

    /**
     * Reads a pcap or pcapng file with a configuration: the filter, delivery, retention, the
     * local networks (a file has no device, so they decide {@link Direction}) and {@code writeTo}
     * apply; live-only settings are ignored. A file is read as fast as the application takes
     * what was read: nothing is ever dropped.
     *
     * @param file the file, a pipe, or {@code -} for standard input
     * @param config how to read it
     * @return the capture reading it; close it
     * @throws PcapException for a missing, unreadable or corrupt file, or a filter that does not compile
     */
    public static Capture open(Path file, CaptureConfig config) throws PcapException {
        return open(CaptureFile.open(file, config.filter()), config);
    }

    /**
     * Reads a pcap or pcapng capture from a stream, as {@link #open(Path, CaptureConfig)} reads a
     * file: e.g. a compressed file through {@code Channels.newChannel(new GZIPInputStream(...))}.
     * The capture closes {@code in}; {@code name} is what {@link #source()} and messages call it.
     *
     * @param in the capture's bytes
     * @param name what to call it
     * @param config how to read it
     * @return the capture reading it; close it
     * @throws PcapException for a corrupt capture, or a filter that does not compile
     */
    public static Capture open(ReadableByteChannel in, String name, CaptureConfig config) throws PcapException {
        return open(CaptureFile.open(in, name, config.filter()), config);
    }

    private static Capture open(CaptureFile capture, CaptureConfig config) throws PcapException {
        // TABLE: a capture thread of its own reads, which must not wait for a pipe's writer under the lock.
        return new Capture(new PacketSource.File(capture, config.delivery() == Delivery.TABLE), config,
                LocalNetworks.parse(config.localNetworks()), capture.format());
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

    // ---- what applications call ----------------------------------------------------------------

    /**
     * Every packet captured since the previous {@code get()}, in capture order, as a table. No
     * packet is returned twice or lost between calls, whichever threads call.
     *
     * <p>With {@link Delivery#STREAM} this reads the source on the calling thread, like
     * {@link #poll}: everything ready now for a live capture, for a file the next
     * {@link CaptureConfig#retention()} packets (or the rest).
     *
     * @return the packets, possibly none
     */
    public PacketTable get() {
        if (loop != null) {
            synchronized (takeLock) {
                PacketTable table = rows.take();
                loop.roomMade();
                return table;
            }
        }
        // STREAM: read on this thread into the same store, then take it (rows is then filled by whoever
        // holds the engine lock, one thread at a time).
        read(config.retention(), rowSink);
        rows.publish();
        synchronized (takeLock) {
            return rows.take();
        }
    }

    /**
     * Streams up to {@code max} packets to {@code handler} on this thread, reading them from the
     * device or file now; returns how many were handed over, 0 when none is ready. Each packet is
     * a flyweight valid during the call. A handler's exception is counted and logged, and the
     * next packet follows. Needs {@link Delivery#STREAM}.
     *
     * <p>Reading a file to its end: {@code while (poll(handler, 4096) > 0 || !isInputEnded()) {}}
     * — once {@code poll} returns 0 with {@link #isInputEnded()} true, every packet was delivered
     * (the same holds when reading stops on an error or {@code close()}).
     *
     * @param handler called with each packet
     * @param max the most packets handed over by this call
     * @return how many packets were handed over
     * @throws IllegalStateException with {@link Delivery#TABLE}, where the capture thread reads
     */
    public int poll(PacketHandler handler, int max) {
        requireStream();
        engine.lock();
        try {
            streamSink.handler = handler;
            return read(max, streamSink);
        } finally {
            streamSink.handler = null;
            engine.unlock();
        }
    }

    /** Hands each packet to the handler of the poll() in progress: one object for every call, nothing allocated. */
    private final class StreamSink implements PacketPipeline.Sink {
        private final CapturedPacket packet = new CapturedPacket();
        private PacketHandler handler;

        @Override
        public void accept(DecodedPacket decoded, Direction direction, MemorySegment bytes, long offset) {
            packet.set(decoded, direction, bytes, offset);
            try {
                handler.onPacket(packet);
            } catch (Exception | LinkageError | AssertionError e) {
                handlerFailed(e);
            }
        }
    }

    /**
     * Like {@link #poll(PacketHandler, int)}, but when no packet is ready waits for one, in
     * {@code poll(2)} for a live capture (a file always has one or its end), at most {@code wait}
     * and at most the capture's {@link CaptureConfig#timeout()} (so that {@link #close()} is never
     * held up longer): a loop around it uses no CPU while the wire is quiet.
     *
     * @param handler called with each packet
     * @param max the most packets handed over by this call
     * @param wait how long to wait when none is ready
     * @return how many packets were handed over, 0 when none came in time
     * @throws IllegalStateException with {@link Delivery#TABLE}, where the capture thread reads
     */
    public int poll(PacketHandler handler, int max, Duration wait) {
        requireStream();
        int handed = poll(handler, max);
        if (handed > 0 || wait.isNegative() || wait.isZero() || lifecycle.inputEnded()) {
            return handed;
        }
        // One wait in poll(2) per call, rounded up to whole milliseconds: it returns as soon as
        // libpcap has packets (a block of the kernel's ring is ready), or when the time is up.
        engine.lock();
        try {
            if (released || lifecycle.stopping()) {
                return 0;
            }
            source.awaitPackets((int) Math.clamp((wait.toNanos() + 999_999) / 1_000_000, 1, Integer.MAX_VALUE));
        } finally {
            engine.unlock();
        }
        return poll(handler, max);
    }

    private void requireStream() {
        if (config.delivery() != Delivery.STREAM) {
            throw new IllegalStateException("poll() needs CaptureConfig.builder().delivery(Delivery.STREAM); "
                    + "this capture delivers tables through get()");
        }
    }

    /** STREAM: reads up to {@code max} packets on this thread into {@code sink}; 0 once the input ended. */
    private int read(int max, PacketPipeline.Sink sink) {
        engine.lock();
        try {
            if (released || lifecycle.inputEnded()) {
                return 0;
            }
            int delivered = 0;
            reader = Thread.currentThread();
            try {
                try {
                    delivered = pipeline.run(max, sink);
                } finally {
                    pipeline.flush();
                }
                if (source.isLive()) {
                    kernel.refreshIfDue();
                }
                if (pipeline.ended()) {
                    lifecycle.end(null);
                }
            } catch (PcapException e) {
                if (lifecycle.stopping()) {
                    // close() woke a read blocked on a pipe: the end it asked for, not a failure.
                    Thread.interrupted();
                    lifecycle.end(null);
                } else {
                    // Reported through error(); logged only for those who trace the library.
                    LOG.log(Level.DEBUG, "capture on {0} stopped: {1}", source.name(), e.getMessage());
                    lifecycle.end(e);
                }
            } finally {
                reader = null;
            }
            return delivered;
        } finally {
            engine.unlock();
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
     * call (by timeout, eviction, or {@link #close()}). Flows count every packet read so far
     * (with {@link Delivery#STREAM}: polled so far). Rank them with {@link FlowTable#top}.
     *
     * @return the flows, with the evictions counted
     * @throws IllegalStateException when flow tracking is off ({@code flowCapacity(0)})
     */
    public FlowSnapshot flows() {
        return flows(true);
    }

    /**
     * The flows that ended since the previous call of this or {@link #flows()}, without the active
     * ones ({@code active()} is empty): for whoever collects ended flows often on a busy link,
     * where copying every tracked flow each time would hold the capture thread up for as long.
     *
     * @return the ended flows, with the evictions counted
     * @throws IllegalStateException when flow tracking is off ({@code flowCapacity(0)})
     */
    public FlowSnapshot endedFlows() {
        return flows(false);
    }

    private FlowSnapshot flows(boolean withActive) {
        if (flowTracker == null) {
            throw new IllegalStateException("flow tracking is off: CaptureConfig.flowCapacity is 0");
        }
        engine.lock();
        try {
            if (released) {
                FlowSnapshot last = finalFlows;
                finalFlows = new FlowSnapshot(last.active(), new FlowTable(List.of()), last.evictions(), 0);
                return withActive ? last : new FlowSnapshot(new FlowTable(List.of()), last.ended(), last.evictions(), last.endedLost());
            }
            return flowTracker.snapshot(false, withActive);
        } finally {
            engine.unlock();
        }
    }

    /** {@return the most recent exception a {@code poll} handler threw, if any} */
    public Optional<Throwable> lastHandlerError() {
        return Optional.ofNullable(lastHandlerError);
    }

    /**
     * The failure that stopped capture, if any: libpcap's error (e.g. the interface went away),
     * a corrupt file, or a bug (the capture thread's own failure is reported here too, never lost).
     * What was captured before it stays readable.
     *
     * @return the failure, or empty
     */
    public Optional<PcapException> error() {
        return Optional.ofNullable(lifecycle.error());
    }

    /**
     * True once the input is exhausted and everything read was delivered: the end of a file, an
     * error, or {@link #close()}. With {@link Delivery#TABLE} every row is then available to
     * {@link #get()}; with {@link Delivery#STREAM} every packet has been handed to {@link #poll}.
     *
     * @return whether the input ended
     */
    public boolean isInputEnded() {
        return lifecycle.inputEnded();
    }

    /**
     * Waits until {@link #isInputEnded()}; afterwards one {@link #get()} returns the rest.
     * Reading needs the application: with {@link Delivery#TABLE} a file is read only while fewer
     * than {@link CaptureConfig#retention()} rows wait for {@link #get()}; with
     * {@link Delivery#STREAM} only by {@link #poll} or {@link #get()}, so this returns once another
     * thread has polled to the end. A live capture ends only on an error or {@link #close()}.
     *
     * @param timeout the longest wait
     * @return false if {@code timeout} passed first
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return lifecycle.awaitEnd(timeout);
    }

    /** {@return where every packet went so far} */
    public CaptureStats stats() {
        if (captureThread == null && source.isLive() && engine.tryLock()) {
            // STREAM: nobody reads in the background, so refresh libpcap's counters here when stale.
            try {
                if (!released) {
                    kernel.refreshIfDue();
                }
            } finally {
                engine.unlock();
            }
        }
        PcapStats counters = kernel.last();
        long read = pipeline.captured();
        FragmentTable fragments = pipeline.fragments();
        return new CaptureStats(source.isLive() ? counters.received() : read, counters.droppedByKernel(),
                counters.droppedByInterface(), read, pipeline.capturedBytes(),
                loop == null ? 0 : loop.droppedByRetention(), read, pipeline.truncated(), pipeline.malformed(),
                handlerErrors.get(), writer == null ? 0 : writer.written(), writer == null ? 0 : writer.leftOut(),
                fragments == null ? 0 : fragments.inherited(), fragments == null ? 0 : fragments.withoutPorts(),
                fragments == null ? 0 : fragments.expired(), fragments == null ? 0 : fragments.evicted());
    }

    /** {@return the device name or file path} */
    public String source() {
        return source.name();
    }

    /** {@return the configuration the capture was opened with} */
    public CaptureConfig config() {
        return config;
    }

    /** {@return the networks that count as local for {@link Direction}} */
    public List<IpNetworkAddress> localNetworks() {
        return networks.networks();
    }

    /**
     * Stops capture: lets whoever is reading finish its packet, joins the capture thread and
     * frees every native resource (the flow table's last state stays in {@link #flows()}, the
     * rows in {@link #get()}). Idempotent and safe from any thread; returns once everything is
     * freed, also to a second caller.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitUninterruptibly(closed);
            return;
        }
        lifecycle.stop();
        source.breakLoop();
        wakeBlockedReader();
        if (captureThread != null) {
            loop.roomMade();
            // The capture thread's last act is to report the end; it touches nothing after it.
            lifecycle.awaitEndUninterruptibly();
        }
        engine.lock();
        try {
            if (source.isLive() && lifecycle.error() == null) {
                kernel.refresh();
            }
            if (writer != null) {
                closeWriter();
            }
            if (flowTracker != null) {
                finalFlows = flowTracker.snapshot(true);
            }
            pipeline.close();
            source.close();
            released = true;
            lifecycle.end(null);
        } finally {
            engine.unlock();
            closed.countDown();
        }
    }

    /** The writer's last buffered packets go to disk here: a failure then is the capture's error. */
    private void closeWriter() {
        try {
            writer.close();
        } catch (PcapException e) {
            LOG.log(Level.DEBUG, "writing {0} failed: {1}", config.writeTo().orElseThrow(), e.getMessage());
            lifecycle.failAtClose(e);
        }
    }

    /**
     * A file source that is a pipe or a terminal can block in read(2) while nothing is written:
     * only an interrupt wakes it (the read then reports "interrupted", which a stopping capture
     * takes as its end). Regular files and libpcap never block, so their readers are left alone.
     */
    private void wakeBlockedReader() {
        Thread blocked = captureThread != null ? captureThread : reader;
        if (blocked != null && source.mayBlock()) {
            blocked.interrupt();
        }
    }

    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (latch.getCount() > 0) {
            try {
                latch.await();
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
        return "Capture[" + source.name() + ", " + config.delivery() + (closing.get() ? ", closed" : "") + "]";
    }
}
