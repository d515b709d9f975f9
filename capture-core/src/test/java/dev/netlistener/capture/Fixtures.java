// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Capture files written by the tests themselves (public for the other modules' tests). */
public final class Fixtures {
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Fixtures() {
    }

    /**
     * {@code count} Ethernet/IPv4/UDP frames from 10.0.0.1 to 10.0.0.2, packet {@code i} with
     * IPv4 id and UDP source port derived from {@code i} and timestamp {@code i} microseconds, so
     * every packet is recognisable in a table by {@link #indexOf}.
     */
    public static Path udpFile(Path file, int count, int payload) throws PcapException {
        try (Arena arena = Arena.ofConfined();
             PcapWriter writer = PcapWriter.open(file, CaptureFile.Format.PCAP, LibPcap.DLT_EN10MB, 65535,
                     TimestampPrecision.NANO)) {
            MemorySegment frame = arena.allocate(42 + payload);
            for (int i = 0; i < count; i++) {
                udpFrame(frame, i, payload);
                writer.write(1_700_000_000_000_000_000L + i * 1_000L, (int) frame.byteSize(), LibPcap.DLT_EN10MB, frame, 0,
                        (int) frame.byteSize());
            }
        }
        return file;
    }

    static void udpFrame(MemorySegment frame, int index, int payload) {
        udpFrame(frame, 0x0A000001, 0x0A000002, sourcePort(index), 9, payload);
        frame.set(U16, 18, (short) index);             // IPv4 id
    }

    /** An Ethernet/IPv4/UDP frame between the given addresses and ports. */
    static void udpFrame(MemorySegment frame, int source, int destination, int sourcePort, int destinationPort,
                         int payload) {
        frame.fill((byte) 0);
        frame.set(U16, 0, (short) 0x0200);            // destination 02:00:00:00:00:02
        frame.set(U32, 2, 2);
        frame.set(U16, 6, (short) 0x0200);            // source 02:00:00:00:00:01
        frame.set(U32, 8, 1);
        frame.set(U16, 12, (short) 0x0800);
        frame.set(ValueLayout.JAVA_BYTE, 14, (byte) 0x45);
        frame.set(U16, 16, (short) (20 + 8 + payload));
        frame.set(ValueLayout.JAVA_BYTE, 22, (byte) 64);
        frame.set(ValueLayout.JAVA_BYTE, 23, (byte) 17);
        frame.set(U32, 26, source);
        frame.set(U32, 30, destination);
        frame.set(U16, 34, (short) sourcePort);
        frame.set(U16, 36, (short) destinationPort);
        frame.set(U16, 38, (short) (8 + payload));
    }

    /** Writes UDP frames described one per {@link Datagram}, in order. */
    static Path udpFile(Path file, java.util.List<Datagram> datagrams) throws PcapException {
        try (Arena arena = Arena.ofConfined();
             PcapWriter writer = PcapWriter.open(file, CaptureFile.Format.PCAP, LibPcap.DLT_EN10MB, 65535,
                     TimestampPrecision.NANO)) {
            for (Datagram d : datagrams) {
                MemorySegment frame = arena.allocate(42 + d.payload());
                udpFrame(frame, d.source(), d.destination(), d.sourcePort(), d.destinationPort(), d.payload());
                writer.write(d.timestampNanos(), (int) frame.byteSize(), LibPcap.DLT_EN10MB, frame, 0, (int) frame.byteSize());
            }
        }
        return file;
    }

    /** One UDP datagram of a fixture file; addresses are IPv4 in an int. */
    record Datagram(long timestampNanos, int source, int sourcePort, int destination, int destinationPort,
                    int payload) {
    }

    /**
     * The UDP source port of packet {@code index}: 10000 + index modulo 55536, above the ports the
     * standard decoders take for tunnels (GTP-U 2152, VXLAN 4789, Geneve 6081, MPLS 6635).
     */
    static int sourcePort(int index) {
        return 10_000 + index % 55_536;
    }

    /** The packet index of a row from {@link #udpFile}, from its timestamp. */
    static int indexOf(PacketTable table, int row) {
        return (int) ((table.timestampNanos(row) - 1_700_000_000_000_000_000L) / 1_000L);
    }
}
