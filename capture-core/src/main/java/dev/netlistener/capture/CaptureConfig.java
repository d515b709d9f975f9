package dev.netlistener.capture;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to open a capture. Immutable; build one with {@link #builder()}. Every setting has a default
 * chosen for loss-free capture of everything a device sees.
 */
public final class CaptureConfig {
    /** libpcap's default snapshot length: whole packets, even with TSO/GRO. */
    public static final int DEFAULT_SNAPLEN = 262_144;
    /** 32 MiB, sixteen times libpcap's default of 2 MiB, to ride out bursts. */
    public static final int DEFAULT_BUFFER_SIZE = 32 * 1024 * 1024;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(100);

    private final int snaplen;
    private final boolean promiscuous;
    private final boolean immediateMode;
    private final Duration timeout;
    private final int bufferSize;
    private final boolean nonBlocking;
    private final TimestampPrecision timestampPrecision;
    private final String filter;

    private CaptureConfig(Builder builder) {
        this.snaplen = builder.snaplen;
        this.promiscuous = builder.promiscuous;
        this.immediateMode = builder.immediateMode;
        this.timeout = builder.timeout;
        this.bufferSize = builder.bufferSize;
        this.nonBlocking = builder.nonBlocking;
        this.timestampPrecision = builder.timestampPrecision;
        this.filter = builder.filter;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All defaults. */
    public static CaptureConfig defaults() {
        return builder().build();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public int snaplen() {
        return snaplen;
    }

    public boolean promiscuous() {
        return promiscuous;
    }

    public boolean immediateMode() {
        return immediateMode;
    }

    public Duration timeout() {
        return timeout;
    }

    public int bufferSize() {
        return bufferSize;
    }

    public boolean nonBlocking() {
        return nonBlocking;
    }

    public TimestampPrecision timestampPrecision() {
        return timestampPrecision;
    }

    /** The BPF filter expression, if any. */
    public Optional<String> filter() {
        return Optional.ofNullable(filter);
    }

    @Override
    public String toString() {
        return "CaptureConfig[snaplen=" + snaplen + ", promiscuous=" + promiscuous + ", immediateMode="
                + immediateMode + ", timeout=" + timeout.toMillis() + "ms, bufferSize=" + bufferSize
                + ", nonBlocking=" + nonBlocking + ", timestampPrecision=" + timestampPrecision
                + ", filter=" + (filter == null ? "none" : "'" + filter + "'") + "]";
    }

    public static final class Builder {
        private int snaplen = DEFAULT_SNAPLEN;
        private boolean promiscuous;
        private boolean immediateMode;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int bufferSize = DEFAULT_BUFFER_SIZE;
        private boolean nonBlocking;
        private TimestampPrecision timestampPrecision = TimestampPrecision.NANO;
        private String filter;

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
        }

        /** Bytes captured per packet (default {@value CaptureConfig#DEFAULT_SNAPLEN}); longer packets are cut. */
        public Builder snaplen(int snaplen) {
            if (snaplen <= 0) {
                throw new IllegalArgumentException("snaplen must be positive, got " + snaplen);
            }
            this.snaplen = snaplen;
            return this;
        }

        /** Receive frames addressed to other hosts too (default off). */
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
         */
        public Builder immediateMode(boolean immediateMode) {
            this.immediateMode = immediateMode;
            return this;
        }

        /**
         * The longest libpcap waits before delivering what it has (default 100 ms). It bounds the
         * latency of {@code get()} and how quickly capture notices {@code close()}.
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("timeout must be between 0 and " + Integer.MAX_VALUE + " ms");
            }
            this.timeout = timeout;
            return this;
        }

        /** The kernel capture buffer in bytes (default 32 MiB; libpcap's own default is 2 MiB). */
        public Builder bufferSize(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("buffer size must be positive, got " + bytes);
            }
            this.bufferSize = bytes;
            return this;
        }

        /** Return at once from reads when no packet is waiting (default off). */
        public Builder nonBlocking(boolean nonBlocking) {
            this.nonBlocking = nonBlocking;
            return this;
        }

        /**
         * Timestamp resolution (default nanoseconds). A device or libpcap that cannot deliver
         * nanoseconds falls back to microseconds with a logged note, never an error.
         */
        public Builder timestampPrecision(TimestampPrecision precision) {
            this.timestampPrecision = Objects.requireNonNull(precision, "precision");
            return this;
        }

        /** A BPF filter expression (pcap-filter(7) syntax), or {@code null} for none. */
        public Builder filter(String filter) {
            this.filter = filter == null || filter.isBlank() ? null : filter;
            return this;
        }

        public CaptureConfig build() {
            return new CaptureConfig(this);
        }
    }
}
