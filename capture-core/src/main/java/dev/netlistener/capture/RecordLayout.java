// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * How {@link PcapWriter} lays out a file's header and its packet records, in one of the two
 * formats. Everything is written little-endian (readers accept either order). A layout writes
 * headers and trailers only; the writer copies the packet bytes to {@link #dataOffset()} of a record.
 */
sealed abstract class RecordLayout {
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    final TimestampPrecision precision;
    final int snaplen;

    private RecordLayout(TimestampPrecision precision, int snaplen) {
        this.precision = precision;
        this.snaplen = snaplen;
    }

    static RecordLayout of(CaptureFile.Format format, TimestampPrecision precision, int snaplen) {
        return format == CaptureFile.Format.PCAP ? new Pcap(precision, snaplen) : new Pcapng(precision, snaplen);
    }

    /** Writes the start of the file, declaring {@code linkType} (pcapng: none when it is -1); returns its length. */
    abstract int fileHeader(MemorySegment to, long at, int linkType);

    /** The bytes a record of {@code capturedLength} bytes takes, header and padding included. */
    abstract int recordLength(int capturedLength);

    /** Where a record's packet bytes start, from the start of the record. */
    abstract int dataOffset();

    /** Writes a record's header and trailer around the packet bytes, which the caller copies afterwards. */
    abstract void record(MemorySegment to, long at, long timestampNanos, int capturedLength, int wireLength,
                         int interfaceId);

    /** The length of the record or block written at {@code at}, read back from its header. */
    abstract long lengthAt(MemorySegment in, long at);

    /** Whether the record or block at {@code at} holds a packet (a pcapng interface block does not). */
    abstract boolean isPacketAt(MemorySegment in, long at);

    /**
     * Classic pcap (libpcap's savefile format):
     * <pre>
     * file header, 24 bytes:
     *  0 magic a1b2c3d4 (microseconds) or a1b23c4d (nanoseconds)   4 version 2.4 (u16, u16)
     *  8 thiszone 0   12 sigfigs 0   16 snaplen   20 link type (LINKTYPE_*)
     * record: 0 ts_sec   4 ts_usec or ts_nsec   8 incl_len   12 orig_len   16 data (incl_len bytes)
     * </pre>
     */
    static final class Pcap extends RecordLayout {
        private static final int MAGIC_MICRO = 0xA1B2C3D4;
        private static final int MAGIC_NANO = 0xA1B23C4D;
        private static final int RECORD_HEADER = 16;

        Pcap(TimestampPrecision precision, int snaplen) {
            super(precision, snaplen);
        }

        @Override
        int fileHeader(MemorySegment to, long at, int linkType) {
            to.set(U32, at, precision == TimestampPrecision.NANO ? MAGIC_NANO : MAGIC_MICRO);
            to.set(U16, at + 4, (short) 2);
            to.set(U16, at + 6, (short) 4);
            to.set(U32, at + 8, 0);
            to.set(U32, at + 12, 0);
            to.set(U32, at + 16, snaplen);
            to.set(U32, at + 20, linkType);
            return 24;
        }

        @Override
        int recordLength(int capturedLength) {
            return RECORD_HEADER + capturedLength;
        }

        @Override
        int dataOffset() {
            return RECORD_HEADER;
        }

        @Override
        void record(MemorySegment to, long at, long timestampNanos, int capturedLength, int wireLength,
                    int interfaceId) {
            to.set(U32, at, (int) Math.floorDiv(timestampNanos, 1_000_000_000L));
            to.set(U32, at + 4, (int) (Math.floorMod(timestampNanos, 1_000_000_000L) / precision.nanosPerUnit()));
            to.set(U32, at + 8, capturedLength);
            to.set(U32, at + 12, wireLength);
        }

        @Override
        long lengthAt(MemorySegment in, long at) {
            return RECORD_HEADER + Integer.toUnsignedLong(in.get(U32, at + 8));
        }

        @Override
        boolean isPacketAt(MemorySegment in, long at) {
            return true;
        }
    }

    /**
     * pcapng: a section header, then one interface description per link type, then enhanced
     * packet blocks. Every block is {@code type, total length, body, total length}, 4-byte aligned.
     * <pre>
     * SHB (28): 0A0D0D0A, 28, byte-order magic 1A2B3C4D, version 1.0 (u16, u16), section length -1 (i64), 28
     * IDB (20, or 32 with if_tsresol): 1, length, link type (u16), 0 (u16), snaplen,
     *           [if_tsresol: code 9, length 1, value 9 (nanoseconds), 3 bytes padding; opt_endofopt 0, 0], length
     * EPB (32 + data padded to 4): 6, length, interface id, timestamp high, timestamp low,
     *           captured length, original length, data, padding, length
     * </pre>
     */
    static final class Pcapng extends RecordLayout {
        private static final int SHB = 0x0A0D0D0A;
        private static final int IDB = 1;
        private static final int EPB = 6;
        private static final int SHB_LENGTH = 28;
        private static final int EPB_HEADER = 28;
        private static final short OPTION_IF_TSRESOL = 9;

        Pcapng(TimestampPrecision precision, int snaplen) {
            super(precision, snaplen);
        }

        @Override
        int fileHeader(MemorySegment to, long at, int linkType) {
            to.set(U32, at, SHB);
            to.set(U32, at + 4, SHB_LENGTH);
            to.set(U32, at + 8, 0x1A2B3C4D);
            to.set(U16, at + 12, (short) 1);
            to.set(U16, at + 14, (short) 0);
            to.set(U64, at + 16, -1L);
            to.set(U32, at + 24, SHB_LENGTH);
            return SHB_LENGTH + (linkType < 0 ? 0 : interfaceBlock(to, at + SHB_LENGTH, linkType));
        }

        /** Declares the next interface, of {@code linkType}; returns the block's length. */
        int interfaceBlock(MemorySegment to, long at, int linkType) {
            int length = interfaceBlockLength();
            to.set(U32, at, IDB);
            to.set(U32, at + 4, length);
            to.set(U16, at + 8, (short) linkType);
            to.set(U16, at + 10, (short) 0);
            to.set(U32, at + 12, snaplen);
            if (precision == TimestampPrecision.NANO) {
                to.set(U16, at + 16, OPTION_IF_TSRESOL);
                to.set(U16, at + 18, (short) 1);
                to.set(U32, at + 20, 9);
                to.set(U32, at + 24, 0);
            }
            to.set(U32, at + length - 4, length);
            return length;
        }

        int interfaceBlockLength() {
            // Microseconds are pcapng's default resolution; nanoseconds need if_tsresol.
            return precision == TimestampPrecision.NANO ? 32 : 20;
        }

        @Override
        int recordLength(int capturedLength) {
            return EPB_HEADER + padded(capturedLength) + 4;
        }

        private static int padded(int length) {
            return (length + 3) & ~3;
        }

        @Override
        int dataOffset() {
            return EPB_HEADER;
        }

        @Override
        void record(MemorySegment to, long at, long timestampNanos, int capturedLength, int wireLength,
                    int interfaceId) {
            int length = recordLength(capturedLength);
            long ticks = precision == TimestampPrecision.NANO ? timestampNanos : Math.floorDiv(timestampNanos, 1_000L);
            to.set(U32, at, EPB);
            to.set(U32, at + 4, length);
            to.set(U32, at + 8, interfaceId);
            to.set(U32, at + 12, (int) (ticks >>> 32));
            to.set(U32, at + 16, (int) ticks);
            to.set(U32, at + 20, capturedLength);
            to.set(U32, at + 24, wireLength);
            if (capturedLength % 4 != 0) {
                // Zeroes the padding; the packet bytes, copied after this, overwrite the rest of the word.
                to.set(U32, at + EPB_HEADER + padded(capturedLength) - 4, 0);
            }
            to.set(U32, at + length - 4, length);
        }

        @Override
        long lengthAt(MemorySegment in, long at) {
            return Integer.toUnsignedLong(in.get(U32, at + 4));
        }

        @Override
        boolean isPacketAt(MemorySegment in, long at) {
            return in.get(U32, at) == EPB;
        }
    }
}
