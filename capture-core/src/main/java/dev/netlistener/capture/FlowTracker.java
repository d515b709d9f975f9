package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodedPacket;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The live flow table: bidirectional conversations keyed by (IP version, both addresses, both
 * ports, IP protocol), ARP and other non-IP traffic aggregated per EtherType. Open addressing with
 * linear probing over fixed 128-byte slots in one off-heap segment, allocated when the capture
 * opens; updating it for a packet allocates nothing.
 *
 * <p>A doubly-linked list through the slots keeps flows in the order they were last listed, so
 * the idle timeout and eviction touch only its head. Listing is lazy: a flow moves to the tail
 * only when it was last listed more than an eighth of the idle timeout ago, not on every packet
 * (moving it touches two other flows' slots: measured, that cost more than the rest of the
 * update). So a flow's last sight is never more than {@code idle/8} after its listing, the list
 * is ordered by listing time, idle flows end at most {@code idle/8} late, and eviction takes the
 * least recently seen flow to within {@code idle/8}. Flows that leave (timeouts, eviction) are
 * copied into a fixed buffer of ended flows (as many as the table holds, at least 16384) that
 * {@link #snapshot} drains; when that buffer is full, ended flows are counted as lost. Times are
 * packet timestamps, so files replay with their own clock. One writer at a time (the capture's
 * engine lock).
 *
 * <pre>
 * slot (128 bytes):
 *   0 hash (0 = empty)    4 ip version   5 A is the low endpoint   8 protocol    12 EtherType
 *  16 low port           20 high port   24 low address (2 longs)   40 high address (2 longs)
 *  56 packets A->B       64 bytes A->B  72 packets B->A            80 bytes B->A
 *  88 first seen         96 last seen  104 TCP flags seen         108 direction
 * 112 LRU previous      116 LRU next   120 listed at (the list's clock when last moved to its tail)
 * (an ended flow's copy keeps its end reason at 112: it is off the list)
 * </pre>
 * Endpoints are stored in a canonical order (low, high) so both directions of a conversation
 * hash to one slot; "A" is whichever endpoint sent the flow's first packet.
 */
final class FlowTracker implements AutoCloseable {
    static final long SLOT = 128;
    static final long HASH = 0;
    static final long VERSION = 4;
    static final long A_IS_LOW = 5;
    static final long PROTOCOL = 8;
    static final long ETHER_TYPE = 12;
    static final long LOW_PORT = 16;
    static final long HIGH_PORT = 20;
    static final long LOW_HIGH = 24;
    static final long LOW_LOW = 32;
    static final long HIGH_HIGH = 40;
    static final long HIGH_LOW = 48;
    static final long PACKETS_AB = 56;
    static final long BYTES_AB = 64;
    static final long PACKETS_BA = 72;
    static final long BYTES_BA = 80;
    static final long FIRST_SEEN = 88;
    static final long LAST_SEEN = 96;
    static final long TCP_FLAGS = 104;
    static final long DIRECTION = 108;
    static final long PREVIOUS = 112;
    static final long NEXT = 116;
    static final long LISTED = 120;
    static final long END = PREVIOUS;
    /** A flow is moved to the list's tail when it was listed more than idle / this ago. */
    static final int LISTING_GRANULARITY = 8;

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG;
    private static final int NONE = -1;
    /** Ended flows kept between two {@link #snapshot} calls, at least (2 MiB). */
    private static final int MIN_ENDED = 16_384;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment slots;
    private final MemorySegment ended;
    private final int mask;
    private final int capacity;
    private final int endedCapacity;
    private final long idleNanos;
    private final long relistNanos;
    private final long activeNanos;
    private final LocalNetworks networks;

    private int size;
    private int head = NONE;
    private int tail = NONE;
    private long now = Long.MIN_VALUE;
    private int endedCount;
    private long evictions;
    private long endedLost;

    // The key of the packet being placed, canonical (low endpoint first).
    private int keyVersion;
    private int keyProtocol;
    private int keyEtherType;
    private int keyLowPort;
    private int keyHighPort;
    private long keyLowHigh;
    private long keyLowLow;
    private long keyHighHigh;
    private long keyHighLow;
    private boolean sourceIsLow;

    FlowTracker(int capacity, long idleNanos, long activeNanos, LocalNetworks networks) {
        this.capacity = capacity;
        this.idleNanos = idleNanos;
        this.relistNanos = idleNanos / LISTING_GRANULARITY;
        this.activeNanos = activeNanos;
        this.networks = networks;
        // At most three quarters full keeps linear probes short.
        int slotCount = Integer.highestOneBit(Math.max(4, capacity + capacity / 3) - 1) << 1;
        this.mask = slotCount - 1;
        // Aligned to a slot, so that a slot is two whole cache lines, fetched together.
        this.slots = arena.allocate(SLOT * slotCount, SLOT);
        this.endedCapacity = Math.max(capacity, MIN_ENDED);
        this.ended = arena.allocate(SLOT * endedCapacity, 64);
    }

    /** Counts one decoded packet into its flow. */
    void update(DecodedPacket packet) {
        // A packet without a time (a pcapng simple packet block) counts as seen at the latest time
        // known, which stays NO_TIMESTAMP (Long.MIN_VALUE, the clock's start) until a packet has one.
        long time = packet.timestampNanos() == CaptureFile.NO_TIMESTAMP ? now : packet.timestampNanos();
        if (time > now) {
            now = time;
            expireIdle();
        }
        key(packet);
        int hash = hash();
        int slot = find(hash);
        if (slot != NONE && now - slots.get(LONG, offset(slot) + FIRST_SEEN) > activeNanos) {
            end(slot, FlowEnd.ACTIVE_TIMEOUT);
            slot = NONE;
        }
        if (slot == NONE) {
            if (size == capacity) {
                evictions++;
                end(head, FlowEnd.EVICTED);
            }
            slot = insert(hash, packet, time);
        } else if (now - slots.get(LONG, offset(slot) + LISTED) > relistNanos) {
            relist(slot);
        }
        long at = offset(slot);
        boolean aToB = keyVersion == 0 || sourceIsLow == (slots.get(ValueLayout.JAVA_BYTE, at + A_IS_LOW) != 0);
        long packets = aToB ? PACKETS_AB : PACKETS_BA;
        long bytes = aToB ? BYTES_AB : BYTES_BA;
        slots.set(LONG, at + packets, slots.get(LONG, at + packets) + 1);
        slots.set(LONG, at + bytes, slots.get(LONG, at + bytes) + Integer.toUnsignedLong(packet.wireLength()));
        slots.set(LONG, at + LAST_SEEN, Math.max(time, slots.get(LONG, at + LAST_SEEN)));
        if (packet.tcpFlags() > 0) {
            slots.set(INT, at + TCP_FLAGS, slots.get(INT, at + TCP_FLAGS) | packet.tcpFlags());
        }
    }

    private void key(DecodedPacket packet) {
        int version = packet.ipVersion();
        if (version != 4 && version != 6) {
            keyVersion = 0;
            keyProtocol = NONE;
            keyEtherType = packet.etherType();
            keyLowPort = NONE;
            keyHighPort = NONE;
            keyLowHigh = keyLowLow = keyHighHigh = keyHighLow = 0;
            sourceIsLow = true;
            return;
        }
        long sourceHigh = version == 4 ? 0 : packet.ipv6SourceHigh();
        long sourceLow = version == 4 ? Integer.toUnsignedLong(packet.ipv4Source()) : packet.ipv6SourceLow();
        long destinationHigh = version == 4 ? 0 : packet.ipv6DestinationHigh();
        long destinationLow = version == 4 ? Integer.toUnsignedLong(packet.ipv4Destination()) : packet.ipv6DestinationLow();
        int sourcePort = packet.sourcePort();
        int destinationPort = packet.destinationPort();
        int order = Long.compareUnsigned(sourceHigh, destinationHigh);
        if (order == 0) {
            order = Long.compareUnsigned(sourceLow, destinationLow);
        }
        if (order == 0) {
            order = Integer.compare(sourcePort, destinationPort);
        }
        sourceIsLow = order <= 0;
        keyVersion = version;
        keyProtocol = packet.ipProtocol();
        keyEtherType = packet.etherType();
        keyLowHigh = sourceIsLow ? sourceHigh : destinationHigh;
        keyLowLow = sourceIsLow ? sourceLow : destinationLow;
        keyLowPort = sourceIsLow ? sourcePort : destinationPort;
        keyHighHigh = sourceIsLow ? destinationHigh : sourceHigh;
        keyHighLow = sourceIsLow ? destinationLow : sourceLow;
        keyHighPort = sourceIsLow ? destinationPort : sourcePort;
    }

    private int hash() {
        long h = keyLowHigh * 0x9E3779B97F4A7C15L;
        h = (h ^ keyLowLow) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ keyHighHigh) * 0x165667B19E3779F9L;
        h = (h ^ keyHighLow) * 0x9E3779B97F4A7C15L;
        h = (h ^ ((long) keyLowPort << 32 | keyHighPort & 0xFFFFFFFFL)) * 0xC2B2AE3D27D4EB4FL;
        h = (h ^ ((long) keyProtocol << 40 | (long) keyVersion << 32 | keyEtherType & 0xFFFFFFFFL)) * 0x165667B19E3779F9L;
        h ^= h >>> 29;
        int hash = (int) (h ^ (h >>> 32));
        return hash == 0 ? 1 : hash;
    }

    private int find(int hash) {
        for (int slot = hash & mask; ; slot = (slot + 1) & mask) {
            long at = offset(slot);
            int stored = slots.get(INT, at + HASH);
            if (stored == 0) {
                return NONE;
            }
            if (stored == hash && sameKey(at)) {
                return slot;
            }
        }
    }

    private boolean sameKey(long at) {
        return slots.get(LONG, at + LOW_LOW) == keyLowLow
                && slots.get(LONG, at + HIGH_LOW) == keyHighLow
                && slots.get(INT, at + LOW_PORT) == keyLowPort
                && slots.get(INT, at + HIGH_PORT) == keyHighPort
                && slots.get(LONG, at + LOW_HIGH) == keyLowHigh
                && slots.get(LONG, at + HIGH_HIGH) == keyHighHigh
                && slots.get(INT, at + PROTOCOL) == keyProtocol
                && slots.get(ValueLayout.JAVA_BYTE, at + VERSION) == keyVersion
                && slots.get(INT, at + ETHER_TYPE) == keyEtherType;
    }

    private int insert(int hash, DecodedPacket packet, long time) {
        int slot = hash & mask;
        while (slots.get(INT, offset(slot) + HASH) != 0) {
            slot = (slot + 1) & mask;
        }
        long at = offset(slot);
        slots.asSlice(at, SLOT).fill((byte) 0);
        slots.set(INT, at + HASH, hash);
        slots.set(ValueLayout.JAVA_BYTE, at + VERSION, (byte) keyVersion);
        slots.set(ValueLayout.JAVA_BYTE, at + A_IS_LOW, (byte) (sourceIsLow ? 1 : 0));
        slots.set(INT, at + PROTOCOL, keyProtocol);
        slots.set(INT, at + ETHER_TYPE, keyEtherType);
        slots.set(INT, at + LOW_PORT, keyLowPort);
        slots.set(INT, at + HIGH_PORT, keyHighPort);
        slots.set(LONG, at + LOW_HIGH, keyLowHigh);
        slots.set(LONG, at + LOW_LOW, keyLowLow);
        slots.set(LONG, at + HIGH_HIGH, keyHighHigh);
        slots.set(LONG, at + HIGH_LOW, keyHighLow);
        slots.set(LONG, at + FIRST_SEEN, time);
        slots.set(LONG, at + LAST_SEEN, time);
        slots.set(INT, at + DIRECTION, Direction.of(networks, packet).ordinal());
        linkAtTail(slot);
        size++;
        return slot;
    }

    private void expireIdle() {
        while (head != NONE && now - slots.get(LONG, offset(head) + LAST_SEEN) > idleNanos) {
            end(head, FlowEnd.IDLE_TIMEOUT);
        }
    }

    /** Copies the flow to the ended buffer (or counts it lost) and removes it. */
    private void end(int slot, FlowEnd reason) {
        long at = offset(slot);
        if (endedCount < endedCapacity) {
            long to = (long) endedCount * SLOT;
            MemorySegment.copy(slots, at, ended, to, SLOT);
            ended.set(INT, to + END, reason.ordinal());
            endedCount++;
        } else {
            endedLost++;
        }
        remove(slot);
    }

    /** Unlinks and deletes with backward shifting, so probes never need tombstones. */
    private void remove(int slot) {
        unlink(slot);
        size--;
        int hole = slot;
        for (int next = (hole + 1) & mask; ; next = (next + 1) & mask) {
            long at = offset(next);
            int hash = slots.get(INT, at + HASH);
            if (hash == 0) {
                break;
            }
            int home = hash & mask;
            boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!stays) {
                move(next, hole);
                hole = next;
            }
        }
        slots.set(INT, offset(hole) + HASH, 0);
    }

    private void move(int from, int to) {
        MemorySegment.copy(slots, offset(from), slots, offset(to), SLOT);
        int previous = slots.get(INT, offset(to) + PREVIOUS);
        int next = slots.get(INT, offset(to) + NEXT);
        if (previous == NONE) {
            head = to;
        } else {
            slots.set(INT, offset(previous) + NEXT, to);
        }
        if (next == NONE) {
            tail = to;
        } else {
            slots.set(INT, offset(next) + PREVIOUS, to);
        }
    }

    private void relist(int slot) {
        if (slot != tail) {
            unlink(slot);
            linkAtTail(slot);
        } else {
            slots.set(LONG, offset(slot) + LISTED, now);
        }
    }

    /** Lists a flow last, as of the list's clock (the latest packet time), which keeps the list ordered. */
    private void linkAtTail(int slot) {
        long at = offset(slot);
        slots.set(LONG, at + LISTED, now);
        slots.set(INT, at + PREVIOUS, tail);
        slots.set(INT, at + NEXT, NONE);
        if (tail == NONE) {
            head = slot;
        } else {
            slots.set(INT, offset(tail) + NEXT, slot);
        }
        tail = slot;
    }

    private void unlink(int slot) {
        long at = offset(slot);
        int previous = slots.get(INT, at + PREVIOUS);
        int next = slots.get(INT, at + NEXT);
        if (previous == NONE) {
            head = next;
        } else {
            slots.set(INT, offset(previous) + NEXT, next);
        }
        if (next == NONE) {
            tail = previous;
        } else {
            slots.set(INT, offset(next) + PREVIOUS, previous);
        }
    }

    private static long offset(int slot) {
        return slot * SLOT;
    }

    int size() {
        return size;
    }

    long evictions() {
        return evictions;
    }

    long endedLost() {
        return endedLost;
    }

    /**
     * The active flows (least recently seen first) and the flows that ended since the last call,
     * copied to the heap; the ended buffer is emptied. With {@code endAll}, every active flow is
     * also ended with {@link FlowEnd#CAPTURE_CLOSED} and reported among the ended ones.
     */
    FlowSnapshot snapshot(boolean endAll) {
        List<Flow> expired = new ArrayList<>(endedCount);
        for (int i = 0; i < endedCount; i++) {
            long at = (long) i * SLOT;
            expired.add(FlowTable.fromSlot(ended, at, FlowEnd.of(ended.get(INT, at + END))));
        }
        endedCount = 0;
        List<Flow> active = new ArrayList<>(size);
        for (int slot = head; slot != NONE; slot = slots.get(INT, offset(slot) + NEXT)) {
            Flow flow = FlowTable.fromSlot(slots, offset(slot), endAll ? FlowEnd.CAPTURE_CLOSED : FlowEnd.ACTIVE);
            (endAll ? expired : active).add(flow);
        }
        long lost = endedLost;
        endedLost = 0;
        return new FlowSnapshot(new FlowTable(active), new FlowTable(expired), evictions, lost);
    }

    @Override
    public void close() {
        arena.close();
    }
}
