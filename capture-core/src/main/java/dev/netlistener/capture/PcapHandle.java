// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;
import dev.netlistener.pcap.bpf_program;
import dev.netlistener.pcap.pcap_pkthdr;
import dev.netlistener.pcap.pcap_stat;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * An open libpcap handle ({@code pcap_t}): a live capture on a device, a capture file being read
 * by libpcap, or a "dead" handle used only to compile filters and write files.
 *
 * <p>libpcap cannot read a pcapng file whose interfaces have different link types; read files
 * with {@link CaptureFile} (which can, and reads pipes and standard input too) unless you need
 * libpcap's reader itself.
 *
 * <p>One thread reads from a handle at a time; {@link #breakLoop()} may be called from any thread.
 * {@link #close()} frees everything native and is idempotent; call it once reading has stopped.
 */
public final class PcapHandle implements AutoCloseable {
    /** What pcap_next_ex's PCAP_ERROR_BREAK (-2) and 0 mean, at (status + 2) / 2. */
    private static final ReadResult[] NO_PACKET = {ReadResult.END, ReadResult.TIMEOUT};

    private static final System.Logger LOG = System.getLogger(PcapHandle.class.getName());

    private final MemorySegment pcap;
    private final String source;
    private final boolean offline;
    private final Arena arena = Arena.ofShared();
    // Where pcap_next_ex leaves its two pointers. Passed to the downcall as plain addresses: a
    // segment of a shared arena costs an atomic acquire and release of the arena per argument per
    // call (four per packet), and these live exactly as long as the handle, which checks that it
    // is open before every read.
    private final MemorySegment headerSlot = unscoped(arena.allocate(LibPcap.C_POINTER));
    private final MemorySegment dataSlot = unscoped(arena.allocate(LibPcap.C_POINTER));
    /** Where pcap_stats writes (the engine asks every 100 ms while packets flow): allocated once. */
    private final MemorySegment statSlot = unscoped(pcap_stat.allocate(arena));
    /** Holds the packet {@link #next(RawPacket)} returned last: owned by the handle, bounded, freed by close(). */
    private MemorySegment rawPacket = MemorySegment.NULL;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final TimestampPrecision precision;
    private final int linkType;
    private final int snapshot;

    private PcapHandle(MemorySegment pcap, String source, boolean offline) {
        this.pcap = pcap;
        this.source = source;
        this.offline = offline;
        this.precision = LibPcap.isSupported("pcap_get_tstamp_precision")
                ? TimestampPrecision.of(LibPcap.pcap_get_tstamp_precision(pcap)) : TimestampPrecision.MICRO;
        // Every handle is activated (or opened offline or dead) before it is wrapped.
        this.linkType = LibPcap.pcap_datalink(pcap);
        this.snapshot = LibPcap.pcap_snapshot(pcap);
    }

    /**
     * Opens a live capture: {@code pcap_create}, the settings of {@code config},
     * {@code pcap_activate}, then the filter. Warnings from libpcap are logged.
     *
     * @param device the device's name, e.g. {@code eth0}
     * @param config how to capture
     * @return the activated handle; close it
     * @throws PcapException when libpcap refuses; permission and unknown-device errors say what to do
     */
    public static PcapHandle openLive(String device, CaptureConfig config) throws PcapException {
        MemorySegment pcap;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errbuf = call.allocate(LibPcap.PCAP_ERRBUF_SIZE);
            pcap = LibPcap.pcap_create(call.allocateFrom(device), errbuf);
            if (pcap.equals(MemorySegment.NULL)) {
                throw new PcapException("opening device '" + device + "'", LibPcap.PCAP_ERROR,
                        NativeStrings.errorBuffer(errbuf), "");
            }
        }
        try {
            configure(pcap, device, config);
            int status = LibPcap.pcap_activate(pcap);
            if (status < 0) {
                throw new PcapException("activating capture on '" + device + "'", status,
                        messageFor(pcap, status), activationHint(device, status));
            }
            if (status > 0) {
                LOG.log(Level.WARNING, "libpcap warning while activating ''{0}'': {1} ({2})", device,
                        messageFor(pcap, status), PcapStatus.of(status).cName());
            }
        } catch (PcapException | RuntimeException e) {
            LibPcap.pcap_close(pcap);
            throw e;
        }
        PcapHandle handle = new PcapHandle(pcap, device, false);
        try {
            if (config.nonBlocking()) {
                handle.setNonBlocking(true);
            }
            if (config.timestampPrecision() != handle.precision) {
                LOG.log(Level.INFO, "''{0}'' delivers {1} timestamps, not {2}", device, handle.precision,
                        config.timestampPrecision());
            }
            if (config.filter().isPresent()) {
                handle.setFilter(config.filter().get());
            }
            return handle;
        } catch (PcapException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    private static void configure(MemorySegment pcap, String device, CaptureConfig config) throws PcapException {
        String operation = "configuring capture on '" + device + "'";
        check(LibPcap.pcap_set_snaplen(pcap, config.snaplen()), operation + " (snaplen)");
        check(LibPcap.pcap_set_promisc(pcap, config.promiscuous() ? 1 : 0), operation + " (promiscuous)");
        check(LibPcap.pcap_set_timeout(pcap, (int) config.timeout().toMillis()), operation + " (timeout)");
        check(LibPcap.pcap_set_buffer_size(pcap, config.bufferSize()), operation + " (buffer size)");
        if (config.immediateMode() || LibPcap.isSupported("pcap_set_immediate_mode")) {
            check(LibPcap.pcap_set_immediate_mode(pcap, config.immediateMode() ? 1 : 0), operation + " (immediate mode)");
        }
        if (config.timestampPrecision() == TimestampPrecision.NANO
                && LibPcap.isSupported("pcap_set_tstamp_precision")) {
            int status = LibPcap.pcap_set_tstamp_precision(pcap, TimestampPrecision.NANO.code());
            if (status == LibPcap.PCAP_ERROR_TSTAMP_PRECISION_NOTSUP) {
                LOG.log(Level.INFO, "''{0}'' cannot deliver nanosecond timestamps; using microseconds", device);
            } else {
                check(status, operation + " (timestamp precision)");
            }
        }
    }

    private static void check(int status, String operation) throws PcapException {
        if (status < 0) {
            throw new PcapException(operation, status, NativeStrings.statusText(status), "");
        }
    }

    /** libpcap's own message for a failed or warned activation, falling back to the status text. */
    private static String messageFor(MemorySegment pcap, int status) {
        String detail = NativeStrings.read(LibPcap.pcap_geterr(pcap));
        return detail == null || detail.isBlank() ? NativeStrings.statusText(status) : detail;
    }

    private static String activationHint(String device, int status) {
        return switch (PcapStatus.of(status)) {
            case PERM_DENIED, PROMISC_PERM_DENIED -> "Capturing needs root, or the capabilities CAP_NET_RAW and "
                    + "CAP_NET_ADMIN: run as root, or grant them to the JVM once with "
                    + "'sudo setcap cap_net_raw,cap_net_admin+eip " + Path.of(System.getProperty("java.home"), "bin", "java")
                    + "'";
            case NO_SUCH_DEVICE -> "Devices that exist: " + existingDevices();
            case IFACE_NOT_UP -> "Bring it up first, e.g. 'ip link set dev " + device + " up'";
            default -> "";
        };
    }

    private static String existingDevices() {
        try {
            return NetworkDevices.list().stream().map(NetworkDevice::name).collect(Collectors.joining(", "));
        } catch (PcapException e) {
            return "(could not list them: " + e.getMessage() + ")";
        }
    }

    /**
     * Opens a pcap or pcapng file with nanosecond timestamps.
     *
     * @param file the file
     * @return the handle reading it; close it
     * @throws PcapException for a missing, unreadable or corrupt file, with libpcap's message
     */
    public static PcapHandle openOffline(Path file) throws PcapException {
        return openOffline(file, CaptureConfig.defaults());
    }

    /**
     * Opens a pcap or pcapng file. Of {@code config} only the timestamp precision and the filter
     * apply to a file.
     *
     * @param file the file
     * @param config its timestamp precision and filter apply
     * @return the handle reading it; close it
     * @throws PcapException for a missing, unreadable or corrupt file, with libpcap's message
     */
    public static PcapHandle openOffline(Path file, CaptureConfig config) throws PcapException {
        String name = file.toString();
        MemorySegment pcap;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errbuf = call.allocate(LibPcap.PCAP_ERRBUF_SIZE);
            MemorySegment path = call.allocateFrom(name);
            pcap = LibPcap.isSupported("pcap_open_offline_with_tstamp_precision")
                    ? LibPcap.pcap_open_offline_with_tstamp_precision(path, config.timestampPrecision().code(), errbuf)
                    : LibPcap.pcap_open_offline(path, errbuf);
            if (pcap.equals(MemorySegment.NULL)) {
                throw new PcapException("opening capture file '" + name + "'", LibPcap.PCAP_ERROR,
                        NativeStrings.errorBuffer(errbuf), offlineHint(file));
            }
        }
        PcapHandle handle = new PcapHandle(pcap, name, true);
        try {
            if (config.filter().isPresent()) {
                handle.setFilter(config.filter().get());
            }
            return handle;
        } catch (PcapException | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    private static String offlineHint(Path file) {
        if (!Files.exists(file)) {
            return "No file at " + file.toAbsolutePath();
        }
        if (Files.isDirectory(file)) {
            return "It is a directory; name a .pcap or .pcapng file";
        }
        if (!Files.isReadable(file)) {
            return "The file is not readable by this user";
        }
        return "Is it a pcap or pcapng capture? tcpdump, tshark and Wireshark write both";
    }

    /**
     * A handle that captures nothing, for compiling filters and writing files with a given link
     * type ({@code DLT_*}) and snapshot length.
     *
     * @param linkType the link type ({@code DLT_*})
     * @param snaplen the snapshot length
     * @param precision the timestamp precision
     * @return the handle; close it
     */
    public static PcapHandle openDead(int linkType, int snaplen, TimestampPrecision precision) {
        MemorySegment pcap = LibPcap.isSupported("pcap_open_dead_with_tstamp_precision")
                ? LibPcap.pcap_open_dead_with_tstamp_precision(linkType, snaplen, precision.code())
                : LibPcap.pcap_open_dead(linkType, snaplen);
        if (pcap.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("pcap_open_dead failed (out of memory?)");
        }
        return new PcapHandle(pcap, "dead:" + linkType, false);
    }

    /**
     * Compiles and installs a BPF filter.
     *
     * @param expression the filter, in pcap-filter(7) syntax
     * @throws PcapException with libpcap's message and the filter text when it does not compile
     */
    public void setFilter(String expression) throws PcapException {
        MemorySegment p = pointer();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment program = bpf_program.allocate(call);
            int status = LibPcap.pcap_compile(p, program, call.allocateFrom(expression), 1, netmask());
            if (status < 0) {
                throw new PcapException("compiling filter '" + expression + "'", status,
                        NativeStrings.read(LibPcap.pcap_geterr(p)), "See man 7 pcap-filter for the syntax");
            }
            try {
                status = LibPcap.pcap_setfilter(p, program);
                if (status < 0) {
                    throw new PcapException("installing filter '" + expression + "' on '" + source + "'", status,
                            NativeStrings.read(LibPcap.pcap_geterr(p)), "");
                }
            } finally {
                LibPcap.pcap_freecode(program);
            }
        }
    }

    /** The device's IPv4 netmask, which filters such as {@code ip broadcast} need; unknown otherwise. */
    private int netmask() {
        if (offline) {
            return LibPcap.PCAP_NETMASK_UNKNOWN;
        }
        try {
            return NetworkDevices.find(source).stream()
                    .flatMap(device -> device.ipAddresses().stream())
                    .filter(address -> address.address() instanceof Inet4Address)
                    .findFirst()
                    .map(address -> address.prefixLength() == 0 ? 0 : -1 << (32 - address.prefixLength()))
                    .orElse(LibPcap.PCAP_NETMASK_UNKNOWN);
        } catch (PcapException e) {
            return LibPcap.PCAP_NETMASK_UNKNOWN;
        }
    }

    /**
     * Switches non-blocking reads on or off ({@code pcap_setnonblock}).
     *
     * @param nonBlocking true for reads that return at once when nothing is ready
     * @throws PcapException when libpcap refuses
     */
    public void setNonBlocking(boolean nonBlocking) throws PcapException {
        MemorySegment p = pointer();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment errbuf = call.allocate(LibPcap.PCAP_ERRBUF_SIZE);
            int status = LibPcap.pcap_setnonblock(p, nonBlocking ? 1 : 0, errbuf);
            if (status < 0) {
                throw new PcapException("setting non-blocking mode on '" + source + "'", status,
                        NativeStrings.errorBuffer(errbuf), "");
            }
        }
    }

    private static MemorySegment unscoped(MemorySegment segment) {
        return MemorySegment.ofAddress(segment.address()).reinterpret(segment.byteSize());
    }

    /**
     * Reads the next packet into {@code packet} ({@code pcap_next_ex}). Its bytes are copied into
     * memory this handle owns: {@link RawPacket#data()} is exactly the captured bytes, holds them
     * until the next call, and throws {@link IllegalStateException} once the handle is closed
     * (never reads freed memory).
     *
     * @return {@link ReadResult#PACKET}, {@link ReadResult#TIMEOUT} (live, nothing arrived) or
     *         {@link ReadResult#END} (end of file, or {@link #breakLoop()})
     * @param packet the holder to fill
     * @throws PcapException when libpcap reports an error (e.g. the device went away)
     */
    public ReadResult next(RawPacket packet) throws PcapException {
        ReadResult result = readNext();
        if (result == ReadResult.PACKET) {
            if (rawPacket.byteSize() < capturedLength) {
                // A new buffer rather than a reallocation: a caller may still hold the old one, which
                // stays valid (and bounded) until close(). Doubling keeps the total within 4x the largest packet.
                rawPacket = arena.allocate(Math.max(capturedLength, Math.max(2048, 2 * rawPacket.byteSize())));
            }
            MemorySegment data = rawPacket.asSlice(0, capturedLength);
            MemorySegment.copy(NativeMemory.EVERYTHING, dataAddress, data, 0, capturedLength);
            packet.set(timestampNanos, capturedLength, wireLength, data, linkType);
        }
        return result;
    }

    // The cursor below is the engine's zero-allocation way through pcap_next_ex: after PACKET the
    // fields describe the packet, whose bytes stay in libpcap's buffer until the next read.
    private long timestampNanos;
    private int capturedLength;
    private int wireLength;
    private long dataAddress;

    /**
     * {@code pcap_next_ex} without allocating: libpcap's pcap_pkthdr is read at the address
     * libpcap returned, and the packet is left where it is ({@link #dataAddress()}).
     */
    ReadResult readNext() throws PcapException {
        MemorySegment p = pointer();
        int status = LibPcap.pcap_next_ex(p, headerSlot, dataSlot);
        if (status == 1) {
            long header = headerSlot.get(ValueLayout.JAVA_LONG, 0);
            MemorySegment memory = NativeMemory.EVERYTHING;
            capturedLength = memory.get(ValueLayout.JAVA_INT, header + pcap_pkthdr.caplen$OFFSET);
            wireLength = memory.get(ValueLayout.JAVA_INT, header + pcap_pkthdr.len$OFFSET);
            timestampNanos = NativeMemory.readTimeval(header + pcap_pkthdr.ts$OFFSET, precision.nanosPerUnit());
            dataAddress = dataSlot.get(ValueLayout.JAVA_LONG, 0);
            return ReadResult.PACKET;
        }
        // 0 (a live capture's timeout) and PCAP_ERROR_BREAK (-2, the end) in one test and a table:
        // two tests would leave the first live timeout a branch the warm-up (files, which end
        // but never time out) never took, and the JIT traps on it (-Xlog:deoptimization).
        if (((status - LibPcap.PCAP_ERROR_BREAK) & ~2) == 0) {
            return NO_PACKET[(status - LibPcap.PCAP_ERROR_BREAK) >> 1];
        }
        String message = NativeStrings.read(LibPcap.pcap_geterr(p));
        throw new PcapException("reading from '" + source + "'", status, message,
                offline && message.contains("different from the type of the first interface")
                        ? "libpcap cannot read a pcapng file whose interfaces have different link types; "
                        + "read it with CaptureFile, which can" : "");
    }

    long timestampNanos() {
        return timestampNanos;
    }

    int capturedLength() {
        return capturedLength;
    }

    int wireLength() {
        return wireLength;
    }

    /** The address of the current packet's bytes in libpcap's buffer; read them through {@link NativeMemory#EVERYTHING}. */
    long dataAddress() {
        return dataAddress;
    }

    /**
     * Makes a blocked or looping read return as soon as possible; safe from any thread, also
     * while another thread closes the handle (the two never overlap, so libpcap is never asked to
     * break a loop on a freed handle).
     */
    public void breakLoop() {
        synchronized (closed) {
            if (!closed.get()) {
                LibPcap.pcap_breakloop(pcap);
            }
        }
    }

    /**
     * {@return libpcap's counters; live captures only (files have none). Like a read, from one thread at a time}
     *
     * @throws PcapException when libpcap has no counters (a file) or cannot read them
     */
    public PcapStats stats() throws PcapException {
        MemorySegment p = pointer();
        int status = LibPcap.pcap_stats(p, statSlot);
        if (status < 0) {
            throw new PcapException("reading statistics of '" + source + "'", status,
                    NativeStrings.read(LibPcap.pcap_geterr(p)), offline ? "Capture files carry no statistics" : "");
        }
        return new PcapStats(Integer.toUnsignedLong(pcap_stat.ps_recv(statSlot)),
                Integer.toUnsignedLong(pcap_stat.ps_drop(statSlot)), Integer.toUnsignedLong(pcap_stat.ps_ifdrop(statSlot)));
    }

    /**
     * Sends a whole frame, link-layer header included ({@code pcap_sendpacket}).
     *
     * @param frame the frame's bytes
     * @throws PcapException when the frame could not be sent
     */
    public void send(MemorySegment frame) throws PcapException {
        MemorySegment p = pointer();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment nativeFrame = frame.isNative() ? frame : call.allocate(frame.byteSize()).copyFrom(frame);
            int status = LibPcap.pcap_sendpacket(p, nativeFrame, Math.toIntExact(frame.byteSize()));
            if (status < 0) {
                throw new PcapException("sending a frame on '" + source + "'", status,
                        NativeStrings.read(LibPcap.pcap_geterr(p)), "");
            }
        }
    }

    /** {@return a file descriptor to poll/select on for readability, or -1 where the platform has none} */
    public int selectableFd() {
        return LibPcap.pcap_get_selectable_fd(pointer());
    }

    /** {@return the link-layer header type ({@code DLT_*}) of the packets this handle delivers} */
    public int linkType() {
        return linkType;
    }

    /** {@return libpcap's name for {@link #linkType()}, e.g. {@code EN10MB}} */
    public String linkTypeName() {
        String name = NativeStrings.read(LibPcap.pcap_datalink_val_to_name(linkType));
        return name == null ? "DLT " + linkType : name;
    }

    /** {@return the snapshot length: no packet has more captured bytes than this} */
    public int snapshot() {
        return snapshot;
    }

    /** {@return the timestamp precision libpcap actually delivers on this handle} */
    public TimestampPrecision timestampPrecision() {
        return precision;
    }

    /** {@return the device name, or the file path for an offline handle} */
    public String source() {
        return source;
    }

    /** {@return whether this handle reads a file} */
    public boolean isOffline() {
        return offline;
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed.get();
    }

    /** The {@code pcap_t *}, for the engine and the writer in this package. */
    MemorySegment pointer() {
        if (closed.get()) {
            throw new IllegalStateException("the capture handle for '" + source + "' is closed");
        }
        return pcap;
    }

    @Override
    public void close() {
        synchronized (closed) {
            if (closed.compareAndSet(false, true)) {
                LibPcap.pcap_close(pcap);
                arena.close();
            }
        }
    }

    @Override
    public String toString() {
        return "PcapHandle[" + source + (offline ? ", file" : "") + (closed.get() ? ", closed" : "") + "]";
    }
}
