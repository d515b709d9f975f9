// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.pcap.LibPcap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ethernet frames carrying IPv4 or IPv6 fragments of UDP datagrams, written by the tests into
 * pcap files: each frame is built byte by byte from RFC 791 and RFC 8200, not by the code under test.
 */
final class FragmentFrames {
    static final long START = 1_700_000_000_000_000_000L;
    /** IPv6 addresses of the fixtures: 2001:db8::{@code host}. */
    static final long IPV6_PREFIX = 0x2001_0db8_0000_0000L;

    private final List<byte[]> frames = new ArrayList<>();
    private final List<Long> times = new ArrayList<>();

    /** A UDP datagram's bytes: the 8-byte header, then {@code dataLength} bytes counting up. */
    static byte[] udpDatagram(int sourcePort, int destinationPort, int dataLength) {
        ByteBuffer udp = ByteBuffer.allocate(8 + dataLength);
        udp.putShort((short) sourcePort).putShort((short) destinationPort).putShort((short) (8 + dataLength))
                .putShort((short) 0);
        for (int i = 0; i < dataLength; i++) {
            udp.put((byte) i);
        }
        return udp.array();
    }

    /** Bytes {@code [from, to)} of a datagram. */
    static byte[] slice(byte[] datagram, int from, int to) {
        return Arrays.copyOfRange(datagram, from, Math.min(to, datagram.length));
    }

    /** Adds an IPv4 fragment from 10.0.0.{@code source} to 10.0.0.{@code destination}, {@code seconds} after {@link #START}. */
    FragmentFrames ipv4(double seconds, int source, int destination, int id, int offset, boolean more, byte[] data) {
        frames.add(ipv4Frame(0x0A00_0000 | source, 0x0A00_0000 | destination, id, offset, more, data));
        return at(seconds);
    }

    /** An Ethernet frame with an IPv4 fragment of a UDP datagram between the given addresses. */
    static byte[] ipv4Frame(int source, int destination, int id, int offset, boolean more, byte[] data) {
        ByteBuffer frame = ethernet(0x0800, 20 + data.length);
        frame.put((byte) 0x45).put((byte) 0).putShort((short) (20 + data.length)).putShort((short) id)
                .putShort((short) ((more ? 0x2000 : 0) | offset / 8)).put((byte) 64).put((byte) 17).putShort((short) 0)
                .putInt(source).putInt(destination).put(data);
        return frame.array();
    }

    /**
     * Adds an IPv4 fragment from 10.0.0.{@code source} to 10.0.0.{@code destination} carried in
     * GTP-U tunnel {@code teid} between 10.9.0.1 and 10.9.0.2 (3GPP TS 29.281: flags 0x30, G-PDU).
     */
    FragmentFrames ipv4InGtpu(double seconds, int teid, int source, int destination, int id, int offset, boolean more,
                              byte[] data) {
        byte[] inner = ipv4Frame(0x0A00_0000 | source, 0x0A00_0000 | destination, id, offset, more, data);
        int innerLength = inner.length - 14;
        ByteBuffer gtpu = ByteBuffer.allocate(8 + 8 + innerLength);
        gtpu.putShort((short) 2152).putShort((short) 2152).putShort((short) (16 + innerLength)).putShort((short) 0)
                .put((byte) 0x30).put((byte) 0xFF).putShort((short) innerLength).putInt(teid).put(inner, 14, innerLength);
        frames.add(ipv4Frame(0x0A09_0001, 0x0A09_0002, 1, 0, false, gtpu.array()));
        return at(seconds);
    }

    /** Adds an IPv6 fragment (fragment header, then UDP) from 2001:db8::{@code source} to 2001:db8::{@code destination}. */
    FragmentFrames ipv6(double seconds, int source, int destination, int id, int offset, boolean more, byte[] data) {
        ByteBuffer frame = ethernet(0x86DD, 40 + 8 + data.length);
        frame.putInt(0x6000_0000).putShort((short) (8 + data.length)).put((byte) 44).put((byte) 64)
                .putLong(IPV6_PREFIX).putLong(source).putLong(IPV6_PREFIX).putLong(destination)
                .put((byte) 17).put((byte) 0).putShort((short) (offset | (more ? 1 : 0))).putInt(id).put(data);
        frames.add(frame.array());
        return at(seconds);
    }

    private static ByteBuffer ethernet(int etherType, int ipLength) {
        ByteBuffer frame = ByteBuffer.allocate(14 + ipLength);
        frame.putShort((short) 0x0200).putInt(2).putShort((short) 0x0200).putInt(1).putShort((short) etherType);
        return frame;
    }

    private FragmentFrames at(double seconds) {
        times.add(START + Math.round(seconds * 1e9));
        return this;
    }

    /** The frames, in the order added, as an Ethernet pcap file. */
    Path write(Path file) throws PcapException {
        try (Arena arena = Arena.ofConfined();
             PcapWriter writer = PcapWriter.open(file, CaptureFile.Format.PCAP, LibPcap.DLT_EN10MB, 65535,
                     TimestampPrecision.NANO)) {
            for (int i = 0; i < frames.size(); i++) {
                byte[] bytes = frames.get(i);
                MemorySegment frame = arena.allocate(bytes.length);
                frame.copyFrom(MemorySegment.ofArray(bytes));
                writer.write(times.get(i), bytes.length, LibPcap.DLT_EN10MB, frame, 0, bytes.length);
            }
        }
        return file;
    }
}
