// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecoderRegistry;
import dev.netlistener.capture.decode.PacketDecoder;
import dev.netlistener.pcap.LibPcap;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs the per-packet path (copy, decode, direction, flow table, row) over made-up frames once per
 * JVM, before the first live capture opens its device.
 *
 * <p>Why: a live capture's first packets run in the interpreter, at several microseconds each,
 * until the JIT has compiled the path. Flat out, 570,000 IMIX packets a second fill a 32 MiB
 * kernel buffer in about 140 ms, and a cold start lost 15,000 to 24,000 packets to the kernel
 * in its first 0.3 s, where tcpdump lost none; after 20,000 made-up packets (about 0.1 s, once)
 * it lost none (capture-bench/README.md). Files need none of this: their reader waits.
 *
 * <p>The frames go through a path of their own (their own source, decoder, flow table and rows,
 * all dropped afterwards), so nothing of them reaches a capture, its counters or an application's
 * decoders. They reach it as a live capture's packets do: libpcap reads them (from a temporary
 * pcap file) through {@link PacketSource.Live}, because the JIT compiles the path for the source
 * class it saw: warmed up through another class, the compiled loop was thrown away at the first
 * real packet ({@code -Xlog:deoptimization}: a class check in {@code PacketPipeline.process}),
 * and the cold start was back. Where no temporary file can be written, the frames are served
 * from memory instead.
 */
final class Warmup {
    /**
     * Enough for the JIT's first optimising tier (a few thousand calls) on every part of the path,
     * and for every branch real traffic takes in its first minutes: the JIT compiles a branch never
     * taken as a trap, and the first real packet to take it throws the compiled loop away
     * ({@code -Xlog:deoptimization} showed, with 20,000 packets a millisecond apart over 1,800
     * flows: a row chunk filling up, a flow seen again, a flow relisted in the recency list). So
     * 40,000 packets, a millisecond apart over 40 s, about 600 flows at a time that come back every
     * 0.7 s, a new set of them halfway (the old ones then expire or are evicted); half the rows of
     * each burst kept, which fills a chunk.
     */
    static final int PACKETS = 40_000;
    private static final int BURST = 1024;
    /** Frames per temporary file, and so per pipeline: some 40 ends of input before the JIT compiles. */
    static final int PACKETS_PER_FILE = 1000;
    private static final AtomicBoolean DONE = new AtomicBoolean();
    private static final System.Logger LOG = System.getLogger(Warmup.class.getName());

    private Warmup() {
    }

    /** Runs once per JVM; later calls return at once. */
    static void once() {
        if (DONE.compareAndSet(false, true)) {
            // Half of each burst's rows dropped: a capture that keeps every row until its retention
            // fills would otherwise meet its dropping branch first then, compiled as never taken,
            // and lose its compiled loop at that moment (measured with -Xlog:deoptimization).
            run(PACKETS, BURST / 2, table -> { });
        }
    }

    /** {@return {@code packets} made-up packets in one table} */
    static PacketTable table(int packets) {
        PacketTable[] table = {PacketTable.empty()};
        run(packets, packets, taken -> table[0] = taken);
        return table[0];
    }

    /**
     * Processes {@code packets} made-up packets through a throwaway pipeline in bursts of
     * {@link #BURST}, and hands its rows to {@code tables}: each burst's, at most {@code retention}
     * of them, or with a retention of all the packets, one table of them all at the end.
     */
    static void run(int packets, long retention, Consumer<PacketTable> tables) {
        boolean eachBurst = retention < packets;
        LocalNetworks networks = new LocalNetworks(List.of(IpNetworkAddress.parseCidr("10.0.0.0/8")));
        // A short idle timeout, so that the made-up packets' 40 seconds see flows relisted, expired and evicted.
        FlowTracker flows = new FlowTracker(1024, 10_000_000_000L, 600_000_000_000L, networks);
        RowStore rows = new RowStore();
        RowSink sink = new RowSink(rows, retention);
        PacketDecoder decoder = new PacketDecoder(DecoderRegistry.standard());
        FragmentTable fragments = new FragmentTable(64);
        List<PacketSource> sources = sources(packets);
        try {
            // One pipeline per source, as a capture is one per handle: each source's end is a
            // read that finds no packet, as a live capture's timeouts are, many times over.
            for (PacketSource source : sources) {
                try (PacketPipeline pipeline = new PacketPipeline(source, decoder, networks, flows, fragments, null)) {
                    while (pipeline.run(BURST, sink) > 0) {
                        rows.publish();
                        if (eachBurst) {
                            tables.accept(rows.take());
                        }
                    }
                }
            }
            if (!eachBurst) {
                tables.accept(rows.take());
            }
        } catch (PcapException e) {
            throw new AssertionError("made-up frames cannot fail to be read", e);
        } finally {
            sources.forEach(PacketSource::close);
        }
    }

    /**
     * The made-up frames as libpcap delivers them, {@link #PACKETS_PER_FILE} at a time, or from
     * memory when they cannot be written to a temporary file.
     */
    static List<PacketSource> sources(int packets) {
        List<PacketSource> sources = new ArrayList<>();
        try (Frames frames = new Frames(packets)) {
            for (int left = packets; left > 0; left -= PACKETS_PER_FILE) {
                sources.add(throughLibpcap(frames, Math.min(left, PACKETS_PER_FILE)));
            }
            return sources;
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "warming up from memory: the frames could not go through a temporary file", e);
            sources.forEach(PacketSource::close);
            return List.of(new Frames(packets));
        }
    }

    /** The next {@code packets} frames in a temporary pcap file, read by libpcap through a live capture's source class. */
    private static PacketSource throughLibpcap(Frames frames, int packets) throws IOException, PcapException {
        Path file = Files.createTempFile("netlistener-warmup", ".pcap");
        try {
            try (PcapWriter writer = PcapWriter.open(file, CaptureFile.Format.PCAP, LibPcap.DLT_EN10MB, Frames.SLOT,
                    TimestampPrecision.MICRO)) {
                for (int i = 0; i < packets && frames.next() == ReadResult.PACKET; i++) {
                    writer.write(frames.timestampNanos(), frames.wireLength(), frames.linkType(), frames.segment(),
                            frames.dataOffset(), frames.capturedLength());
                }
            }
            PcapHandle handle = PcapHandle.openOffline(file);
            try {
                return new PacketSource.Live(handle, Duration.ofMillis(1));
            } catch (PcapException | RuntimeException e) {
                handle.close();
                throw e;
            }
        } finally {
            // libpcap holds the file open: its name is no longer needed.
            Files.deleteIfExists(file);
        }
    }

    /**
     * A source that hands out the same few frames again and again, from native memory as libpcap
     * does, with ports that vary so that the flow table sees some hundred conversations.
     */
    private static final class Frames implements PacketSource {
        private static final int SLOT = 128;
        private static final long MILLISECOND = 1_000_000L;
        /** Source ports per kind of packet at a time: about 600 flows, which fit the warm-up's table. */
        private static final int PORTS = 100;
        private static final ValueLayout.OfShort BIG_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        private static final ValueLayout.OfInt BIG_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        /**
         * Ethernet/IPv4/TCP, /IPv4/UDP, /IPv6/TCP, /IPv6/UDP, /802.1Q/IPv4/UDP, /IPv4/ICMP, /ARP,
         * /IPv4/UDP/DNS query (a port with a decoder of its own, and a name).
         */
        private static final int KINDS = 8;
        private static final int DNS = 7;
        /** A DNS query for example.com, type A: header, name, type, class. */
        private static final byte[] DNS_QUERY = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
            7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1};

        private final Arena arena = Arena.ofConfined();
        private final MemorySegment frames = arena.allocate((long) SLOT * KINDS, 64);
        private final int[] lengths = new int[KINDS];
        private final int total;
        private int served;
        private int current;

        Frames(int total) {
            this.total = total;
            for (int kind = 0; kind < KINDS; kind++) {
                lengths[kind] = write(frames.asSlice((long) SLOT * kind, SLOT), kind);
            }
        }

        /** Writes frame {@code kind} into {@code frame}; returns its length. */
        private static int write(MemorySegment frame, int kind) {
            frame.set(BIG_INT, 0, 0x0200_0000);
            frame.set(BIG_SHORT, 4, (short) 0x0002);
            frame.set(BIG_INT, 6, 0x0200_0000);
            frame.set(BIG_SHORT, 10, (short) 0x0001);
            int at = 12;
            if (kind == 4) {
                frame.set(BIG_SHORT, at, (short) 0x8100);
                frame.set(BIG_SHORT, at + 2, (short) 42);
                at += 4;
            }
            if (kind == 6) {
                frame.set(BIG_SHORT, at, (short) 0x0806);
                frame.set(BIG_INT, at + 2, 0x0001_0800);
                frame.set(BIG_INT, at + 6, 0x0604_0001);
                frame.set(BIG_INT, at + 16, 0x0a00_0001);
                frame.set(BIG_INT, at + 26, 0x0a00_0002);
                return at + 30;
            }
            boolean ipv6 = kind == 2 || kind == 3;
            int protocol = switch (kind) {
                case 0, 2 -> 6;
                case 5 -> 1;
                default -> 17;
            };
            int transport = protocol == 6 ? 20 : 8;
            int payload = kind == DNS ? DNS_QUERY.length : 26;
            if (ipv6) {
                frame.set(BIG_SHORT, at, (short) 0x86DD);
                at += 2;
                frame.set(BIG_INT, at, 0x6000_0000);
                frame.set(BIG_SHORT, at + 4, (short) (transport + payload));
                frame.set(ValueLayout.JAVA_BYTE, at + 6, (byte) protocol);
                frame.set(ValueLayout.JAVA_BYTE, at + 7, (byte) 64);
                frame.set(BIG_INT, at + 8, 0x2001_0db8);
                frame.set(ValueLayout.JAVA_BYTE, at + 23, (byte) 1);
                frame.set(BIG_INT, at + 24, 0x2001_0db8);
                frame.set(ValueLayout.JAVA_BYTE, at + 39, (byte) 2);
                at += 40;
            } else {
                frame.set(BIG_SHORT, at, (short) 0x0800);
                at += 2;
                frame.set(BIG_SHORT, at, (short) 0x4500);
                frame.set(BIG_SHORT, at + 2, (short) (20 + transport + payload));
                frame.set(ValueLayout.JAVA_BYTE, at + 8, (byte) 64);
                frame.set(ValueLayout.JAVA_BYTE, at + 9, (byte) protocol);
                frame.set(BIG_INT, at + 12, 0x0a00_0001);
                frame.set(BIG_INT, at + 16, 0xc000_0201);
                at += 20;
            }
            frame.set(BIG_INT, at, 40_000 << 16 | 443);
            if (protocol == 6) {
                frame.set(BIG_SHORT, at + 12, (short) 0x5018);
            } else if (protocol == 17) {
                frame.set(BIG_SHORT, at + 4, (short) (8 + payload));
                if (kind == DNS) {
                    frame.set(BIG_SHORT, at + 2, (short) 53);
                    MemorySegment.copy(DNS_QUERY, 0, frame, ValueLayout.JAVA_BYTE, at + 8, DNS_QUERY.length);
                }
            } else {
                frame.set(BIG_INT, at, 0x0800_0000);
            }
            return at + transport + payload;
        }

        @Override
        public ReadResult next() {
            if (served == total) {
                return ReadResult.END;
            }
            current = served % KINDS;
            if (current != 6 && current != 5) {
                int ipStart = current == 4 ? 18 : 14;
                int transportStart = ipStart + (current == 2 || current == 3 ? 40 : 20);
                frames.set(BIG_SHORT, (long) SLOT * current + transportStart, (short) sourcePort(served));
            }
            served++;
            return ReadResult.PACKET;
        }

        /** A new source port every few packets, and a new set of them halfway. */
        private static int sourcePort(int served) {
            return 40_000 + served / (PACKETS / 2) * PORTS + served / KINDS % PORTS;
        }

        @Override
        public void awaitPackets(int millis) {
        }

        @Override
        public long timestampNanos() {
            return 1_700_000_000_000_000_000L + served * MILLISECOND;
        }

        @Override
        public int capturedLength() {
            return lengths[current];
        }

        @Override
        public int wireLength() {
            return lengths[current];
        }

        @Override
        public int linkType() {
            return LibPcap.DLT_EN10MB;
        }

        /** As a live source: the whole address space, the frame at its address. */
        @Override
        public MemorySegment segment() {
            return NativeMemory.EVERYTHING;
        }

        @Override
        public long dataOffset() {
            return frames.address() + (long) SLOT * current;
        }

        @Override
        public Optional<PcapStats> stats() {
            return Optional.empty();
        }

        @Override
        public void breakLoop() {
        }

        @Override
        public boolean mayBlock() {
            return false;
        }

        /** Live, so that the pipeline copies each packet out as it does libpcap's. */
        @Override
        public boolean isLive() {
            return true;
        }

        @Override
        public String name() {
            return "warm-up";
        }

        @Override
        public int snaplen() {
            return SLOT;
        }

        @Override
        public int fileLinkType() {
            return LibPcap.DLT_EN10MB;
        }

        @Override
        public TimestampPrecision precision() {
            return TimestampPrecision.MICRO;
        }

        @Override
        public void close() {
            arena.close();
        }
    }
}
