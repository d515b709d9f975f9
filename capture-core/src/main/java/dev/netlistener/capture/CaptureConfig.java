// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecoderRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How to open a capture. Immutable; build one with {@link #builder()}. Every setting has a default
 * chosen for loss-free capture of everything a device sees.
 */
public final class CaptureConfig {
    /** libpcap's default snapshot length: whole packets, even with TSO/GRO. */
    public static final int DEFAULT_SNAPLEN = 262_144;
    /** 32 MiB, sixteen times libpcap's default of 2 MiB, to ride out bursts. */
    public static final int DEFAULT_BUFFER_SIZE = 32 * 1024 * 1024;
    /** 100 ms: by default the longest libpcap waits before delivering the packets it has. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);
    /** The share of the maximum heap that rows waiting for {@code get()} may take by default: a quarter. */
    public static final int DEFAULT_RETENTION_HEAP_DIVISOR = 4;
    /** The default retention never goes below this many rows, however small the heap (about 12 MB). */
    public static final int MIN_DEFAULT_RETENTION = 100_000;
    /** 65536 conversations tracked at once (8 MiB off-heap). */
    public static final int DEFAULT_FLOW_CAPACITY = 65_536;
    /** Fragmented datagrams awaited at once by default: 136 KiB, more than a busy link has in 30 s but for a flood. */
    public static final int DEFAULT_FRAGMENT_CAPACITY = 1_024;
    /** A flow with no packet for 60 s of packet time ends. */
    public static final Duration DEFAULT_FLOW_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** A flow ends after 30 minutes of packet time even when still busy, as NetFlow's active timeout. */
    public static final Duration DEFAULT_FLOW_ACTIVE_TIMEOUT = Duration.ofMinutes(30);

    private final int snaplen;
    private final boolean promiscuous;
    private final boolean immediateMode;
    private final Duration timeout;
    private final int bufferSize;
    private final boolean nonBlocking;
    private final TimestampPrecision timestampPrecision;
    private final String filter;
    private final Delivery delivery;
    /** 0 when not set: then the default for the source, live or file. */
    private final int retention;
    private final List<String> localNetworks;
    private final Path writeTo;
    /** null when not set: then chosen by {@link #writeFormat(CaptureFile.Format)}. */
    private final CaptureFile.Format writeFormat;
    private final int flowCapacity;
    private final Duration flowIdleTimeout;
    private final Duration flowActiveTimeout;
    private final Supplier<DecoderRegistry> decoders;
    private final boolean keepOutermostLayers;
    private final boolean fragmentPorts;
    private final int fragmentCapacity;

    private CaptureConfig(Builder builder) {
        this.snaplen = builder.snaplen;
        this.promiscuous = builder.promiscuous;
        this.immediateMode = builder.immediateMode;
        this.timeout = builder.timeout;
        this.bufferSize = builder.bufferSize;
        this.nonBlocking = builder.nonBlocking;
        this.timestampPrecision = builder.timestampPrecision;
        this.filter = builder.filter;
        this.delivery = builder.delivery;
        this.retention = builder.retention;
        this.localNetworks = List.copyOf(builder.localNetworks);
        this.writeTo = builder.writeTo;
        this.writeFormat = builder.writeFormat;
        this.flowCapacity = builder.flowCapacity;
        this.flowIdleTimeout = builder.flowIdleTimeout;
        this.flowActiveTimeout = builder.flowActiveTimeout;
        this.decoders = builder.decoders;
        this.keepOutermostLayers = builder.keepOutermostLayers;
        this.fragmentPorts = builder.fragmentPorts;
        this.fragmentCapacity = builder.fragmentCapacity;
    }

    /** {@return a builder with every setting at its default} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a configuration with every setting at its default} */
    public static CaptureConfig defaults() {
        return builder().build();
    }

    /** {@return a builder that starts from this configuration's settings} */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** {@return the bytes captured per packet; longer packets are cut} */
    public int snaplen() {
        return snaplen;
    }

    /** {@return whether frames addressed to other hosts are received too} */
    public boolean promiscuous() {
        return promiscuous;
    }

    /** {@return whether each packet is delivered as soon as it arrives}; see {@link Builder#immediateMode(boolean)} */
    public boolean immediateMode() {
        return immediateMode;
    }

    /** {@return the longest libpcap waits before delivering what it has} */
    public Duration timeout() {
        return timeout;
    }

    /** {@return the kernel capture buffer's size in bytes} */
    public int bufferSize() {
        return bufferSize;
    }

    /** {@return whether reads return at once when no packet is waiting} */
    public boolean nonBlocking() {
        return nonBlocking;
    }

    /** {@return the timestamp resolution asked for (a device may fall back to microseconds)} */
    public TimestampPrecision timestampPrecision() {
        return timestampPrecision;
    }

    /** {@return the BPF filter expression; empty when every packet is captured} */
    public Optional<String> filter() {
        return Optional.ofNullable(filter);
    }

    /** {@return how packets reach the application (default {@link Delivery#TABLE})} */
    public Delivery delivery() {
        return delivery;
    }

    /**
     * The most decoded rows kept waiting for {@code get()} ({@link Delivery#TABLE}; with
     * {@link Delivery#STREAM}, the most one {@code get()} reads): as set, or by default as many
     * as {@link #defaultRetention()} allows.
     *
     * @return the retention in rows, at least 1
     */
    public int retention() {
        return retention == 0 ? defaultRetention() : retention;
    }

    /**
     * Rows (about {@value RowChunk#BYTES_PER_ROW} bytes of heap each) filling a quarter of this
     * JVM's maximum heap, at least {@value #MIN_DEFAULT_RETENTION}: with a 6 GB heap about 17
     * million, 28 seconds of a 600,000 packets/s link. Rows are dropped only when the application
     * leaves that much memory untaken. Counted at the untunnelled size: a chunk holding tunnelled
     * rows takes 128 bytes a row, so a capture of nothing but tunnels may fill up to 36 % of the
     * heap (counting every row at 128 would cut everyone's retention by a third for them).
     *
     * @return the default retention in rows for this JVM's heap
     */
    public static int defaultRetention() {
        long rows = Runtime.getRuntime().maxMemory() / DEFAULT_RETENTION_HEAP_DIVISOR / RowChunk.BYTES_PER_ROW;
        return (int) Math.clamp(rows, MIN_DEFAULT_RETENTION, RowStore.MAX_ROWS);
    }

    /** {@return the extra local networks (CIDR) for {@link Direction}}; a live capture adds its device's own. */
    public List<String> localNetworks() {
        return localNetworks;
    }

    /** {@return the pcap or pcapng file every captured packet is also written to; empty when none} */
    public Optional<Path> writeTo() {
        return Optional.ofNullable(writeTo);
    }

    /** {@return the format of the {@link #writeTo()} file, if set}; when empty it is chosen as {@link Builder#writeFormat} says. */
    public Optional<CaptureFile.Format> writeFormat() {
        return Optional.ofNullable(writeFormat);
    }

    /** The format to write: as set, else pcapng for a {@code .pcapng} name or a pcapng input ({@code input}; null when live), else pcap. */
    CaptureFile.Format writeFormat(CaptureFile.Format input) {
        if (writeFormat != null) {
            return writeFormat;
        }
        boolean pcapngName = writeTo != null && writeTo.getFileName() != null
                && writeTo.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".pcapng");
        return pcapngName || input == CaptureFile.Format.PCAPNG ? CaptureFile.Format.PCAPNG : CaptureFile.Format.PCAP;
    }

    /** {@return the most flows tracked at once; 0 when flow tracking is off} */
    public int flowCapacity() {
        return flowCapacity;
    }

    /** {@return how long a flow may go without a packet (packet time) before it ends} */
    public Duration flowIdleTimeout() {
        return flowIdleTimeout;
    }

    /** {@return how old a flow may grow (packet time) before it ends and later packets start a new one} */
    public Duration flowActiveTimeout() {
        return flowActiveTimeout;
    }

    /** {@return the supplier of the registry of protocol decoders a capture decodes with (called once per capture)} */
    public Supplier<DecoderRegistry> decoders() {
        return decoders;
    }

    /**
     * Whether a tunnelled packet's fields are those of its outermost layers (the wire as it is)
     * rather than the innermost packet's; false by default. See
     * {@link Builder#keepOutermostLayers(boolean)}.
     *
     * @return true when rows describe the outermost layers, false for the innermost packet
     */
    public boolean keepOutermostLayers() {
        return keepOutermostLayers;
    }

    /** {@return whether IP fragments get their datagram's ports (true by default)}; see {@link Builder#fragmentPorts(boolean)}. */
    public boolean fragmentPorts() {
        return fragmentPorts;
    }

    /** {@return the most fragmented datagrams awaited at once}; see {@link Builder#fragmentCapacity(int)}. */
    public int fragmentCapacity() {
        return fragmentCapacity;
    }

    @Override
    public String toString() {
        return "CaptureConfig[snaplen=" + snaplen + ", promiscuous=" + promiscuous + ", immediateMode="
                + immediateMode + ", timeout=" + timeout.toMillis() + "ms, bufferSize=" + bufferSize
                + ", nonBlocking=" + nonBlocking + ", timestampPrecision=" + timestampPrecision
                + ", filter=" + (filter == null ? "none" : "'" + filter + "'") + ", delivery=" + delivery
                + ", retention=" + retention() + ", localNetworks=" + localNetworks
                + (writeTo == null ? "" : ", writeTo=" + writeTo + (writeFormat == null ? "" : " as " + writeFormat))
                + ", flowCapacity=" + flowCapacity
                + ", flowIdleTimeout=" + flowIdleTimeout + ", flowActiveTimeout=" + flowActiveTimeout
                + (keepOutermostLayers ? ", keepOutermostLayers" : "")
                + (fragmentPorts ? ", fragmentCapacity=" + fragmentCapacity : ", raw fragments") + "]";
    }

    /** Collects the settings of a {@link CaptureConfig}; each setter returns this builder. Not thread-safe. */
    public static final class Builder {
        private int snaplen = DEFAULT_SNAPLEN;
        private boolean promiscuous;
        private boolean immediateMode;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int bufferSize = DEFAULT_BUFFER_SIZE;
        private boolean nonBlocking;
        private TimestampPrecision timestampPrecision = TimestampPrecision.NANO;
        private String filter;
        private Delivery delivery = Delivery.TABLE;
        private int retention;
        private List<String> localNetworks = List.of();
        private Path writeTo;
        private CaptureFile.Format writeFormat;
        private int flowCapacity = DEFAULT_FLOW_CAPACITY;
        private Duration flowIdleTimeout = DEFAULT_FLOW_IDLE_TIMEOUT;
        private Duration flowActiveTimeout = DEFAULT_FLOW_ACTIVE_TIMEOUT;
        private Supplier<DecoderRegistry> decoders = DecoderRegistry::standard;
        private boolean keepOutermostLayers;
        private boolean fragmentPorts = true;
        private int fragmentCapacity = DEFAULT_FRAGMENT_CAPACITY;

        private Builder() {
        }

        private Builder(CaptureConfig config) {
            snaplen = config.snaplen;
            promiscuous = config.promiscuous;
            immediateMode = config.immediateMode;
            timeout = config.timeout;
            bufferSize = config.bufferSize;
            nonBlocking = config.nonBlocking;
            timestampPrecision = config.timestampPrecision;
            filter = config.filter;
            delivery = config.delivery;
            retention = config.retention;
            localNetworks = config.localNetworks;
            writeTo = config.writeTo;
            writeFormat = config.writeFormat;
            flowCapacity = config.flowCapacity;
            flowIdleTimeout = config.flowIdleTimeout;
            flowActiveTimeout = config.flowActiveTimeout;
            decoders = config.decoders;
            keepOutermostLayers = config.keepOutermostLayers;
            fragmentPorts = config.fragmentPorts;
            fragmentCapacity = config.fragmentCapacity;
        }

        /**
         * Bytes captured per packet (default {@value CaptureConfig#DEFAULT_SNAPLEN}); longer packets are cut.
         *
         * @param snaplen the most bytes kept of each packet, positive
         * @return this builder
         */
        public Builder snaplen(int snaplen) {
            if (snaplen <= 0) {
                throw new IllegalArgumentException("snaplen must be positive, got " + snaplen);
            }
            this.snaplen = snaplen;
            return this;
        }

        /**
         * Receive frames addressed to other hosts too (default off).
         *
         * @param promiscuous true to put the device in promiscuous mode
         * @return this builder
         */
        public Builder promiscuous(boolean promiscuous) {
            this.promiscuous = promiscuous;
            return this;
        }

        /**
         * Deliver each packet as soon as it arrives instead of when a buffer block fills or the
         * timeout passes. Off by default: on Linux, immediate mode makes libpcap leave the
         * TPACKET_V3 block ring (which hands over a whole block of packets per wake-up) for
         * TPACKET_V2 with one frame per slot, which costs far more CPU per packet and loses
         * packets sooner under load. Turn it on only for interactive, low-rate captures where
         * latency matters more than throughput; {@link #timeout(Duration)} bounds latency otherwise.
         *
         * @param immediateMode true to deliver every packet at once
         * @return this builder
         */
        public Builder immediateMode(boolean immediateMode) {
            this.immediateMode = immediateMode;
            return this;
        }

        /**
         * The longest libpcap waits before delivering what it has (default 100 ms). It bounds the
         * latency of {@code get()} and how quickly capture notices {@code close()}.
         *
         * @param timeout from 0 to {@link Integer#MAX_VALUE} milliseconds
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("timeout must be between 0 and " + Integer.MAX_VALUE + " ms");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * The kernel capture buffer in bytes (default 32 MiB; libpcap's own default is 2 MiB).
         *
         * @param bytes the buffer's size in bytes, positive
         * @return this builder
         */
        public Builder bufferSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("buffer size must be positive, got " + bytes);
            }
            this.bufferSize = bytes;
            return this;
        }

        /**
         * Return at once from reads when no packet is waiting (default off).
         *
         * @param nonBlocking true for non-blocking reads
         * @return this builder
         */
        public Builder nonBlocking(boolean nonBlocking) {
            this.nonBlocking = nonBlocking;
            return this;
        }

        /**
         * Timestamp resolution (default nanoseconds). A device or libpcap that cannot deliver
         * nanoseconds falls back to microseconds with a logged note, never an error.
         *
         * @param precision the resolution to ask for
         * @return this builder
         */
        public Builder timestampPrecision(TimestampPrecision precision) {
            this.timestampPrecision = Objects.requireNonNull(precision, "precision");
            return this;
        }

        /**
         * A BPF filter expression (pcap-filter(7) syntax), or {@code null} for none.
         *
         * @param filter the expression; {@code null} or blank captures every packet
         * @return this builder
         */
        public Builder filter(String filter) {
            this.filter = filter == null || filter.isBlank() ? null : filter;
            return this;
        }

        /**
         * Tables through {@code get()} (default) or streaming through {@code poll()}.
         *
         * @param delivery how packets reach the application
         * @return this builder
         */
        public Builder delivery(Delivery delivery) {
            this.delivery = Objects.requireNonNull(delivery, "delivery");
            return this;
        }

        /**
         * The most decoded rows kept waiting for {@code get()} (default: a quarter of the heap's
         * worth, {@link CaptureConfig#defaultRetention()}). When a live capture's application
         * leaves this many untaken, the capture lets packets wait in the kernel's buffer for up
         * to a second, then keeps reading, decoding, counting flows and writing the pcap file,
         * and drops only the rows, counted in {@link CaptureStats#droppedByRetention()}, until
         * {@code get()} makes room. A file's reader waits instead: nothing is dropped.
         *
         * @param rows from 1 to the row store's maximum
         * @return this builder
         */
        public Builder retention(int rows) {
            if (rows <= 0 || rows > RowStore.MAX_ROWS) {
                throw new IllegalArgumentException("retention must be between 1 and " + RowStore.MAX_ROWS
                        + " rows, got " + rows);
            }
            this.retention = rows;
            return this;
        }

        /**
         * Networks (CIDR, e.g. {@code 192.168.1.0/24}, {@code fd00::/64}) that count as local for
         * {@link Direction}. A file has no device, so this is how its direction is decided; a live
         * capture adds its device's networks.
         *
         * @param cidrs the networks, each as address/prefix length
         * @return this builder
         * @throws IllegalArgumentException naming a string that is not a CIDR network
         */
        public Builder localNetworks(List<String> cidrs) {
            cidrs.forEach(IpNetworkAddress::parseCidr);
            this.localNetworks = List.copyOf(cidrs);
            return this;
        }

        /**
         * Also write every captured packet to this file (see {@link PcapWriter}), in the format
         * {@link #writeFormat} sets. A write failure stops the capture and is its {@code error()}.
         *
         * @param file the file to write, or {@code null} to write none
         * @return this builder
         */
        public Builder writeTo(Path file) {
            this.writeTo = file;
            return this;
        }

        /**
         * The format of the {@link #writeTo} file, or {@code null} (the default) to choose: pcapng
         * when the file name ends in {@code .pcapng} or the input is a pcapng file (whose
         * interfaces may mix link types, which only pcapng can keep), pcap otherwise. A pcap file
         * holds one link type and leaves packets of others out, counted.
         *
         * @param format the format, or {@code null} to choose by name and input
         * @return this builder
         */
        public Builder writeFormat(CaptureFile.Format format) {
            this.writeFormat = format;
            return this;
        }

        /**
         * How many conversations the flow table tracks at once (default 65536, 128 bytes each,
         * off-heap); when full, the least recently seen flow is evicted and counted. 0 turns
         * flow tracking off.
         *
         * @param flows the most flows tracked at once, 0 or more
         * @return this builder
         */
        public Builder flowCapacity(int flows) {
            if (flows < 0) {
                throw new IllegalArgumentException("flow capacity must not be negative, got " + flows);
            }
            this.flowCapacity = flows;
            return this;
        }

        /**
         * A flow with no packet for this long ends (default 60 s of packet time).
         *
         * @param timeout the idle time, positive
         * @return this builder
         */
        public Builder flowIdleTimeout(Duration timeout) {
            this.flowIdleTimeout = positive(timeout, "flow idle timeout");
            return this;
        }

        /**
         * A flow older than this ends and later packets start a new one (default 30 min), as NetFlow does.
         *
         * @param timeout the longest life of a flow, positive
         * @return this builder
         */
        public Builder flowActiveTimeout(Duration timeout) {
            this.flowActiveTimeout = positive(timeout, "flow active timeout");
            return this;
        }

        /**
         * The protocols to decode: a supplier of a fresh {@link DecoderRegistry} (default
         * {@link DecoderRegistry#standard()}), so that a capture can decode a protocol of your own
         * after {@code registerEtherType} / {@code registerIpProtocol}. Each capture calls it once;
         * the registry then belongs to that capture's consumer.
         *
         * @param registry makes a fresh registry on each call
         * @return this builder
         */
        public Builder decoders(Supplier<DecoderRegistry> registry) {
            this.decoders = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /**
         * What a packet inside a tunnel (PPPoE, MPLS, GRE, ERSPAN, VXLAN, Geneve, GTP-U, IP in IP)
         * shows. By default (false) its rows, direction and flows describe the packet inside the
         * innermost tunnel: its MACs (when it is an Ethernet frame), EtherType, addresses, ports,
         * protocol and ARP fields, while the tunnel fields ({@code DecodedPacket.tunnelDepth()},
         * {@code tunnelId()}, {@code outerSourceIpText()} ...) say what carried it. With true they
         * describe the outermost layers instead, the wire as it is (the tunnel fields stay the same).
         * Either way a flow is keyed on the conversation the row shows plus the tunnel identifier,
         * so equal conversations in different tunnels stay apart.
         *
         * @param keep true to describe the outermost layers, false for the innermost packet
         * @return this builder
         */
        public Builder keepOutermostLayers(boolean keep) {
            this.keepOutermostLayers = keep;
            return this;
        }

        /**
         * Whether an IP fragment other than the first gets its datagram's transport ports, from
         * the first fragment (default true), so that a fragmented datagram counts in its own
         * conversation in flows and its rows show its ports
         * ({@code DecodedPacket.portsFromFirstFragment()} tells which); overlapping and other
         * hostile fragments are then MALFORMED ({@code Malformation.FRAGMENT_...}). False keeps the
         * raw per-frame view: each frame's own fields only, so later fragments have no ports.
         *
         * @param inherit true to give later fragments their datagram's ports
         * @return this builder
         */
        public Builder fragmentPorts(boolean inherit) {
            this.fragmentPorts = inherit;
            return this;
        }

        /**
         * How many fragmented datagrams are awaited at once (default
         * {@value CaptureConfig#DEFAULT_FRAGMENT_CAPACITY}, 136 bytes each): when full, the oldest
         * is given up and counted ({@link CaptureStats#fragmentDatagramsEvicted()}). A datagram is
         * awaited 30 s of packet time after its first fragment arrived.
         *
         * @param datagrams the most datagrams awaited at once, at least 1
         * @return this builder
         */
        public Builder fragmentCapacity(int datagrams) {
            if (datagrams < 1) {
                throw new IllegalArgumentException("fragment capacity must be at least 1, got " + datagrams
                        + "; to keep fragments as they are, use fragmentPorts(false)");
            }
            this.fragmentCapacity = datagrams;
            return this;
        }

        private static Duration positive(Duration duration, String what) {
            if (duration == null || duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + duration);
            }
            return duration;
        }

        /** {@return an immutable configuration with this builder's settings} */
        public CaptureConfig build() {
            return new CaptureConfig(this);
        }
    }
}
