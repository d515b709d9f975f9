// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static dev.netlistener.capture.FragmentFrames.slice;
import static dev.netlistener.capture.FragmentFrames.udpDatagram;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netlistener.capture.decode.DecodeStatus;
import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.Malformation;
import dev.netlistener.capture.decode.PacketDecoder;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fragments cut and damaged every way, through the decoder and a small fragment table: nothing
 * throws, the table never holds more than its capacity, it still pairs fragments afterwards, and
 * a capture of fragments allocates nothing per packet.
 */
class FragmentHostileTest {
    private static final long SEED = 0xF4A6_5EEDL;
    private static final int MUTATIONS = 1_000_000;
    private static final int CAPACITY = 16;
    /** 192.0.2.1, in no corpus file and made by no mutation of one. */
    private static final int TEST_NET_1 = 0xC000_0201;
    private static final List<String> FILES = List.of("ip-frag.pcap", "afs.pcap", "ip6_fragments.pcap",
            "babel_update_oobr.pcap");

    private record Frame(byte[] bytes, int wireLength, int linkType) {
    }

    /** Every fragment frame of the corpus files that have fragments. */
    private static List<Frame> corpusFragments() throws PcapException {
        List<Frame> frames = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        for (String name : FILES) {
            try (CaptureFile file = CaptureFile.open(TestEnvironment.corpus().resolve(name))) {
                while (file.advance()) {
                    MemorySegment bytes = file.segment().asSlice(file.dataOffset(), file.capturedLength());
                    if (decoder.decode(bytes, 0, file.capturedLength(), file.wireLength(), file.linkType(), 0)
                            .isFragment()) {
                        frames.add(new Frame(bytes.toArray(ValueLayout.JAVA_BYTE), file.wireLength(),
                                file.linkType()));
                    }
                }
            }
        }
        return frames;
    }

    /** The decoder and a table, as the pipeline pairs them; checks the table's bound after every packet. */
    private static final class Placer {
        final PacketDecoder decoder = new PacketDecoder();
        final FragmentTable table = new FragmentTable(CAPACITY);
        final MemorySegment buffer;
        final Map<Malformation, Integer> reasons = new EnumMap<>(Malformation.class);

        Placer(Arena arena) {
            buffer = arena.allocate(65_536 + 64);
        }

        DecodedPacket place(byte[] bytes, int captured, int wireLength, int linkType, long time, String what) {
            MemorySegment packet = buffer.asSlice(0, captured);
            packet.copyFrom(MemorySegment.ofArray(bytes).asSlice(0, captured));
            DecodedPacket decoded = decoder.decode(packet, 0, captured, wireLength, linkType, time);
            if (decoded.isFragment()) {
                table.place(decoded, decoder.recorder());
            }
            assertTrue(table.size() <= CAPACITY, what);
            if (decoded.status() == DecodeStatus.MALFORMED) {
                reasons.merge(decoded.malformation(), 1, Integer::sum);
            }
            return decoded;
        }

        /** A well-formed two-fragment datagram from a source no mutation makes: its second fragment must get the ports. */
        void checkStillPairs(int id, long time) {
            byte[] datagram = udpDatagram(4321, 1234, 24);
            byte[] first = FragmentFrames.ipv4Frame(TEST_NET_1, TEST_NET_1 + 1, id, 0, true, slice(datagram, 0, 16));
            byte[] second = FragmentFrames.ipv4Frame(TEST_NET_1, TEST_NET_1 + 1, id, 16, false, slice(datagram, 16, 32));
            place(first, first.length, first.length, 1, time, "first");
            DecodedPacket decoded = place(second, second.length, second.length, 1, time, "second");
            assertTrue(decoded.portsFromFirstFragment() && decoded.sourcePort() == 4321, decoded::toString);
        }
    }

    @Test
    void everyTruncationOfEveryCorpusFragmentIsPlacedWithoutThrowing() throws Exception {
        List<Frame> frames = corpusFragments();
        assertTrue(frames.size() > 1_500, "the corpus has its fragments");
        try (Arena arena = Arena.ofConfined()) {
            Placer placer = new Placer(arena);
            long time = 0;
            for (Frame frame : frames) {
                for (int captured = 0; captured <= frame.bytes().length; captured++) {
                    placer.place(frame.bytes(), captured, frame.wireLength(), frame.linkType(), time += 1_000,
                            frame + " cut at " + captured);
                }
            }
            placer.checkStillPairs(1, time);
        }
    }

    @Test
    void aMillionSeededMutationsOfFragmentsNeverThrowNorOutgrowTheTable() throws Exception {
        List<Frame> frames = corpusFragments();
        Random random = new Random(SEED);
        try (Arena arena = Arena.ofConfined()) {
            Placer placer = new Placer(arena);
            long time = 0;
            for (int i = 0; i < MUTATIONS; i++) {
                Frame source = frames.get(random.nextInt(frames.size()));
                byte[] bytes = mutateFragment(source, random);
                // Time mostly creeps, sometimes leaps past the timeout or runs backwards.
                time += switch (random.nextInt(64)) {
                    case 0 -> 31_000_000_000L;
                    case 1 -> -5_000_000_000L;
                    default -> random.nextInt(1_000_000);
                };
                int captured = random.nextInt(8) == 0 ? random.nextInt(bytes.length + 1) : bytes.length;
                int wireLength = random.nextInt(16) == 0 ? random.nextInt(70_000) : bytes.length;
                placer.place(bytes, captured, Math.max(wireLength, captured), source.linkType(), time, "mutation " + i);
                if (i % 10_000 == 0) {
                    placer.checkStillPairs(i / 10_000, time);
                }
            }
            System.out.println("Fragment mutations, MALFORMED by reason: " + placer.reasons);
            for (Malformation reason : List.of(Malformation.FRAGMENT_OVERLAP,
                    Malformation.FRAGMENT_EXCEEDS_MAXIMUM_DATAGRAM, Malformation.FRAGMENT_LENGTH_NOT_MULTIPLE_OF_8,
                    Malformation.FRAGMENT_PAST_DATAGRAM_END)) {
                assertTrue(placer.reasons.getOrDefault(reason, 0) > 100, reason + " should be exercised");
            }
            assertTrue(placer.table.inherited() > 0 && placer.table.evicted() > 0 && placer.table.expired() > 0,
                    "pairing, eviction and expiry should be exercised");
        }
    }

    /**
     * A copy of a fragment with the fields the table reads changed: the offset and flags, the
     * identification, the IP length, an address byte; or any byte of the IP header.
     */
    private static byte[] mutateFragment(Frame source, Random random) {
        byte[] bytes = source.bytes().clone();
        int ip = ipOffset(bytes, source.linkType());
        if (ip < 0 || ip + 48 > bytes.length) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
            return bytes;
        }
        boolean ipv4 = (bytes[ip] & 0xF0) == 0x40;
        int changes = 1 + random.nextInt(3);
        for (int c = 0; c < changes; c++) {
            int field = switch (random.nextInt(6)) {
                case 0, 1 -> ipv4 ? ip + 6 + random.nextInt(2) : ip + 42 + random.nextInt(2);   // offset and flags
                case 2 -> ipv4 ? ip + 4 + random.nextInt(2) : ip + 44 + random.nextInt(4);      // identification
                case 3 -> ipv4 ? ip + 2 + random.nextInt(2) : ip + 4 + random.nextInt(2);       // length
                case 4 -> ip + (ipv4 ? 15 : 23);                                                 // an address byte
                default -> ip + random.nextInt(ipv4 ? 20 : 48);
            };
            // Small changes keep most datagrams related; random ones make nonsense.
            bytes[field] = (byte) (random.nextBoolean() ? bytes[field] + random.nextInt(3) - 1 : random.nextInt());
        }
        return bytes;
    }

    /** Where the IP header starts in the corpus's link types (Ethernet, possibly one VLAN tag), or -1. */
    private static int ipOffset(byte[] bytes, int linkType) {
        if (linkType != 1 || bytes.length < 18) {
            return -1;
        }
        return (bytes[12] & 0xFF) == 0x81 && bytes[13] == 0 ? 18 : 14;
    }

    @Test
    void capturingFragmentsAllocatesNothingPerPacket(@TempDir Path dir) throws Exception {
        FragmentFrames frames = new FragmentFrames();
        byte[] datagram = udpDatagram(5000, 53, 40);
        int datagrams = 40_000;
        for (int i = 0; i < datagrams; i++) {
            // Three fragments each, two datagrams interleaved, every tenth duplicated and every
            // hundredth overlapping, some last fragments first: every path of the table.
            double t = i * 0.0001;
            int id = i & 0xFFFF;
            boolean lastFirst = i % 7 == 0;
            if (lastFirst) {
                frames.ipv4(t, 1 + i % 200, 2, id, 32, false, slice(datagram, 32, 48));
            }
            frames.ipv4(t, 1 + i % 200, 2, id, 0, true, slice(datagram, 0, 16));
            frames.ipv6(t, 1 + i % 200, 2, i, 0, true, slice(datagram, 0, 16));
            frames.ipv4(t, 1 + i % 200, 2, id, i % 100 == 0 ? 8 : 16, true, slice(datagram, 16, 32));
            frames.ipv6(t, 1 + i % 200, 2, i, 16, true, slice(datagram, 16, 32));
            if (i % 10 == 0) {
                frames.ipv6(t, 1 + i % 200, 2, i, 16, true, slice(datagram, 16, 32));
            }
            if (!lastFirst) {
                frames.ipv4(t, 1 + i % 200, 2, id, 32, false, slice(datagram, 32, 48));
            }
            frames.ipv6(t, 1 + i % 200, 2, i, 32, false, slice(datagram, 32, 48));
        }
        Path file = frames.write(dir.resolve("fragments.pcap"));
        long[] checksum = {0};
        PacketHandler handler = packet -> checksum[0] += packet.decoded().sourcePort();
        try (Capture capture = Capture.open(file, CaptureConfig.builder().delivery(Delivery.STREAM).build())) {
            Allocations.Polled polled = Allocations.pollToEnd(capture, handler, 100_000);
            System.out.printf("Allocated %d bytes over %d fragments; %s%n", polled.allocated(), polled.packets(),
                    capture.stats());
            assertTrue(polled.packets() > 100_000);
            assertTrue(polled.allocated() <= 1024, polled.allocated() + " bytes for " + polled.packets() + " fragments");
            assertTrue(capture.stats().fragmentPortsInherited() > polled.packets() / 2, capture.stats()::toString);
            assertTrue(capture.stats().malformed() > 0, capture.stats()::toString);
            assertTrue(checksum[0] != 0);
        }
    }
}
