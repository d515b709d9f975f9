// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Capture files byte by byte, as tests need them (including wrong ones), and a walk over a file's
 * records or blocks written independently of {@link CaptureFile}, so that tests can cut and splice
 * files at their boundaries.
 */
final class CaptureBytes {
    static final int PCAP_MICRO = 0xA1B2C3D4;
    static final int PCAP_KUZNETSOV = 0xA1B2CD34;
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 1;
    static final int SPB = 3;
    static final int EPB = 6;

    private final ByteOrder order;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private CaptureBytes(ByteOrder order) {
        this.order = order;
    }

    static CaptureBytes in(ByteOrder order) {
        return new CaptureBytes(order);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    CaptureBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    CaptureBytes pcapHeader(int magic, int snaplen, int linkType) {
        return raw(buffer(24).putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(snaplen).putInt(linkType).array());
    }

    /** A pcap record with {@code data.length} captured bytes. */
    CaptureBytes pcapRecord(long seconds, int fraction, int wireLength, byte[] data) {
        return raw(buffer(16).putInt((int) seconds).putInt(fraction).putInt(data.length).putInt(wireLength).array())
                .raw(data);
    }

    CaptureBytes sectionHeader() {
        return block(SHB, buffer(16).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1).array());
    }

    CaptureBytes interfaceDescription(int linkType, int snaplen) {
        return block(IDB, buffer(8).putShort((short) linkType).putShort((short) 0).putInt(snaplen).array());
    }

    /** An enhanced packet block of interface 0, microsecond ticks, captured length as given. */
    CaptureBytes enhancedPacket(long ticks, int capturedLength, byte[] data) {
        ByteBuffer body = buffer(20 + padded(data.length)).putInt(0).putInt((int) (ticks >>> 32)).putInt((int) ticks)
                .putInt(capturedLength).putInt(data.length).put(data);
        return block(EPB, body.array());
    }

    CaptureBytes simplePacket(byte[] data) {
        return block(SPB, buffer(4 + padded(data.length)).putInt(data.length).put(data).array());
    }

    CaptureBytes block(int type, byte[] body) {
        return block(type, body, 12 + body.length);
    }

    /** A block whose trailing length is {@code trailer}, whatever its leading one. */
    CaptureBytes block(int type, byte[] body, int trailer) {
        return raw(buffer(8).putInt(type).putInt(12 + body.length).array()).raw(body)
                .raw(buffer(4).putInt(trailer).array());
    }

    private ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(order);
    }

    private static int padded(int length) {
        return (length + 3) & ~3;
    }

    /** {@code length} bytes of an Ethernet/IPv4 frame (zeros after the EtherType and version). */
    static byte[] ethernetIpv4(int length) {
        byte[] frame = new byte[length];
        frame[12] = 0x08;
        frame[14] = 0x45;
        return frame;
    }

    /**
     * A pcap file rewritten in Kuznetsov's patched format: the magic a1b2cd34 and 8 more bytes
     * (ifindex, protocol, packet type, padding) after each record header, in the file's byte order.
     */
    static byte[] toKuznetsov(byte[] pcap) {
        ByteOrder order = orderOfPcap(pcap);
        CaptureBytes out = in(order).raw(ByteBuffer.allocate(4).order(order).putInt(PCAP_KUZNETSOV).array());
        out.raw(Arrays.copyOfRange(pcap, 4, 24));
        for (Unit record : walk(pcap)) {
            out.raw(Arrays.copyOfRange(pcap, record.offset(), record.offset() + 16));
            out.raw(out.buffer(8).putInt(2).putShort((short) 0x0800).put((byte) 0).put((byte) 0).array());
            out.raw(Arrays.copyOfRange(pcap, record.offset() + 16, record.end()));
        }
        return out.toByteArray();
    }

    /** One pcap record or pcapng block: where it lies and whether it carries a packet. */
    record Unit(int offset, int length, int type, boolean packet) {
        int end() {
            return offset + length;
        }
    }

    static boolean isPcapng(byte[] file) {
        return file.length >= 4 && ByteBuffer.wrap(file).getInt(0) == SHB;
    }

    /** The records (pcap, after the 24-byte header) or blocks (pcapng) of a well-formed file. */
    static List<Unit> walk(byte[] file) {
        List<Unit> units = new ArrayList<>();
        ByteBuffer bytes = ByteBuffer.wrap(file);
        if (isPcapng(file)) {
            int at = 0;
            while (at + 12 <= file.length) {
                if (bytes.getInt(at) == SHB) {
                    bytes.order(bytes.order(ByteOrder.LITTLE_ENDIAN).getInt(at + 8) == 0x1A2B3C4D
                            ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                }
                int type = bytes.getInt(at);
                int length = bytes.getInt(at + 4);
                units.add(new Unit(at, length, type, type == EPB || type == SPB || type == 2));
                at += length;
            }
            return units;
        }
        bytes.order(orderOfPcap(file));
        int header = bytes.getInt(0) == PCAP_KUZNETSOV ? 24 : 16;
        int at = 24;
        while (at + header <= file.length) {
            int length = header + bytes.getInt(at + 8);
            units.add(new Unit(at, length, 0, true));
            at += length;
        }
        return units;
    }

    private static ByteOrder orderOfPcap(byte[] pcap) {
        int magic = ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        return magic == PCAP_MICRO || magic == 0xA1B23C4D || magic == PCAP_KUZNETSOV
                ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    /** The byte order of a pcap file, or of a pcapng file's first section. */
    static ByteOrder orderOf(byte[] file) {
        if (!isPcapng(file)) {
            return orderOfPcap(file);
        }
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(8) == 0x1A2B3C4D
                ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    /** The packets in the units that end at or before {@code offset}. */
    static int packetsBefore(List<Unit> units, int offset) {
        int packets = 0;
        for (Unit unit : units) {
            if (unit.end() > offset) {
                break;
            }
            packets += unit.packet() ? 1 : 0;
        }
        return packets;
    }
}
