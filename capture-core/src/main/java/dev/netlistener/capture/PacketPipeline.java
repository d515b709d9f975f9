// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodeStatus;
import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.Malformation;
import dev.netlistener.capture.decode.PacketDecoder;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What happens to every packet a capture reads, on the thread that reads it (the capture thread
 * with {@link Delivery#TABLE}, the application's thread in {@link Capture#poll} with
 * {@link Delivery#STREAM}): read from the source, decoded where it lies, given a direction,
 * given its datagram's ports when it is an IP fragment, counted into the flow table, written to the pcap file if asked, then handed to a {@link Sink}.
 * One thread, no hand-off: the packet's bytes are still in the CPU's cache for every step.
 *
 * <p>A live packet's bytes are copied once out of libpcap's buffer into a scratch segment the
 * pipeline owns, so every decoder reads through a bounds-checked segment exactly as long as the
 * capture; a file's packets are decoded in place in the reader's buffer.
 *
 * <p>Not thread-safe: the capture's engine lock serialises everyone who reads.
 */
final class PacketPipeline implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PacketPipeline.class.getName());

    /** Receives each packet after decoding; {@code bytes[offset, offset + capturedLength)} are valid during the call. */
    interface Sink {
        void accept(DecodedPacket packet, Direction direction, MemorySegment bytes, long offset);
    }

    private final PacketSource source;
    private final PacketDecoder decoder;
    private final LocalNetworks networks;
    private final FlowTracker flows;
    /** Null for the raw per-frame view ({@link CaptureConfig#fragmentPorts()} false). */
    private final FragmentTable fragments;
    private final PcapWriter writer;
    private final Arena arena = Arena.ofShared();
    /** Where live packets are copied to, sized for the largest the source can deliver; null for files. */
    private final MemorySegment scratch;

    private final OpaqueCounter captured = new OpaqueCounter();
    private final OpaqueCounter capturedBytes = new OpaqueCounter();
    private final OpaqueCounter truncated = new OpaqueCounter();
    private final OpaqueCounter malformed = new OpaqueCounter();
    private boolean ended;

    PacketPipeline(PacketSource source, PacketDecoder decoder, LocalNetworks networks, FlowTracker flows,
                   FragmentTable fragments, PcapWriter writer) {
        this.source = source;
        this.decoder = decoder;
        this.networks = networks;
        this.flows = flows;
        this.fragments = fragments;
        this.writer = writer;
        this.scratch = source.isLive() ? arena.allocate(Math.max(source.snaplen(), 1), 64) : null;
    }

    /**
     * Reads and processes packets until {@code max} have gone to {@code sink}, none is ready now
     * (live), or the input ends ({@link #ended()}).
     *
     * @return how many packets went to the sink
     * @throws PcapException when the source fails (the device went away, a corrupt file)
     */
    int run(int max, Sink sink) throws PcapException {
        int delivered = 0;
        while (delivered < max) {
            ReadResult result = source.next();
            if (result != ReadResult.PACKET) {
                ended |= result.ends;
                break;
            }
            process(sink);
            delivered++;
        }
        return delivered;
    }

    private void process(Sink sink) throws PcapException {
        int capturedLength = source.capturedLength();
        int wireLength = source.wireLength();
        int linkType = source.linkType();
        long timestamp = source.timestampNanos();
        captured.increment();
        capturedBytes.add(Integer.toUnsignedLong(wireLength));
        MemorySegment bytes;
        long offset;
        if (scratch != null) {
            // libpcap never delivers more than the snapshot length the scratch was sized for.
            capturedLength = (int) Math.min(Integer.toUnsignedLong(capturedLength), scratch.byteSize());
            MemorySegment.copy(source.segment(), source.dataOffset(), scratch, 0, capturedLength);
            bytes = scratch;
            offset = 0;
        } else {
            bytes = source.segment();
            offset = source.dataOffset();
        }
        DecodedPacket packet = decoder.decode(bytes, offset, capturedLength, wireLength, linkType, timestamp);
        // An unfragmented packet pays this one test.
        if (packet.isFragment() && fragments != null) {
            fragments.place(packet, decoder.recorder());
        }
        count(packet);
        if (flows != null) {
            flows.update(packet);
        }
        if (writer != null) {
            // A packet of a link type a pcap file cannot hold is left out and counted by the writer.
            writer.write(timestamp, wireLength, linkType, bytes, offset, capturedLength);
        }
        sink.accept(packet, Direction.of(networks, packet), bytes, offset);
    }

    private void count(DecodedPacket packet) {
        DecodeStatus status = packet.status();
        if (status == DecodeStatus.TRUNCATED) {
            truncated.increment();
        } else if (status == DecodeStatus.MALFORMED) {
            malformed.increment();
            long failures = decoder.failures();
            // The first failure and then every thousandth: enough to notice without flooding the log.
            if (packet.malformation() == Malformation.DECODER_FAILED && (failures == 1 || failures % 1000 == 0)) {
                LOG.log(Level.WARNING, "a decoder threw (" + failures + " packets so far); they count as malformed",
                        decoder.lastFailure());
            }
        }
    }

    /**
     * Hands what the pcap writer buffered to the file: called after each burst, so that a live
     * capture's file grows as packets come and a failure surfaces with the burst that caused it.
     */
    void flush() throws PcapException {
        if (writer != null) {
            writer.flush();
        }
    }

    /** True once the source reported its end (a file's last packet was read, or the capture broke off). */
    boolean ended() {
        return ended;
    }

    long captured() {
        return captured.get();
    }

    long capturedBytes() {
        return capturedBytes.get();
    }

    long truncated() {
        return truncated.get();
    }

    long malformed() {
        return malformed.get();
    }

    /** The fragment table, or null for the raw per-frame view. */
    FragmentTable fragments() {
        return fragments;
    }

    @Override
    public void close() {
        arena.close();
    }
}
