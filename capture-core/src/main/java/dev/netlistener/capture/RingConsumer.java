package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodeStatus;
import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.PacketDecoder;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The consumer end of a {@link PacketRing}: walks the published batches record by record,
 * decodes each packet, decides its direction, counts it into the flow table, writes it to the
 * optional pcap file, and gives it to a visitor. Not thread-safe: the {@link Capture} serialises its callers with one lock, so the
 * decoder and the position inside a batch are shared safely by whichever thread consumes.
 */
final class RingConsumer {

    /** Receives each packet the consumer walks. */
    interface Visitor {
        void visit(DecodedPacket packet, Direction direction, MemorySegment slab, long offset, boolean endOfBatch);
    }

    private final PacketRing ring;
    private final PacketDecoder decoder;
    private final LocalNetworks networks;
    private final PcapWriter writer;
    private final Runnable onWriteFailure;
    private final FlowTracker flows;
    private volatile PcapException writeFailure;
    private final OpaqueCounter decoded = new OpaqueCounter();
    private final OpaqueCounter truncated = new OpaqueCounter();
    private final OpaqueCounter malformed = new OpaqueCounter();

    private PacketRing.Batch batch;
    private long offset;
    private int index;

    RingConsumer(PacketRing ring, PacketDecoder decoder, LocalNetworks networks, PcapWriter writer,
                 Runnable onWriteFailure, FlowTracker flows) {
        this.ring = ring;
        this.decoder = decoder;
        this.networks = networks;
        this.writer = writer;
        this.onWriteFailure = onWriteFailure;
        this.flows = flows;
    }

    /** Visits up to {@code max} packets; returns how many. Releases each batch once walked. */
    int drain(int max, Visitor visitor) {
        return drain(max, Long.MAX_VALUE, visitor);
    }

    /**
     * Visits what was published when the call began, and no more: a caller that must return
     * (get()) does not chase a producer that keeps publishing.
     */
    int drainPublished(Visitor visitor) {
        return drain(Integer.MAX_VALUE, ring.published(), visitor);
    }

    private int drain(int max, long batchLimit, Visitor visitor) {
        int delivered = 0;
        while (delivered < max) {
            if (batch == null) {
                batch = ring.peek(batchLimit);
                if (batch == null) {
                    break;
                }
                offset = 0;
                index = 0;
            }
            MemorySegment slab = batch.slab;
            long timestamp = slab.get(ValueLayout.JAVA_LONG, offset + PacketRing.TIMESTAMP);
            int capturedLength = slab.get(ValueLayout.JAVA_INT, offset + PacketRing.CAPTURED_LENGTH);
            int wireLength = slab.get(ValueLayout.JAVA_INT, offset + PacketRing.WIRE_LENGTH);
            int linkType = slab.get(ValueLayout.JAVA_INT, offset + PacketRing.LINK_TYPE);
            long data = offset + PacketRing.RECORD_HEADER;
            DecodedPacket packet = decoder.decode(slab, data, capturedLength, wireLength, linkType, timestamp);
            count(packet.status());
            boolean endOfBatch = index + 1 == batch.count;
            if (writer != null && writeFailure == null) {
                write(timestamp, wireLength, slab, data, capturedLength, linkType, endOfBatch);
            }
            if (flows != null) {
                flows.update(packet);
            }
            offset += PacketRing.align(PacketRing.RECORD_HEADER + (long) capturedLength);
            index++;
            visitor.visit(packet, Direction.of(networks, packet), slab, data, endOfBatch);
            delivered++;
            if (endOfBatch) {
                batch = null;
                ring.release();
            }
        }
        return delivered;
    }

    /**
     * The writer counts the packets a pcap file leaves out; a failure stops writing and is reported
     * once. A batch's last packet flushes the file: a live capture's file grows as packets come,
     * one write(2) per batch at most, and always ends with a whole record.
     */
    private void write(long timestamp, int wireLength, MemorySegment slab, long data, int capturedLength, int linkType,
                       boolean endOfBatch) {
        try {
            writer.write(timestamp, wireLength, linkType, slab, data, capturedLength);
            if (endOfBatch) {
                writer.flush();
            }
        } catch (PcapException e) {
            writeFailure = e;
            onWriteFailure.run();
        }
    }

    /** Writes what the writer buffered and closes it; a failure becomes {@link #writeFailure()}. */
    void closeWriter() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (PcapException e) {
            writeFailure = e;
        }
    }

    /** Why the file could not be written, if it could not. */
    PcapException writeFailure() {
        return writeFailure;
    }

    long written() {
        return writer == null ? 0 : writer.written();
    }

    long leftOut() {
        return writer == null ? 0 : writer.leftOut();
    }

    private void count(DecodeStatus status) {
        decoded.increment();
        if (status == DecodeStatus.TRUNCATED) {
            truncated.increment();
        } else if (status == DecodeStatus.MALFORMED) {
            malformed.increment();
        }
    }

    long decoded() {
        return decoded.get();
    }

    long truncated() {
        return truncated.get();
    }

    long malformed() {
        return malformed.get();
    }
}
