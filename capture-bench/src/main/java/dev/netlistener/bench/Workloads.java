// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import dev.netlistener.capture.CaptureFile;
import dev.netlistener.capture.PcapException;
import dev.netlistener.capture.PcapWriter;
import dev.netlistener.capture.TimestampPrecision;
import dev.netlistener.pcap.LibPcap;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the benchmark inputs (never committed; made on demand, the same bytes every time):
 * <ul>
 *   <li>{@code imix.pcap}: an IMIX-like mix over 2000 conversations: 7 small : 4 medium : 1
 *       large frames (60 to 1514 bytes: about 60, 590 and 1460, with some spread); 82 % IPv4,
 *       15 % IPv6 (a fifth of it behind hop-by-hop and destination-options headers, so that
 *       readers must walk the extension chain), 3 % ARP; TCP, UDP and ICMP; 2 % 802.1Q-tagged;</li>
 *   <li>{@code small.pcap}: 64-byte Ethernet/IPv4/UDP frames, the worst case per byte.</li>
 * </ul>
 */
public final class Workloads {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final long START = 1_760_000_000_000_000_000L;
    private static final int CONVERSATIONS = 2000;

    private Workloads() {
    }

    /**
     * The IMIX file with {@code packets} packets in {@code dir}, written unless it is already there.
     * The name carries a version, so that a changed mix never reuses an older file.
     */
    public static Path imix(Path dir, int packets) throws IOException {
        return cached(dir.resolve("imix-v2-" + packets + ".pcap"), partial -> writeImix(partial, packets));
    }

    /** The 64-byte file with {@code packets} packets in {@code dir}, written unless it is already there. */
    public static Path small(Path dir, int packets) throws IOException {
        return cached(dir.resolve("small-" + packets + ".pcap"), partial -> writeSmall(partial, packets));
    }

    /** Writes the file unless it exists, under a temporary name first so that a killed run leaves no half file. */
    private static Path cached(Path file, FileWriter writer) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".tmp");
            writer.write(partial);
            Files.move(partial, file);
        }
        return file;
    }

    @FunctionalInterface
    private interface FileWriter {
        void write(Path file) throws IOException;
    }

    private static void writeImix(Path file, int packets) throws PcapException {
        SplittableRandom random = new SplittableRandom(42);
        try (Arena arena = Arena.ofConfined();
             PcapWriter writer = PcapWriter.open(file, CaptureFile.Format.PCAP, LibPcap.DLT_EN10MB, 65535,
                     TimestampPrecision.NANO)) {
            MemorySegment frame = arena.allocate(1518);
            long time = START;
            for (int i = 0; i < packets; i++) {
                int length = frameLength(random);
                int conversation = random.nextInt(CONVERSATIONS);
                boolean reply = random.nextBoolean();
                int kind = random.nextInt(100);
                int written;
                if (kind < 3) {
                    written = arp(frame, conversation, reply);
                } else if (kind < 18) {
                    written = ipv6(frame, conversation, reply, length, random.nextInt(100), kind < 6);
                } else {
                    written = ipv4(frame, conversation, reply, length, random.nextInt(100), kind < 20);
                }
                time += 200 + random.nextInt(1800);
                writer.write(time, written, LibPcap.DLT_EN10MB, frame, 0, written);
            }
        }
    }

    /** 7 : 4 : 1 of about 60, 590 and 1514 bytes. */
    private static int frameLength(SplittableRandom random) {
        int pick = random.nextInt(12);
        if (pick < 7) {
            return 60 + random.nextInt(20);
        }
        if (pick < 11) {
            return 560 + random.nextInt(60);
        }
        return 1400 + random.nextInt(115);
    }

    private static void ethernet(MemorySegment frame, int conversation, boolean reply, int etherType) {
        long client = 0x0200_0000_0000L | conversation;
        long server = 0x0200_00FF_0000L | conversation % 16;
        long source = reply ? server : client;
        long destination = reply ? client : server;
        frame.set(U16, 0, (short) (destination >>> 32));
        frame.set(U32, 2, (int) destination);
        frame.set(U16, 6, (short) (source >>> 32));
        frame.set(U32, 8, (int) source);
        frame.set(U16, 12, (short) etherType);
    }

    private static int arp(MemorySegment frame, int conversation, boolean reply) {
        frame.asSlice(0, 60).fill((byte) 0);
        ethernet(frame, conversation, reply, 0x0806);
        frame.set(U16, 14, (short) 1);
        frame.set(U16, 16, (short) 0x0800);
        frame.set(ValueLayout.JAVA_BYTE, 18, (byte) 6);
        frame.set(ValueLayout.JAVA_BYTE, 19, (byte) 4);
        frame.set(U16, 20, (short) (reply ? 2 : 1));
        frame.set(U32, 28, 0x0A000000 | conversation);
        frame.set(U32, 38, 0x0AFF0000 | conversation % 16);
        return 60;
    }

    private static int ipv4(MemorySegment frame, int conversation, boolean reply, int length, int protocolPick,
                            boolean tagged) {
        frame.asSlice(0, length).fill((byte) 0x5A);
        int ip = 14;
        if (tagged) {
            ethernet(frame, conversation, reply, 0x8100);
            frame.set(U16, 14, (short) (100 + conversation % 50));
            frame.set(U16, 16, (short) 0x0800);
            ip = 18;
        } else {
            ethernet(frame, conversation, reply, 0x0800);
        }
        int protocol = protocolPick < 70 ? 6 : protocolPick < 95 ? 17 : 1;
        int total = length - ip;
        frame.set(ValueLayout.JAVA_BYTE, ip, (byte) 0x45);
        frame.set(ValueLayout.JAVA_BYTE, ip + 1, (byte) 0);
        frame.set(U16, ip + 2, (short) total);
        frame.set(U16, ip + 4, (short) conversation);
        frame.set(U16, ip + 6, (short) 0x4000);
        frame.set(ValueLayout.JAVA_BYTE, ip + 8, (byte) 64);
        frame.set(ValueLayout.JAVA_BYTE, ip + 9, (byte) protocol);
        frame.set(U16, ip + 10, (short) 0);
        int client = 0x0A000000 | conversation;
        int server = 0xC0A80000 | conversation % 16;
        frame.set(U32, ip + 12, reply ? server : client);
        frame.set(U32, ip + 16, reply ? client : server);
        transport(frame, ip + 20, protocol, conversation, reply, total - 20);
        return length;
    }

    /** With {@code extensions}: hop-by-hop options (8 bytes), then destination options (16 bytes). */
    private static int ipv6(MemorySegment frame, int conversation, boolean reply, int length, int protocolPick,
                            boolean extensions) {
        int extensionBytes = extensions ? 8 + 16 : 0;
        int frameLength = Math.max(length, 14 + 40 + extensionBytes + 20);
        frame.asSlice(0, frameLength).fill((byte) 0x6B);
        ethernet(frame, conversation, reply, 0x86DD);
        int protocol = protocolPick < 70 ? 6 : protocolPick < 95 ? 17 : 58;
        int ip = 14;
        frame.set(U32, ip, 0x6000_0000);
        frame.set(U16, ip + 4, (short) (frameLength - ip - 40));
        frame.set(ValueLayout.JAVA_BYTE, ip + 6, (byte) (extensions ? 0 : protocol));
        frame.set(ValueLayout.JAVA_BYTE, ip + 7, (byte) 64);
        long clientLow = 0x1000L | conversation;
        long serverLow = 0x2000L | conversation % 16;
        frame.set(U64, ip + 8, 0x2001_0DB8_0000_0000L);
        frame.set(U64, ip + 16, reply ? serverLow : clientLow);
        frame.set(U64, ip + 24, 0x2001_0DB8_0000_0000L);
        frame.set(U64, ip + 32, reply ? clientLow : serverLow);
        int next = ip + 40;
        if (extensions) {
            next = optionsHeader(frame, next, 60, 0);
            next = optionsHeader(frame, next, protocol, 1);
        }
        transport(frame, next, protocol, conversation, reply, frameLength - next);
        return frameLength;
    }

    /** An options extension header of (lengthUnits + 1) x 8 bytes, filled with one PadN option. */
    private static int optionsHeader(MemorySegment frame, int at, int nextHeader, int lengthUnits) {
        int length = (lengthUnits + 1) * 8;
        frame.asSlice(at, length).fill((byte) 0);
        frame.set(ValueLayout.JAVA_BYTE, at, (byte) nextHeader);
        frame.set(ValueLayout.JAVA_BYTE, at + 1, (byte) lengthUnits);
        frame.set(ValueLayout.JAVA_BYTE, at + 2, (byte) 1);
        frame.set(ValueLayout.JAVA_BYTE, at + 3, (byte) (length - 4));
        return at + length;
    }

    private static void transport(MemorySegment frame, int at, int protocol, int conversation, boolean reply,
                                  int length) {
        int clientPort = 1024 + conversation;
        int serverPort = switch (conversation % 4) {
            case 0 -> 443;
            case 1 -> 80;
            case 2 -> 53;
            default -> 8080;
        };
        if (protocol == 6) {
            frame.set(U16, at, (short) (reply ? serverPort : clientPort));
            frame.set(U16, at + 2, (short) (reply ? clientPort : serverPort));
            frame.set(U32, at + 4, conversation * 1000);
            frame.set(U32, at + 8, conversation * 2000);
            frame.set(ValueLayout.JAVA_BYTE, at + 12, (byte) 0x50);
            frame.set(ValueLayout.JAVA_BYTE, at + 13, (byte) 0x18);
            frame.set(U16, at + 14, (short) 65535);
        } else if (protocol == 17) {
            frame.set(U16, at, (short) (reply ? serverPort : clientPort));
            frame.set(U16, at + 2, (short) (reply ? clientPort : serverPort));
            frame.set(U16, at + 4, (short) length);
        } else {
            frame.set(ValueLayout.JAVA_BYTE, at, (byte) (reply ? 0 : 8));
            frame.set(ValueLayout.JAVA_BYTE, at + 1, (byte) 0);
        }
    }

    private static void writeSmall(Path file, int packets) throws PcapException {
        try (Arena arena = Arena.ofConfined();
             PcapWriter writer = PcapWriter.open(file, CaptureFile.Format.PCAP, LibPcap.DLT_EN10MB, 65535,
                     TimestampPrecision.NANO)) {
            MemorySegment frame = arena.allocate(64);
            for (int i = 0; i < packets; i++) {
                int conversation = i % CONVERSATIONS;
                ipv4(frame, conversation, (i & 1) == 1, 64, 80, false);
                writer.write(START + i * 100L, 64, LibPcap.DLT_EN10MB, frame, 0, 64);
            }
        }
    }

    /** Writes both files: {@code Workloads DIR [IMIX-PACKETS] [SMALL-PACKETS]}. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "capture-bench/work");
        int imixPackets = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int smallPackets = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
        System.out.println(imix(dir, imixPackets));
        System.out.println(small(dir, smallPackets));
    }
}
