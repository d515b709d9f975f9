// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static dev.netlistener.capture.RandomTraffic.TICK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netlistener.capture.RandomTraffic.Endpoint;
import dev.netlistener.capture.decode.DecodeStatus;
import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.PacketDecoder;
import dev.netlistener.pcap.LibPcap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The flow table against a model written the plain way, a HashMap from conversation key to its
 * counters. Seeded random traffic ({@link RandomTraffic}) is decoded by {@link PacketDecoder} and
 * counted by the tracker; after every packet the tracker's snapshot is checked against the model.
 *
 * <p>Exact: which flows exist (key: IP version, protocol, EtherType, both endpoints; non-IP one
 * per EtherType), which endpoint is A (the first sender), packets and wire bytes per direction,
 * first and last seen, TCP flags, direction, the counters and end reason of every flow that ends,
 * the eviction counter, the table's size, no ended flow lost while snapshots are frequent, and every
 * remaining flow ending CAPTURE_CLOSED. The active timeout is exact too: a packet for a flow first
 * seen more than the active timeout ago ends it and starts a new one, and nothing else does.
 *
 * <p>With a tolerance of {@link #SLACK} (an eighth of the idle timeout), so that an approximately
 * least-recently-seen table passes as well as an exact one:
 * <ul>
 * <li>idle timeout: a flow never ends IDLE_TIMEOUT unless the packet being counted is more than the
 *     idle timeout after its last packet (never early), and no flow is still active once a packet
 *     more than idle + SLACK after its last one has been counted (at most SLACK late); a packet
 *     for a flow quiet for between the two may continue it or end it and start a new one;</li>
 * <li>eviction: only to admit a new flow into a full table, at most one flow per packet, and the
 *     evicted flow was last seen at most SLACK after the least recently seen flow in the table.</li>
 * </ul>
 * Packet times never go backwards; they sit on a 250 ms grid so that gaps of exactly a timeout occur.
 */
class FlowTrackerModelTest {
    private static final long IDLE = 240 * TICK;
    private static final long ACTIVE = 480 * TICK;
    private static final long SLACK = IDLE / 8;
    private static final int PACKETS = 20_000;
    private static final Comparator<Endpoint> ENDPOINT_ORDER = Comparator.comparingLong(Endpoint::high)
            .thenComparingLong(Endpoint::low).thenComparingInt(Endpoint::port);

    /** A conversation's identity, the same whichever endpoint sends. */
    private record Key(int version, int protocol, int etherType, Endpoint one, Endpoint other) {
        static Key of(int version, int protocol, int etherType, Endpoint x, Endpoint y) {
            return ENDPOINT_ORDER.compare(x, y) <= 0
                    ? new Key(version, protocol, etherType, x, y) : new Key(version, protocol, etherType, y, x);
        }

        static Key of(RandomTraffic.Packet packet) {
            RandomTraffic.Kind kind = packet.kind();
            return of(kind.version, kind.protocol, kind.etherType, packet.source(), packet.destination());
        }

        static Key of(Flow flow) {
            return of(flow.ipVersion(), flow.protocol(), flow.etherType(),
                    new Endpoint(flow.addressAHigh(), flow.addressALow(), flow.portA()),
                    new Endpoint(flow.addressBHigh(), flow.addressBLow(), flow.portB()));
        }
    }

    /** The model's flow: what a flow table must know about one conversation. */
    private static final class Counters {
        final Endpoint a;
        final Endpoint b;
        final long firstSeen;
        final Direction direction;
        long packetsAToB;
        long bytesAToB;
        long packetsBToA;
        long bytesBToA;
        long lastSeen;
        int tcpFlags;

        Counters(RandomTraffic.Packet first) {
            a = first.source();
            b = first.destination();
            firstSeen = first.timestampNanos();
            lastSeen = firstSeen;
            direction = Direction.of(first.sourceLocal(), first.destinationLocal());
        }

        void count(RandomTraffic.Packet packet) {
            if (packet.source().equals(a)) {
                packetsAToB++;
                bytesAToB += packet.wire();
            } else {
                packetsBToA++;
                bytesBToA += packet.wire();
            }
            lastSeen = Math.max(lastSeen, packet.timestampNanos());
            tcpFlags |= packet.tcpFlags();
        }

        Flow flow(Key key, FlowEnd end) {
            return new Flow(key.version, key.protocol, key.etherType, a.high(), a.low(), a.port(),
                    b.high(), b.low(), b.port(), packetsAToB, bytesAToB, packetsBToA, bytesBToA,
                    firstSeen, lastSeen, tcpFlags, direction, end, null, -1);
        }
    }

    /** The HashMap model and the checks of one packet's effect on the tracker. */
    private static final class Model {
        final int capacity;
        final Map<Key, Counters> active = new HashMap<>();
        final Map<FlowEnd, Integer> ends = new EnumMap<>(FlowEnd.class);
        long evictions;

        Model(int capacity) {
            this.capacity = capacity;
        }

        /** After {@code packet} was counted: what the tracker ended was allowed, what it must end it did, the rest is exact. */
        void check(RandomTraffic.Packet packet, FlowSnapshot snapshot, FlowTracker tracker, String at) {
            long now = packet.timestampNanos();
            Key key = Key.of(packet);
            Counters evicted = null;
            for (Flow flow : snapshot.ended().flows()) {
                Counters ended = active.remove(Key.of(flow));
                if (ended == null) {
                    fail(at + ": the tracker ended a flow the model does not have: " + flow);
                }
                assertEquals(ended.flow(Key.of(flow), flow.end()), flow, at);
                switch (flow.end()) {
                    case IDLE_TIMEOUT -> assertTrue(now - ended.lastSeen > IDLE,
                            () -> at + ": ended as idle " + (now - ended.lastSeen) / TICK + " ticks after its last packet: " + flow);
                    case ACTIVE_TIMEOUT -> assertTrue(Key.of(flow).equals(key) && now - ended.firstSeen > ACTIVE,
                            () -> at + ": ended by the active timeout though " + (Key.of(flow).equals(key)
                                    ? (now - ended.firstSeen) / TICK + " ticks old" : "not the packet's flow") + ": " + flow);
                    case EVICTED -> {
                        assertTrue(evicted == null, at + ": two flows evicted for one packet");
                        evicted = ended;
                        evictions++;
                    }
                    default -> fail(at + ": a flow ended " + flow.end() + " while counting a packet: " + flow);
                }
                ends.merge(flow.end(), 1, Integer::sum);
            }
            if (evicted != null) {
                checkEviction(evicted, key, at);
            }
            for (Map.Entry<Key, Counters> flow : active.entrySet()) {
                long quiet = now - flow.getValue().lastSeen;
                assertTrue(quiet <= IDLE + SLACK, () -> at + ": still active " + quiet / TICK
                        + " ticks after its last packet: " + flow.getValue().flow(flow.getKey(), FlowEnd.ACTIVE));
            }
            Counters counters = active.get(key);
            if (counters == null) {
                assertTrue(active.size() < capacity, at + ": a new flow but the table is full and nothing was evicted");
                counters = new Counters(packet);
                active.put(key, counters);
            } else {
                long age = now - counters.firstSeen;
                assertTrue(age <= ACTIVE, () -> at + ": counted into a flow " + age / TICK + " ticks old");
            }
            counters.count(packet);
            checkActive(snapshot, at);
            assertEquals(active.size(), tracker.size(), at);
            assertEquals(evictions, tracker.evictions(), at);
            assertEquals(evictions, snapshot.evictions(), at);
            assertEquals(0, snapshot.endedLost(), at);
        }

        /** Only into a full table to admit a new flow, and (nearly) the least recently seen. */
        private void checkEviction(Counters evicted, Key admitted, String at) {
            assertTrue(!active.containsKey(admitted), at + ": evicted a flow though the packet's own flow is in the table");
            assertEquals(capacity - 1, active.size(), at + ": evicted from a table that was not full");
            long oldest = active.values().stream().mapToLong(c -> c.lastSeen).min().orElse(Long.MAX_VALUE);
            long newer = evicted.lastSeen - Math.min(oldest, evicted.lastSeen);
            assertTrue(newer <= SLACK, () -> at + ": evicted a flow last seen " + newer / TICK
                    + " ticks after the least recently seen one");
        }

        private void checkActive(FlowSnapshot snapshot, String at) {
            Map<Key, Flow> actual = new HashMap<>();
            for (Flow flow : snapshot.active().flows()) {
                assertTrue(actual.put(Key.of(flow), flow) == null, at + ": one conversation twice in the table: " + flow);
            }
            TreeSet<String> differences = new TreeSet<>();
            for (Map.Entry<Key, Counters> flow : active.entrySet()) {
                Flow expected = flow.getValue().flow(flow.getKey(), FlowEnd.ACTIVE);
                Flow got = actual.remove(flow.getKey());
                if (!expected.equals(got)) {
                    differences.add("expected " + expected + "\n     got " + got);
                }
            }
            actual.values().forEach(flow -> differences.add("not in the model: " + flow));
            assertTrue(differences.isEmpty(), () -> at + ":\n" + String.join("\n", differences));
        }

        /** Closing ends every flow still active, exactly as the model has it. */
        void checkClosed(FlowSnapshot last, String at) {
            assertEquals(0, last.active().size(), at);
            Map<Key, Flow> expected = new HashMap<>();
            active.forEach((key, counters) -> expected.put(key, counters.flow(key, FlowEnd.CAPTURE_CLOSED)));
            Map<Key, Flow> actual = new HashMap<>();
            last.ended().flows().forEach(flow -> actual.put(Key.of(flow), flow));
            assertEquals(expected, actual, at);
        }
    }

    /** {@code ends}: the reasons the traffic must have produced, so that a run cannot pass by testing little. */
    @ParameterizedTest(name = "capacity {0}, seed {1}")
    @CsvSource({
            // Too small for the busy conversations to survive until the active timeout.
            "1, 101, IDLE_TIMEOUT EVICTED",
            "2, 102, IDLE_TIMEOUT EVICTED",
            "5, 103, IDLE_TIMEOUT EVICTED",
            "16, 104, IDLE_TIMEOUT ACTIVE_TIMEOUT EVICTED",
            "16, 105, IDLE_TIMEOUT ACTIVE_TIMEOUT EVICTED",
            "64, 106, IDLE_TIMEOUT ACTIVE_TIMEOUT EVICTED"})
    void agreesWithAHashMapOnRandomTraffic(int capacity, long seed, String ends) {
        RandomTraffic traffic = new RandomTraffic(seed, 2 * capacity + 4);
        Model model = new Model(capacity);
        PacketDecoder decoder = new PacketDecoder();
        FlowTracker tracker = new FlowTracker(capacity, IDLE, ACTIVE, LocalNetworks.parse(RandomTraffic.LOCAL_NETWORKS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(2048);
            for (int i = 0; i < PACKETS; i++) {
                RandomTraffic.Packet packet = traffic.next();
                String at = "capacity " + capacity + ", seed " + seed + ", packet " + i + " (" + packet + ")";
                tracker.update(decode(decoder, buffer, packet, at));
                model.check(packet, tracker.snapshot(false), tracker, at);
            }
            model.checkClosed(tracker.snapshot(true), "capacity " + capacity + ", seed " + seed + ", closing");
        }
        System.out.printf("Flow model, capacity %d, seed %d: %d packets, flows ended %s%n",
                capacity, seed, PACKETS, model.ends);
        for (String end : ends.split(" ")) {
            assertTrue(model.ends.getOrDefault(FlowEnd.valueOf(end), 0) > 0, "the traffic never made a flow end " + end);
        }
    }

    /**
     * Without snapshots, flows that end beyond the ended-flows buffer are counted as lost: every
     * eviction is either in the next snapshot or in {@code endedLost}, none vanishes.
     */
    @Test
    void endedFlowsBeyondTheBufferAreCountedLost() {
        int capacity = 16;
        int flows = 20_000;
        PacketDecoder decoder = new PacketDecoder();
        FlowTracker tracker = new FlowTracker(capacity, IDLE, ACTIVE, LocalNetworks.parse(List.of()));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(42);
            for (int i = 0; i < flows; i++) {
                Fixtures.udpFrame(frame, 0x0A000001, 0x0A000002, 1024 + i, 53, 0);
                tracker.update(decoder.decode(frame, 0, 42, 42, LibPcap.DLT_EN10MB, 1_700_000_000_000_000_000L + i));
            }
            assertEquals(flows - capacity, tracker.evictions());
            long lost = tracker.endedLost();
            FlowSnapshot snapshot = tracker.snapshot(false);
            assertTrue(lost > 0, "the buffer (as large as the table, at least 16384) held all " + (flows - capacity));
            assertEquals(lost, snapshot.endedLost());
            assertEquals(flows - capacity, snapshot.ended().size() + lost);
            assertTrue(snapshot.ended().flows().stream().allMatch(f -> f.end() == FlowEnd.EVICTED && f.packets() == 1));
            assertEquals(capacity, snapshot.active().size());
            assertEquals(0, tracker.endedLost(), "reported once");
        }
    }

    /** Decodes the packet as a capture would, and checks the decoder read what was written. */
    private static DecodedPacket decode(PacketDecoder decoder, MemorySegment buffer, RandomTraffic.Packet packet,
                                        String at) {
        MemorySegment.copy(packet.frame(), 0, buffer, ValueLayout.JAVA_BYTE, 0, packet.captured());
        DecodedPacket decoded = decoder.decode(buffer, 0, packet.captured(), packet.wire(), LibPcap.DLT_EN10MB,
                packet.timestampNanos());
        RandomTraffic.Kind kind = packet.kind();
        assertEquals(DecodeStatus.OK, decoded.status(), at);
        assertEquals(kind.version, decoded.ipVersion(), at);
        assertEquals(kind.etherType, decoded.etherType(), at);
        if (kind.version != 0) {
            assertEquals(kind.protocol, decoded.ipProtocol(), at);
            assertEquals(packet.source().port(), decoded.sourcePort(), at);
        }
        return decoded;
    }
}
