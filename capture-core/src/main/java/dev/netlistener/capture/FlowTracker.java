// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.Tunnel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The live flow table: bidirectional conversations keyed by (IP version, both addresses, both
 * ports, IP protocol, tunnel identifier), ARP and other non-IP traffic aggregated per EtherType
 * (and tunnel identifier). The addresses and ports are those the packet's row shows: for a
 * tunnelled packet, the innermost packet's (unless the capture keeps the outermost layers); the
 * tunnel identifier (a GTP-U TEID, a VXLAN VNI, ...) keeps two subscribers' identical
 * conversations in different tunnels apart. Flows live in slots
 * of sixteen longs in one {@code long[]}, packed from its start (a freed slot is reused first),
 * and an open-addressing index ({@code int[]}, linear probing, at most three quarters full) maps
 * a key's hash to its slot. Both are allocated when the capture opens, at their largest; updating
 * the table for a packet allocates nothing. The index uses only as many of its buckets as twice
 * the flows need (rebuilt in place when that doubles or falls to an eighth), so a link with a few
 * thousand flows looks them up in a few kilobytes.
 *
 * <p>Why an index apart from the slots: live, between two packets of a flow the CPU walks
 * libpcap's ring and the kernel's, which evict whatever the flow table had in the caches and the
 * TLB. Slots spread over a sparse table cost a TLB and a cache miss each (measured: the flow
 * update took 90 ns a packet live, against 25 offline); packed, the flows of a busy link share
 * a few hundred kilobytes and pages, and their index a few more.
 *
 * <p>Why a Java array rather than off-heap memory: nothing but this class reads the table, and the
 * JIT checks an array index once where every read of a memory segment carries its own bounds and
 * liveness checks; with about twenty reads per packet the array made a packet's update three times
 * cheaper (capture-bench/README.md). The array holds no references, so the collector never scans
 * it, and it is allocated once (large enough to be placed directly in the old generation).
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
 * slot (16 longs):
 *   0 hash (low 32 bits, 0 = empty) | IP version (bits 32-39)
 *   1 tunnel id (bits 30-61) | tunnel kind (26-29) | IP protocol + 1 (17-25) | EtherType + 1 (0-16)
 *   2 low port (high 32) | high port (low 32)
 *   3 low address, low 64 bits     4 high address, low 64 bits      5 last seen
 *   6 listed at (the list's clock when the flow last moved to its tail)       7 first seen
 *   8 packets A->B   9 bytes A->B   10 packets B->A   11 bytes B->A
 *  12 TCP flags seen (high 32) | A is the low endpoint (bit 8) | direction (bits 0-7)
 *  13 LRU previous (high 32) | LRU next (low 32); in an ended flow's copy, its end reason
 *  14 low address, high 64 bits    15 high address, high 64 bits (both 0 for IPv4)
 * </pre>
 * The order is the packet's path. A long[]'s elements start 16 bytes into the array, and a large
 * array starts on a cache line (the collector gives it regions of its own), so a slot spans three
 * lines, words 0-5, 6-13 and 14-15: an IPv4 packet reads and writes only the first two, and the
 * IPv6 halves of the addresses sit in the third.
 * Endpoints are stored in a canonical order (low, high) so both directions of a conversation
 * hash to one slot; "A" is whichever endpoint sent the flow's first packet.
 */
final class FlowTracker {
    static final int SLOT = 16;
    static final int KEY = 0;
    static final int PROTOCOL_ETHER_TYPE = 1;
    static final int PORTS = 2;
    static final int LOW_LOW = 3;
    static final int HIGH_LOW = 4;
    static final int LAST_SEEN = 5;
    static final int LISTED = 6;
    static final int FIRST_SEEN = 7;
    static final int PACKETS_AB = 8;
    static final int BYTES_AB = 9;
    static final int PACKETS_BA = 10;
    static final int BYTES_BA = 11;
    static final int ATTRIBUTES = 12;
    static final int LINKS = 13;
    static final int END = LINKS;
    static final int LOW_HIGH = 14;
    static final int HIGH_HIGH = 15;
    static final long A_IS_LOW = 0x100;
    /** A flow is moved to the list's tail when it was listed more than idle / this ago. */
    static final int LISTING_GRANULARITY = 8;

    private static final int NONE = -1;
    private static final Tunnel[] TUNNELS = Tunnel.values();
    private static final int PROTOCOL_SHIFT = 17;
    private static final int TUNNEL_KIND_SHIFT = 26;
    private static final int TUNNEL_ID_SHIFT = 30;
    private static final int MIN_BUCKETS = 16;
    /** Ended flows kept between two {@link #snapshot} calls, at least (2 MiB). */
    private static final int MIN_ENDED = 16_384;

    private final long[] slots;
    /** Slot number + 1 per bucket; 0 is an empty bucket. */
    private final int[] index;
    private final long[] ended;
    /** Buckets of the index in use, minus one (a power of two minus one). */
    private int mask;
    private final int capacity;
    private final int endedCapacity;
    private final long idleNanos;
    private final long relistNanos;
    private final long activeNanos;
    private final LocalNetworks networks;

    private int size;
    /** Slots below this have been used; freed ones form a list through their LINKS word. */
    private int highWater;
    private int free = NONE;
    private int head = NONE;
    private int tail = NONE;
    private long now = Long.MIN_VALUE;
    private int endedCount;
    private long evictions;
    private long endedLost;

    // The key of the packet being placed, canonical (low endpoint first).
    private long keyHeader;
    private long keyProtocolEtherType;
    private long keyPorts;
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
        int buckets = Integer.highestOneBit(Math.max(4, capacity + capacity / 3) - 1) << 1;
        this.mask = Math.min(MIN_BUCKETS, buckets) - 1;
        this.index = new int[buckets];
        this.slots = new long[Math.multiplyExact(capacity, SLOT)];
        this.endedCapacity = Math.max(capacity, MIN_ENDED);
        this.ended = new long[Math.multiplyExact(endedCapacity, SLOT)];
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
        int hash = key(packet);
        int slot = find(hash);
        if (slot != NONE && now - slots[at(slot) + FIRST_SEEN] > activeNanos) {
            end(slot, FlowEnd.ACTIVE_TIMEOUT);
            slot = NONE;
        }
        if (slot == NONE) {
            if (size == capacity) {
                evictions++;
                end(head, FlowEnd.EVICTED);
            }
            slot = insert(hash, packet, time);
        } else if (now - slots[at(slot) + LISTED] > relistNanos) {
            relist(slot);
        }
        int at = at(slot);
        long attributes = slots[at + ATTRIBUTES];
        boolean aToB = (keyHeader >>> 32) == 0 || sourceIsLow == ((attributes & A_IS_LOW) != 0);
        int counters = aToB ? PACKETS_AB : PACKETS_BA;
        slots[at + counters]++;
        slots[at + counters + 1] += Integer.toUnsignedLong(packet.wireLength());
        slots[at + LAST_SEEN] = Math.max(time, slots[at + LAST_SEEN]);
        int flags = packet.tcpFlags();
        if (flags > 0) {
            slots[at + ATTRIBUTES] = attributes | (long) flags << 32;
        }
    }

    /** Fills the key fields from the packet; returns its hash (never 0, which marks an empty slot). */
    private int key(DecodedPacket packet) {
        int version = packet.ipVersion();
        long tunnelId = packet.tunnelId();
        // Tunnels are rare: most packets pay one predicted branch for them.
        long tunnel = tunnelId < 0 ? 0 : (tunnelId & 0xFFFF_FFFFL) << TUNNEL_ID_SHIFT
                | (long) (packet.tunnelIdKind().ordinal() + 1) << TUNNEL_KIND_SHIFT;
        if (version != 4 && version != 6) {
            keyProtocolEtherType = tunnel | protocolEtherType(NONE, packet.etherType());
            keyPorts = (long) NONE << 32 | NONE & 0xFFFF_FFFFL;
            keyLowHigh = keyLowLow = keyHighHigh = keyHighLow = 0;
            sourceIsLow = true;
            return header(0);
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
        keyProtocolEtherType = tunnel | protocolEtherType(packet.ipProtocol(), packet.etherType());
        keyLowHigh = sourceIsLow ? sourceHigh : destinationHigh;
        keyLowLow = sourceIsLow ? sourceLow : destinationLow;
        keyHighHigh = sourceIsLow ? destinationHigh : sourceHigh;
        keyHighLow = sourceIsLow ? destinationLow : sourceLow;
        int lowPort = sourceIsLow ? sourcePort : destinationPort;
        int highPort = sourceIsLow ? destinationPort : sourcePort;
        keyPorts = (long) lowPort << 32 | highPort & 0xFFFF_FFFFL;
        return header(version);
    }

    /** The IP protocol and EtherType (each -1 when absent) as slot word 1 holds them, without the tunnel. */
    private static long protocolEtherType(int protocol, int etherType) {
        return (long) (protocol + 1 & 0x1FF) << PROTOCOL_SHIFT | etherType + 1 & 0x1FFFF;
    }

    /** The IP protocol in slot word 1; -1 for non-IP. */
    static int protocol(long protocolEtherType) {
        return (int) (protocolEtherType >>> PROTOCOL_SHIFT & 0x1FF) - 1;
    }

    /** The EtherType in slot word 1; -1 for none. */
    static int etherType(long protocolEtherType) {
        return (int) (protocolEtherType & 0x1FFFF) - 1;
    }

    /** The kind of tunnel whose identifier slot word 1 holds; null for none. */
    static Tunnel tunnelKind(long protocolEtherType) {
        int code = (int) (protocolEtherType >>> TUNNEL_KIND_SHIFT & 0xF);
        return code == 0 ? null : TUNNELS[code - 1];
    }

    /** The tunnel identifier in slot word 1 (32 bits, unsigned); -1 for none. */
    static long tunnelId(long protocolEtherType) {
        return tunnelKind(protocolEtherType) == null ? -1 : protocolEtherType >>> TUNNEL_ID_SHIFT & 0xFFFF_FFFFL;
    }

    private int header(int version) {
        // Independent multiplies (they run side by side), then one finalising round: as well mixed
        // for a table index, and a third of the latency of one multiply chain through every field.
        long h = keyLowLow * 0x9E3779B97F4A7C15L ^ keyHighLow * 0xC2B2AE3D27D4EB4FL
                ^ keyPorts * 0x165667B19E3779F9L ^ (keyProtocolEtherType + version) * 0xD6E8FEB86659FD93L
                ^ (keyLowHigh + 31 * keyHighHigh) * 0xFF51AFD7ED558CCDL;
        h = (h ^ (h >>> 32)) * 0xC4CEB9FE1A85EC53L;
        int hash = (int) (h ^ (h >>> 29));
        hash = hash == 0 ? 1 : hash;
        keyHeader = (long) version << 32 | hash & 0xFFFF_FFFFL;
        return hash;
    }

    private int find(int hash) {
        for (int bucket = hash & mask; ; bucket = (bucket + 1) & mask) {
            int entry = index[bucket];
            if (entry == 0) {
                return NONE;
            }
            int at = at(entry - 1);
            if (slots[at + KEY] == keyHeader && sameKey(at)) {
                return entry - 1;
            }
        }
    }

    /** The rest of the key, once the hash and version matched (an IPv4 key's high halves are always 0). */
    private boolean sameKey(int at) {
        return slots[at + LOW_LOW] == keyLowLow
                && slots[at + HIGH_LOW] == keyHighLow
                && slots[at + PORTS] == keyPorts
                && slots[at + PROTOCOL_ETHER_TYPE] == keyProtocolEtherType
                && (keyHeader >>> 32 != 6 || slots[at + LOW_HIGH] == keyLowHigh && slots[at + HIGH_HIGH] == keyHighHigh);
    }

    private int insert(int hash, DecodedPacket packet, long time) {
        int slot;
        if (free != NONE) {
            slot = free;
            free = next(slot);
        } else {
            slot = highWater++;
        }
        if (size + 1 > (mask + 1) / 2 && mask + 1 < index.length) {
            rebuildIndex((mask + 1) * 2);
        }
        place(hash, slot);
        int at = at(slot);
        slots[at + KEY] = keyHeader;
        slots[at + PROTOCOL_ETHER_TYPE] = keyProtocolEtherType;
        slots[at + PORTS] = keyPorts;
        slots[at + LOW_HIGH] = keyLowHigh;
        slots[at + LOW_LOW] = keyLowLow;
        slots[at + HIGH_HIGH] = keyHighHigh;
        slots[at + HIGH_LOW] = keyHighLow;
        slots[at + PACKETS_AB] = 0;
        slots[at + BYTES_AB] = 0;
        slots[at + PACKETS_BA] = 0;
        slots[at + BYTES_BA] = 0;
        slots[at + FIRST_SEEN] = time;
        slots[at + LAST_SEEN] = time;
        slots[at + ATTRIBUTES] = (sourceIsLow ? A_IS_LOW : 0) | Direction.of(networks, packet).ordinal();
        linkAtTail(slot);
        size++;
        return slot;
    }

    private void expireIdle() {
        while (head != NONE && now - slots[at(head) + LAST_SEEN] > idleNanos) {
            end(head, FlowEnd.IDLE_TIMEOUT);
        }
    }

    /** Copies the flow to the ended buffer (or counts it lost) and removes it. */
    private void end(int slot, FlowEnd reason) {
        if (endedCount < endedCapacity) {
            int to = endedCount * SLOT;
            System.arraycopy(slots, at(slot), ended, to, SLOT);
            ended[to + END] = reason.ordinal();
            endedCount++;
        } else {
            endedLost++;
        }
        remove(slot);
    }

    /** Unlinks, frees the slot and deletes its index entry with backward shifting, so probes never need tombstones. */
    private void remove(int slot) {
        unlink(slot);
        size--;
        int hole = SlotIndex.bucketOf(index, mask, slots, SLOT, KEY, slot);
        slots[at(slot) + KEY] = 0;
        slots[at(slot) + LINKS] = links(NONE, free);
        free = slot;
        SlotIndex.delete(index, mask, slots, SLOT, KEY, hole);
        if (size < (mask + 1) / 8 && mask + 1 > MIN_BUCKETS) {
            rebuildIndex((mask + 1) / 2);
        }
    }

    private void place(int hash, int slot) {
        SlotIndex.place(index, mask, hash, slot);
    }

    /** Re-places every flow in the first {@code buckets} buckets of the index. */
    private void rebuildIndex(int buckets) {
        Arrays.fill(index, 0, mask + 1, 0);
        mask = buckets - 1;
        for (int slot = head; slot != NONE; slot = next(slot)) {
            place((int) slots[at(slot) + KEY], slot);
        }
    }

    private void relist(int slot) {
        if (slot != tail) {
            unlink(slot);
            linkAtTail(slot);
        } else {
            slots[at(slot) + LISTED] = now;
        }
    }

    /** Lists a flow last, as of the list's clock (the latest packet time), which keeps the list ordered. */
    private void linkAtTail(int slot) {
        slots[at(slot) + LISTED] = now;
        slots[at(slot) + LINKS] = links(tail, NONE);
        if (tail == NONE) {
            head = slot;
        } else {
            setNext(tail, slot);
        }
        tail = slot;
    }

    private void unlink(int slot) {
        int previous = previous(slot);
        int next = next(slot);
        if (previous == NONE) {
            head = next;
        } else {
            setNext(previous, next);
        }
        if (next == NONE) {
            tail = previous;
        } else {
            setPrevious(next, previous);
        }
    }

    private static long links(int previous, int next) {
        return (long) previous << 32 | next & 0xFFFF_FFFFL;
    }

    private int previous(int slot) {
        return (int) (slots[at(slot) + LINKS] >> 32);
    }

    private int next(int slot) {
        return (int) slots[at(slot) + LINKS];
    }

    private void setPrevious(int slot, int previous) {
        slots[at(slot) + LINKS] = links(previous, next(slot));
    }

    private void setNext(int slot, int next) {
        slots[at(slot) + LINKS] = links(previous(slot), next);
    }

    private static int at(int slot) {
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
     * The active flows (least recently listed first) and the flows that ended since the last call,
     * copied out; the ended buffer is emptied. With {@code endAll}, every active flow is also
     * ended with {@link FlowEnd#CAPTURE_CLOSED} and reported among the ended ones.
     */
    FlowSnapshot snapshot(boolean endAll) {
        return snapshot(endAll, true);
    }

    /** As {@link #snapshot(boolean)}; without {@code withActive} the active flows are not copied (an empty table). */
    FlowSnapshot snapshot(boolean endAll, boolean withActive) {
        List<Flow> expired = new ArrayList<>(endedCount);
        for (int i = 0; i < endedCount; i++) {
            int at = i * SLOT;
            expired.add(FlowTable.fromSlot(ended, at, FlowEnd.of((int) ended[at + END])));
        }
        endedCount = 0;
        List<Flow> active = new ArrayList<>(withActive ? size : 0);
        for (int slot = withActive || endAll ? head : NONE; slot != NONE; slot = next(slot)) {
            Flow flow = FlowTable.fromSlot(slots, at(slot), endAll ? FlowEnd.CAPTURE_CLOSED : FlowEnd.ACTIVE);
            (endAll ? expired : active).add(flow);
        }
        long lost = endedLost;
        endedLost = 0;
        return new FlowSnapshot(new FlowTable(active), new FlowTable(expired), evictions, lost);
    }
}
