// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodeStatus;
import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.Layer;
import dev.netlistener.capture.decode.Malformation;
import dev.netlistener.capture.decode.PacketRecorder;

/**
 * Gives every IP fragment its datagram's transport ports, so that flows count a fragmented
 * datagram in its own conversation: only the first fragment (offset 0) carries the TCP or UDP
 * header, and without this the others would form a port-less flow of their own. It reassembles
 * nothing but the byte ranges each datagram's fragments cover, which is what finds overlapping
 * and hostile fragments.
 *
 * <p>A datagram is (IP version, source, destination, identification, protocol), the fields of the
 * innermost IP header, which the row shows, and the identifier of the tunnel it came in (as flows
 * key on it: two subscribers' equal addresses in different GTP-U tunnels are different hosts). When its first fragment is seen, its ports are
 * remembered; a later fragment of the datagram gets them ({@link PacketRecorder#portsFromFirstFragment}).
 * A fragment that comes before its first fragment is delivered without ports (and counted): holding
 * it back would buffer packets and reorder the capture. A fragment the decoder found MALFORMED is
 * left as it is and changes nothing here.
 *
 * <p>Found here, each MALFORMED ({@link Malformation}) but keeping its fields, and given the ports
 * its datagram has: a fragment past 65,535 bytes or whose length with more to come is not a multiple
 * of 8 (neither changes the table); one past the end the last fragment set; one overlapping bytes
 * already covered only in part; and a second first fragment with other ports. A fragment wholly
 * inside bytes already covered counts as a duplicate, not malformed: captures repeat fragments (a
 * mirror port, a retransmission), and its bytes are not compared, only a first fragment's ports.
 * Touching ranges merge, so a datagram keeps up to {@link #MAX_RANGES} disjoint ones (fragments in
 * order, or in reverse, keep one); past that its overlaps are no longer all found, its ports still
 * given. A first fragment with other ports under the key of a complete datagram starts a new
 * datagram: the identification was reused.
 *
 * <p>Bounded: {@code capacity} datagrams in slots of sixteen longs in one {@code long[]}, allocated
 * at its largest when the capture opens, used as a ring in the order datagrams were first seen, and
 * an open-addressing index ({@code int[]}, linear probing, at most half full) over it. A datagram
 * leaves {@link #TIMEOUT_NANOS} (Linux's {@code ipfrag_time}) after its first fragment was seen,
 * or, when the table is full and another arrives, as the oldest; either is counted when the datagram
 * was incomplete. Times are packet timestamps, as in {@link FlowTracker}. Nothing is allocated per
 * packet. One writer at a time (the capture's engine lock); the counters may be read from any thread.
 *
 * <pre>
 * slot (16 longs):
 *   0 identification (bits 0-31) | IP protocol (32-39) | IP version (40-43)
 *   1 source, high 64 bits   2 source, low 64 bits (IPv4: the address)   3, 4 destination, the same
 *   5 first seen
 *   6 first fragment's ports, source (0-15) destination (16-31) | has ports (32) | has end (33)
 *     | datagram end (40-57)
 *   7 hash (low 32) | ranges in use (high 32)
 *   8-14 covered ranges: start (high 32) | end (low 32), in bytes of the datagram's payload
 *   15 tunnel identifier (low 32) | its kind's ordinal (32-35); -1 in no tunnel with one
 * </pre>
 */
final class FragmentTable {
    /** How long a datagram's fragments are awaited after its first one arrived: Linux's default ipfrag_time. */
    static final long TIMEOUT_NANOS = 30_000_000_000L;
    static final int MAX_RANGES = 7;
    /** The most bytes an IP datagram (IPv4: header included; IPv6: payload) can hold. */
    private static final int MAXIMUM_DATAGRAM = 65_535;

    private static final int SLOT = 16;
    private static final int KEY = 0;
    private static final int SOURCE_HIGH = 1;
    private static final int SOURCE_LOW = 2;
    private static final int DESTINATION_HIGH = 3;
    private static final int DESTINATION_LOW = 4;
    private static final int FIRST_SEEN = 5;
    private static final int STATE = 6;
    private static final int HASH_RANGES = 7;
    private static final int RANGES = 8;
    private static final int TUNNEL = 15;
    private static final long HAS_PORTS = 1L << 32;
    private static final long HAS_END = 1L << 33;
    private static final int END_SHIFT = 40;
    private static final int NONE = -1;
    /** The key of a slot whose datagram left the index before reaching the ring's head (no real key: its version bits are 4 or 6). */
    private static final long RETIRED = -1;

    private final long[] slots;
    /** Slot number + 1 per bucket; 0 is an empty bucket. */
    private final int[] index;
    private final int mask;
    private final int capacity;
    /** The oldest datagram's slot; the ring runs from it for {@code size} slots. */
    private int head;
    private int size;
    private long now = Long.MIN_VALUE;

    // The key of the fragment being placed.
    private long key;
    private long sourceHigh;
    private long sourceLow;
    private long destinationHigh;
    private long destinationLow;
    private long tunnel;

    private final OpaqueCounter inherited = new OpaqueCounter();
    private final OpaqueCounter withoutPorts = new OpaqueCounter();
    private final OpaqueCounter expired = new OpaqueCounter();
    private final OpaqueCounter evicted = new OpaqueCounter();

    /** @param capacity the most datagrams awaited at once (each takes 128 bytes, and 8 bytes of index) */
    FragmentTable(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("fragment table capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
        this.slots = new long[Math.multiplyExact(capacity, SLOT)];
        int buckets = Integer.highestOneBit(Math.max(2, capacity) - 1) << 2;
        this.index = new int[buckets];
        this.mask = buckets - 1;
    }

    /**
     * Places a fragment ({@link DecodedPacket#isFragment()}) into its datagram: gives it the
     * datagram's ports, or remembers them from a first fragment, and records what makes it
     * MALFORMED through {@code recorder}, the write side of {@code packet}.
     */
    void place(DecodedPacket packet, PacketRecorder recorder) {
        if (packet.status() == DecodeStatus.MALFORMED) {
            return;
        }
        long time = packet.timestampNanos() == CaptureFile.NO_TIMESTAMP ? now : packet.timestampNanos();
        if (time > now) {
            now = time;
            expire();
        }
        int hash = key(packet);
        int start = packet.fragmentOffset();
        int end = start + packet.fragmentLength();
        boolean last = !packet.moreFragments();
        int version = packet.ipVersion();
        int slot = find(hash);
        Malformation problem = Malformation.NONE;
        if (end > MAXIMUM_DATAGRAM - (version == 4 ? packet.ipHeaderLength() : 0)) {
            problem = Malformation.FRAGMENT_EXCEEDS_MAXIMUM_DATAGRAM;
        } else if (!last && (end - start) % 8 != 0) {
            problem = Malformation.FRAGMENT_LENGTH_NOT_MULTIPLE_OF_8;
        } else {
            if (slot != NONE && start == 0 && reused(slot * SLOT, packet)) {
                retire(slot);
                slot = NONE;
            }
            if (slot == NONE) {
                slot = insert(hash);
            }
            problem = cover(slot * SLOT, start, end, last, packet);
        }
        if (start != 0) {
            long state = slot == NONE ? 0 : slots[slot * SLOT + STATE];
            if ((state & HAS_PORTS) != 0) {
                recorder.portsFromFirstFragment((int) state & 0xFFFF, (int) state >>> 16 & 0xFFFF);
                inherited.increment();
            } else {
                withoutPorts.increment();
            }
        }
        if (problem != Malformation.NONE) {
            recorder.malformed(version == 4 ? Layer.IPV4 : Layer.IPV6_EXTENSION, problem);
        }
    }

    /**
     * Adds {@code [start, end)} to the datagram at {@code at}, and a first fragment's ports; returns
     * why the fragment is MALFORMED, or NONE. A malformed fragment changes nothing.
     */
    private Malformation cover(int at, int start, int end, boolean last, DecodedPacket packet) {
        long state = slots[at + STATE];
        int datagramEnd = (int) (state >>> END_SHIFT) & 0x3FFFF;
        if ((state & HAS_END) != 0 ? end > datagramEnd || last && end != datagramEnd
                : last && end < coveredEnd(at)) {
            return Malformation.FRAGMENT_PAST_DATAGRAM_END;
        }
        int ranges = (int) (slots[at + HASH_RANGES] >>> 32);
        boolean duplicate = false;
        for (int i = 0; i < ranges; i++) {
            long range = slots[at + RANGES + i];
            int rangeStart = (int) (range >>> 32);
            int rangeEnd = (int) range;
            if (rangeStart <= start && end <= rangeEnd) {
                duplicate = true;
            } else if (start < rangeEnd && rangeStart < end) {
                return Malformation.FRAGMENT_OVERLAP;
            }
        }
        int ports = packet.sourcePort() | packet.destinationPort() << 16;
        if (start == 0 && packet.sourcePort() >= 0) {
            if ((state & HAS_PORTS) != 0 && (int) state != ports) {
                return Malformation.FRAGMENT_OVERLAP;
            }
            state = state & ~0xFFFF_FFFFL | ports & 0xFFFF_FFFFL | HAS_PORTS;
        }
        if (last) {
            state = state & ~(0x3FFFFL << END_SHIFT) | (long) end << END_SHIFT | HAS_END;
        }
        slots[at + STATE] = state;
        if (!duplicate && start != end) {
            addRange(at, ranges, start, end);
        }
        return Malformation.NONE;
    }

    /**
     * Whether a first fragment starts another datagram under a complete one's key: the sender has
     * reused the identification (16 bits wrap in seconds on a busy IPv4 link), the ports differ.
     */
    private boolean reused(int at, DecodedPacket packet) {
        long state = slots[at + STATE];
        return (state & HAS_PORTS) != 0 && packet.sourcePort() >= 0 && complete(at)
                && (int) state != (packet.sourcePort() | packet.destinationPort() << 16);
    }

    /** Takes a complete datagram out of the index before its time; its ring slot stays until it reaches the head. */
    private void retire(int slot) {
        removeFromIndex(slot);
        slots[slot * SLOT + KEY] = RETIRED;
    }

    /** The end of the furthest range covered so far (0 with none). */
    private int coveredEnd(int at) {
        int ranges = (int) (slots[at + HASH_RANGES] >>> 32);
        int furthest = 0;
        for (int i = 0; i < ranges; i++) {
            furthest = Math.max(furthest, (int) slots[at + RANGES + i]);
        }
        return furthest;
    }

    /** Adds a range that overlaps none, merged with those it touches; past MAX_RANGES it is dropped. */
    private void addRange(int at, int ranges, int start, int end) {
        int merged = NONE;
        for (int i = 0; i < ranges; i++) {
            long range = slots[at + RANGES + i];
            int rangeStart = (int) (range >>> 32);
            int rangeEnd = (int) range;
            if (rangeEnd == start || rangeStart == end) {
                start = Math.min(start, rangeStart);
                end = Math.max(end, rangeEnd);
                if (merged == NONE) {
                    merged = i;
                } else {
                    // The new range joins two: the second moves into the first, the last fills its place.
                    ranges--;
                    slots[at + RANGES + i] = slots[at + RANGES + ranges];
                    i--;
                }
                slots[at + RANGES + merged] = (long) start << 32 | end & 0xFFFF_FFFFL;
            }
        }
        if (merged == NONE) {
            if (ranges == MAX_RANGES) {
                return;
            }
            slots[at + RANGES + ranges++] = (long) start << 32 | end & 0xFFFF_FFFFL;
        }
        slots[at + HASH_RANGES] = (long) ranges << 32 | slots[at + HASH_RANGES] & 0xFFFF_FFFFL;
    }

    /** Fills the key fields from the fragment; returns its hash. */
    private int key(DecodedPacket packet) {
        int version = packet.ipVersion();
        key = Integer.toUnsignedLong(packet.fragmentId()) | (long) (packet.ipProtocol() & 0xFF) << 32
                | (long) version << 40;
        if (version == 4) {
            sourceHigh = 0;
            sourceLow = Integer.toUnsignedLong(packet.ipv4Source());
            destinationHigh = 0;
            destinationLow = Integer.toUnsignedLong(packet.ipv4Destination());
        } else {
            sourceHigh = packet.ipv6SourceHigh();
            sourceLow = packet.ipv6SourceLow();
            destinationHigh = packet.ipv6DestinationHigh();
            destinationLow = packet.ipv6DestinationLow();
        }
        long tunnelId = packet.tunnelId();
        // Tunnels are rare: most fragments pay one predicted branch for them.
        tunnel = tunnelId < 0 ? -1 : tunnelId | (long) packet.tunnelIdKind().ordinal() << 32;
        long h = (key ^ tunnel) * 0x9E3779B97F4A7C15L ^ sourceLow * 0xC2B2AE3D27D4EB4FL ^ destinationLow * 0x165667B19E3779F9L
                ^ (sourceHigh + 31 * destinationHigh) * 0xD6E8FEB86659FD93L;
        h = (h ^ (h >>> 32)) * 0xC4CEB9FE1A85EC53L;
        return (int) (h ^ (h >>> 29));
    }

    private int find(int hash) {
        for (int bucket = hash & mask; ; bucket = (bucket + 1) & mask) {
            int entry = index[bucket];
            if (entry == 0) {
                return NONE;
            }
            int at = (entry - 1) * SLOT;
            if ((int) slots[at + HASH_RANGES] == hash && slots[at + KEY] == key && slots[at + SOURCE_LOW] == sourceLow
                    && slots[at + DESTINATION_LOW] == destinationLow && slots[at + SOURCE_HIGH] == sourceHigh
                    && slots[at + DESTINATION_HIGH] == destinationHigh && slots[at + TUNNEL] == tunnel) {
                return entry - 1;
            }
        }
    }

    /** Takes the ring's next slot for the key being placed, first ending the oldest datagram when the table is full. */
    private int insert(int hash) {
        if (size == capacity) {
            removeOldest(evicted);
        }
        int slot = (head + size) % capacity;
        size++;
        int at = slot * SLOT;
        slots[at + KEY] = key;
        slots[at + SOURCE_HIGH] = sourceHigh;
        slots[at + SOURCE_LOW] = sourceLow;
        slots[at + DESTINATION_HIGH] = destinationHigh;
        slots[at + DESTINATION_LOW] = destinationLow;
        slots[at + TUNNEL] = tunnel;
        slots[at + FIRST_SEEN] = now;
        slots[at + STATE] = 0;
        slots[at + HASH_RANGES] = hash & 0xFFFF_FFFFL;
        SlotIndex.place(index, mask, hash, slot);
        return slot;
    }

    private void expire() {
        while (size > 0 && now - slots[head * SLOT + FIRST_SEEN] > TIMEOUT_NANOS) {
            removeOldest(expired);
        }
    }

    /** Ends the oldest datagram, counting it in {@code lost} when fragments of it were still missing. */
    private void removeOldest(OpaqueCounter lost) {
        int at = head * SLOT;
        if (slots[at + KEY] != RETIRED) {
            if (!complete(at)) {
                lost.increment();
            }
            removeFromIndex(head);
        }
        head = (head + 1) % capacity;
        size--;
    }

    private void removeFromIndex(int slot) {
        int bucket = SlotIndex.bucketOf(index, mask, slots, SLOT, HASH_RANGES, slot);
        SlotIndex.delete(index, mask, slots, SLOT, HASH_RANGES, bucket);
    }

    /** Whether every byte of the datagram, up to the end its last fragment set, was covered. */
    private boolean complete(int at) {
        long state = slots[at + STATE];
        long range = slots[at + RANGES];
        return (state & HAS_END) != 0 && (slots[at + HASH_RANGES] >>> 32) == 1 && range >>> 32 == 0
                && (int) range == ((int) (state >>> END_SHIFT) & 0x3FFFF);
    }

    /** Datagrams awaited now. */
    int size() {
        return size;
    }

    /** Fragments given their datagram's ports from its first fragment. */
    long inherited() {
        return inherited.get();
    }

    /** Fragments other than the first left without ports: their first fragment was not seen before them, or had none. */
    long withoutPorts() {
        return withoutPorts.get();
    }

    /** Incomplete datagrams that timed out. */
    long expired() {
        return expired.get();
    }

    /** Incomplete datagrams ended because the table was full. */
    long evicted() {
        return evicted.get();
    }
}
