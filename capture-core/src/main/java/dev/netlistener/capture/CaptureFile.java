// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import static dev.netlistener.pcap.LibPcap.PCAP_ERROR;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a pcap or pcapng capture file, a pipe or standard input ({@code -}): ordinary reads fill one
 * native buffer that this reader owns, and every packet is a bounds-checked view of that buffer,
 * never a copy (see {@link ReadBuffer}).
 *
 * <p>Why not libpcap's reader: libpcap 1.10 refuses a pcapng file whose interfaces have different
 * link types ("an interface has a type 113 different from the type of the first interface"), and
 * such files are common (captures on {@code any} plus a tunnel, merged files). This reader gives
 * each packet the link type of its own interface. BPF filters still run through libpcap
 * ({@code pcap_offline_filter}), compiled once per link type, over the packet's bytes in the buffer.
 *
 * <p>Two ways to read: {@link #next(RawPacket)} fills a holder with a slice of the packet; the
 * cursor methods ({@link #advance()}, then {@link #dataOffset()}, {@link #capturedLength()} ... over
 * {@link #segment()}) read without any allocation. One thread reads at a time.
 *
 * <pre>
 * pcap:   file header (24 bytes: magic, version, thiszone, sigfigs, snaplen, linktype)
 *         then records: ts_sec(4) ts_frac(4) incl_len(4) orig_len(4) data(incl_len)
 *         magic a1b2c3d4: microseconds; a1b23c4d: nanoseconds; a1b2cd34: Alexey Kuznetsov's
 *         patched libpcap, microseconds, records with 8 more header bytes (ifindex(4) protocol(2)
 *         pkt_type(1) pad(1)) before the data. Each in either byte order.
 * pcapng: blocks: type(4) total_length(4) body total_length(4); SHB sets the byte order and starts
 *         a section, IDB declares an interface (link type, snaplen, if_tsresol, if_tsoffset),
 *         EPB/SPB/PB carry packets; every other block is skipped.
 * </pre>
 *
 * <p>What is corrupt (reading stops with a {@link PcapException} naming the byte offset, after
 * every packet before it): a packet larger than {@value #MAX_CAPTURED_LENGTH} bytes, a record or
 * block that claims more bytes than follow, a pcapng block longer than 16 MiB or whose length at
 * its end differs from the one at its start, a packet of an undeclared interface. These are the
 * cases where tcpdump and tshark stop too. A file that shrinks while it is read ends with an error
 * saying so; one that grows is read up to the end present when reading reaches it.
 */
public final class CaptureFile implements AutoCloseable {

    /** The container format of a capture file. */
    public enum Format {
        /** libpcap's format: one link type for the whole file. */
        PCAP,
        /** pcapng: blocks, interfaces each with its own link type. */
        PCAPNG
    }

    /**
     * {@link #timestampNanos()} of a packet whose file gives no time: a pcapng simple packet block.
     * No real timestamp of this reader's is this far before 1970.
     */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    /** The largest packet accepted: libpcap's MAXIMUM_SNAPLEN, which tcpdump and tshark enforce too. */
    static final int MAX_CAPTURED_LENGTH = 262_144;

    /**
     * The read buffer to start with. Measured reading a 1M-packet IMIX file on a 2-core EPYC (1 MiB
     * L2 per core): 128 KiB to 512 KiB all read at about 55 ns per packet, 1 MiB and more slower
     * (the buffer leaves the L2 cache), 64 KiB slower (more reads). It grows for a larger record.
     */
    static final int BUFFER_BYTES = 256 << 10;

    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE_SHORT =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final int PCAP_MAGIC_MICRO = 0xA1B2C3D4;
    private static final int PCAP_MAGIC_NANO = 0xA1B23C4D;
    private static final int PCAP_MAGIC_KUZNETSOV = 0xA1B2CD34;
    private static final int PCAP_HEADER = 24;
    private static final int PCAP_RECORD_HEADER = 16;
    private static final int KUZNETSOV_RECORD_HEADER = 24;
    /** libpcap's LT_LINKTYPE(): the upper bits of the pcap header's link type carry FCS information. */
    private static final int PCAP_LINKTYPE_MASK = 0x03FF_FFFF;

    private static final int BLOCK_SHB = 0x0A0D0D0A;
    private static final int BLOCK_IDB = 1;
    private static final int BLOCK_PB = 2;
    private static final int BLOCK_SPB = 3;
    private static final int BLOCK_EPB = 6;
    private static final int BLOCK_HEADER = 8;
    private static final int BLOCK_OVERHEAD = 12;
    private static final int SHB_MINIMUM = 28;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int OPTION_IF_TSRESOL = 9;
    private static final int OPTION_IF_TSOFFSET = 14;

    /** What {@link #readBlock()} met. */
    private static final int NO_BLOCK = 0;
    private static final int OTHER_BLOCK = 1;
    private static final int PACKET_BLOCK = 2;

    private final String name;
    private final ReadBuffer in;
    private final Format format;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PacketFilter filter;

    /** True when the file's byte order is big-endian: fields are read little-endian and reversed. */
    private boolean swapped;

    // pcap
    private int pcapLinkType;
    private int pcapNanosPerUnit;
    private int pcapSnaplen;
    private int pcapRecordHeader;

    // pcapng: the interfaces of the current section
    private int firstInterfaceLinkType = -1;
    private int interfaceCount;
    private int[] interfaceLinkType = new int[4];
    private int[] interfaceSnaplen = new int[4];
    private Timescale[] interfaceTimescale = new Timescale[4];

    // the current packet
    private long dataOffset;
    private int capturedLength;
    private int wireLength;
    private int linkType;
    private long timestampNanos;

    private CaptureFile(ReadBuffer in, String name, String filterExpression) throws PcapException {
        this.name = name;
        this.in = in;
        try {
            this.format = detect();
            if (format == Format.PCAP) {
                readPcapHeader();
            } else {
                readToFirstInterface();
            }
            // Compiled last, so that a file refused above leaves no compiled program behind.
            this.filter = filterExpression == null ? null : new PacketFilter(filterExpression);
        } catch (PcapException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Opens a pcap or pcapng file, a pipe, or standard input ({@code -}).
     *
     * @param path the file
     * @return the open file; close it
     * @throws PcapException for a missing, unreadable or corrupt file
     */
    public static CaptureFile open(Path path) throws PcapException {
        return open(path, Optional.empty(), BUFFER_BYTES);
    }

    /**
     * Opens a pcap or pcapng file, a pipe, or standard input ({@code -}), and passes only the packets
     * that match a BPF filter (pcap-filter(7) syntax).
     *
     * @param path the file
     * @param filter the BPF filter, if any
     * @return the open file; close it
     * @throws PcapException for a missing, unreadable or corrupt file, or a filter that does not compile
     */
    public static CaptureFile open(Path path, Optional<String> filter) throws PcapException {
        return open(path, filter, BUFFER_BYTES);
    }

    /** As {@link #open(Path, Optional)} with a read buffer of {@code bufferBytes} to start with. */
    static CaptureFile open(Path path, Optional<String> filter, int bufferBytes) throws PcapException {
        return new CaptureFile(ReadBuffer.open(path, path.toString(), bufferBytes), path.toString(),
                filter.orElse(null));
    }

    /**
     * Reads a pcap or pcapng capture from {@code in}, e.g. a decompressing stream
     * ({@code Channels.newChannel(new GZIPInputStream(...))}), and closes it when closed. Its
     * messages call it {@code name}. Being a stream, it has no size: an end of input within a
     * record is reported as a cut-short capture.
     *
     * @param in the capture's bytes
     * @param name what messages call it
     * @param filter the BPF filter, if any
     * @return the open capture; close it
     * @throws PcapException for a corrupt capture or a filter that does not compile
     */
    public static CaptureFile open(ReadableByteChannel in, String name, Optional<String> filter)
            throws PcapException {
        return new CaptureFile(ReadBuffer.of(in, name, BUFFER_BYTES), name, filter.orElse(null));
    }

    private Format detect() throws PcapException {
        if (!in.fill(4)) {
            throw notACaptureFile(in.available() == 0 ? "it is empty" : "it has only " + in.available() + " bytes");
        }
        int magic = in.segment().get(LE_INT, 0);
        int reversed = Integer.reverseBytes(magic);
        if (isPcapMagic(magic) || isPcapMagic(reversed)) {
            return Format.PCAP;
        }
        if (magic == BLOCK_SHB) {
            return Format.PCAPNG;
        }
        throw notACaptureFile(String.format("unknown file format (it begins with %08x)", reversed));
    }

    private static boolean isPcapMagic(int magic) {
        return magic == PCAP_MAGIC_MICRO || magic == PCAP_MAGIC_NANO || magic == PCAP_MAGIC_KUZNETSOV;
    }

    private PcapException notACaptureFile(String why) {
        return new PcapException("opening capture file '" + name + "'", PCAP_ERROR, "not a capture file: " + why,
                "Is it a pcap or pcapng capture? tcpdump, tshark and Wireshark write both");
    }

    private void readPcapHeader() throws PcapException {
        if (!in.fill(PCAP_HEADER)) {
            throw corrupt(0, "the pcap file header is cut short (" + in.available() + " of 24 bytes)");
        }
        int magic = in.segment().get(LE_INT, 0);
        swapped = !isPcapMagic(magic);
        magic = u32(0);
        pcapNanosPerUnit = magic == PCAP_MAGIC_NANO ? 1 : 1_000;
        pcapRecordHeader = magic == PCAP_MAGIC_KUZNETSOV ? KUZNETSOV_RECORD_HEADER : PCAP_RECORD_HEADER;
        pcapSnaplen = u32(16);
        pcapLinkType = u32(20) & PCAP_LINKTYPE_MASK;
        in.skip(PCAP_HEADER);
    }

    private int u32(long offset) {
        int value = in.segment().get(LE_INT, offset);
        return swapped ? Integer.reverseBytes(value) : value;
    }

    private int u16(long offset) {
        short value = in.segment().get(LE_SHORT, offset);
        return Short.toUnsignedInt(swapped ? Short.reverseBytes(value) : value);
    }

    /**
     * Moves to the next packet (that passes the filter).
     *
     * @return false at the end of the file
     * @throws PcapException when the file is corrupt, cut short or shrank while being read; the
     *         packets before were valid
     */
    public boolean advance() throws PcapException {
        ensureOpen();
        while (format == Format.PCAP ? nextPcapRecord() : nextPcapngPacket()) {
            if (filter == null || filter.matches(this)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads the next packet into {@code packet} as a view of the read buffer.
     *
     * @param packet the view to point at the packet
     * @return false at the end
     * @throws PcapException when reading fails or the file is corrupt there
     */
    public boolean next(RawPacket packet) throws PcapException {
        if (!advance()) {
            return false;
        }
        packet.set(timestampNanos, capturedLength, wireLength, in.segment().asSlice(dataOffset, capturedLength),
                linkType);
        return true;
    }

    private boolean nextPcapRecord() throws PcapException {
        int header = pcapRecordHeader;
        if (!in.fill(header)) {
            if (in.available() == 0) {
                checkNotShrunk();
                return false;
            }
            throw cutShort("a record header is cut short (" + in.available() + " of " + header + " bytes)");
        }
        int caplen = u32(in.cursor() + 8);
        if (Integer.compareUnsigned(caplen, MAX_CAPTURED_LENGTH) > 0) {
            throw corrupt(in.fileOffset(in.cursor()), "a record claims " + Integer.toUnsignedLong(caplen)
                    + " captured bytes, more than the " + MAX_CAPTURED_LENGTH + " a packet may have");
        }
        if (!in.fill(header + caplen)) {
            throw cutShort("a record claims " + caplen + " captured bytes but only "
                    + Math.max(0, in.remaining() - header) + " follow");
        }
        long at = in.cursor();
        long seconds = Integer.toUnsignedLong(u32(at));
        long fraction = Integer.toUnsignedLong(u32(at + 4));
        dataOffset = at + header;
        capturedLength = caplen;
        wireLength = u32(at + 12);
        linkType = pcapLinkType;
        timestampNanos = seconds * 1_000_000_000L + fraction * pcapNanosPerUnit;
        in.skip(header + caplen);
        return true;
    }

    private boolean nextPcapngPacket() throws PcapException {
        int block;
        while ((block = readBlock()) != NO_BLOCK) {
            if (block == PACKET_BLOCK) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads blocks up to the first interface description, so that {@link #fileLinkType()} is known
     * at open; stops before a packet block, which is read by {@link #advance()}.
     */
    private void readToFirstInterface() throws PcapException {
        while (interfaceCount == 0 && in.fill(BLOCK_HEADER)) {
            int type = u32(in.cursor());
            if (type == BLOCK_EPB || type == BLOCK_SPB || type == BLOCK_PB || readBlock() == NO_BLOCK) {
                return;
            }
        }
    }

    /** Reads one whole block, checks its lengths and handles it; a packet block becomes the current packet. */
    private int readBlock() throws PcapException {
        if (!in.fill(BLOCK_HEADER)) {
            if (in.available() == 0) {
                checkNotShrunk();
                return NO_BLOCK;
            }
            throw cutShort("a block header is cut short (" + in.available() + " of 8 bytes)");
        }
        if (in.segment().get(LE_INT, in.cursor()) == BLOCK_SHB) {
            startSection();
        }
        long block = in.fileOffset(in.cursor());
        int type = u32(in.cursor());
        long total = Integer.toUnsignedLong(u32(in.cursor() + 4));
        if (total < BLOCK_OVERHEAD || total % 4 != 0 || type == BLOCK_SHB && total < SHB_MINIMUM) {
            throw corrupt(block, "block type " + Integer.toUnsignedLong(type) + " has an impossible length " + total);
        }
        if (total > ReadBuffer.MAX_CAPACITY) {
            throw corrupt(block, "block type " + Integer.toUnsignedLong(type) + " claims " + total
                    + " bytes, more than the " + ReadBuffer.MAX_CAPACITY + " a block may have");
        }
        if (!in.fill(total)) {
            throw cutShort("block type " + Integer.toUnsignedLong(type) + " claims " + total + " bytes but only "
                    + in.remaining() + " follow");
        }
        long at = in.cursor();
        long trailer = Integer.toUnsignedLong(u32(at + total - 4));
        if (trailer != total) {
            throw corrupt(block, "block type " + Integer.toUnsignedLong(type) + " gives its length as " + total
                    + " at its start but " + trailer + " at its end");
        }
        in.skip(total);
        long body = at + BLOCK_HEADER;
        long bodyLength = total - BLOCK_OVERHEAD;
        switch (type) {
            case BLOCK_IDB -> addInterface(block, body, bodyLength);
            case BLOCK_EPB -> {
                enhancedPacket(block, body, bodyLength, u32(body));
                return PACKET_BLOCK;
            }
            case BLOCK_PB -> {
                enhancedPacket(block, body, bodyLength, u16(body));
                return PACKET_BLOCK;
            }
            case BLOCK_SPB -> {
                simplePacket(block, body, bodyLength);
                return PACKET_BLOCK;
            }
            default -> {
                // Section headers were handled above; name resolution, statistics, custom and
                // other blocks carry no packets.
            }
        }
        return OTHER_BLOCK;
    }

    private void startSection() throws PcapException {
        if (!in.fill(BLOCK_HEADER + 4)) {
            throw cutShort("a section header is cut short");
        }
        int magic = in.segment().get(LE_INT, in.cursor() + BLOCK_HEADER);
        if (magic == BYTE_ORDER_MAGIC) {
            swapped = false;
        } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            swapped = true;
        } else {
            throw corrupt(in.fileOffset(in.cursor()), "a section header has no byte-order magic");
        }
        interfaceCount = 0;
    }

    private void addInterface(long block, long body, long bodyLength) throws PcapException {
        if (bodyLength < 8) {
            throw corrupt(block, "an interface description is cut short");
        }
        if (interfaceCount == interfaceLinkType.length) {
            interfaceLinkType = Arrays.copyOf(interfaceLinkType, interfaceCount * 2);
            interfaceSnaplen = Arrays.copyOf(interfaceSnaplen, interfaceCount * 2);
            interfaceTimescale = Arrays.copyOf(interfaceTimescale, interfaceCount * 2);
        }
        int resolution = 6;
        long offsetSeconds = 0;
        long option = body + 8;
        long end = body + bodyLength;
        while (option + 4 <= end) {
            int code = u16(option);
            int length = u16(option + 2);
            if (code == 0 || option + 4 + length > end) {
                break;
            }
            if (code == OPTION_IF_TSRESOL && length >= 1) {
                resolution = Byte.toUnsignedInt(in.segment().get(ValueLayout.JAVA_BYTE, option + 4));
            } else if (code == OPTION_IF_TSOFFSET && length >= 8) {
                long value = in.segment().get(LE_LONG, option + 4);
                offsetSeconds = swapped ? Long.reverseBytes(value) : value;
            }
            option += 4 + ((length + 3) & ~3);
        }
        interfaceLinkType[interfaceCount] = u16(body);
        interfaceSnaplen[interfaceCount] = u32(body + 4);
        interfaceTimescale[interfaceCount] = new Timescale(resolution, offsetSeconds);
        if (firstInterfaceLinkType < 0) {
            firstInterfaceLinkType = interfaceLinkType[interfaceCount];
        }
        interfaceCount++;
    }

    /** EPB and the obsolete PB: interface, 64-bit timestamp, lengths, data. */
    private void enhancedPacket(long block, long body, long bodyLength, int interfaceId) throws PcapException {
        if (bodyLength < 20) {
            throw corrupt(block, "a packet block is cut short");
        }
        if (interfaceId < 0 || interfaceId >= interfaceCount) {
            throw corrupt(block, "a packet names interface " + Integer.toUnsignedLong(interfaceId)
                    + " but the section declares " + interfaceCount);
        }
        int caplen = u32(body + 12);
        if (Integer.compareUnsigned(caplen, MAX_CAPTURED_LENGTH) > 0) {
            throw corrupt(block, "a packet claims " + Integer.toUnsignedLong(caplen) + " captured bytes, more than the "
                    + MAX_CAPTURED_LENGTH + " a packet may have");
        }
        if (caplen > bodyLength - 20) {
            throw corrupt(block, "a packet claims " + caplen + " captured bytes in a block of " + bodyLength);
        }
        long ticks = Integer.toUnsignedLong(u32(body + 4)) << 32 | Integer.toUnsignedLong(u32(body + 8));
        dataOffset = body + 20;
        capturedLength = caplen;
        wireLength = u32(body + 16);
        linkType = interfaceLinkType[interfaceId];
        timestampNanos = interfaceTimescale[interfaceId].toNanos(ticks);
    }

    /**
     * SPB: original length then data, no timestamp; the captured length is what fits, within
     * interface 0's snaplen and the packet maximum (as libpcap).
     */
    private void simplePacket(long block, long body, long bodyLength) throws PcapException {
        if (bodyLength < 4 || interfaceCount == 0) {
            throw corrupt(block, "a simple packet block is cut short or precedes every interface");
        }
        int len = u32(body);
        long caplen = Math.min(Math.min(Integer.toUnsignedLong(len), bodyLength - 4), MAX_CAPTURED_LENGTH);
        if (interfaceSnaplen[0] > 0) {
            caplen = Math.min(caplen, interfaceSnaplen[0]);
        }
        dataOffset = body + 4;
        capturedLength = (int) caplen;
        wireLength = len;
        linkType = interfaceLinkType[0];
        timestampNanos = NO_TIMESTAMP;
    }

    /** The input ended at a record boundary: that is the end of the file, unless it shrank while being read. */
    private void checkNotShrunk() throws PcapException {
        long size = in.sizeNow();
        if (size >= 0 && size < in.sizeAtOpen()) {
            throw shrank(size);
        }
    }

    /** The input ended inside the record at the cursor. */
    private PcapException cutShort(String what) {
        long size = in.sizeNow();
        if (size >= 0 && size < in.sizeAtOpen()) {
            return shrank(size);
        }
        String growing = size > in.sizeAtOpen() && in.sizeAtOpen() >= 0
                ? "; the file grew from " + in.sizeAtOpen() + " to " + size
                        + " bytes while being read: is it still being written?"
                : "";
        return corrupt(in.fileOffset(in.cursor()), what + growing);
    }

    private PcapException shrank(long size) {
        return new PcapException("reading capture file '" + name + "'", PCAP_ERROR,
                "the file shrank from " + in.sizeAtOpen() + " to " + size + " bytes while being read",
                "Packets before byte " + in.fileOffset(in.cursor()) + " were read. Did another program truncate "
                        + "or rewrite it? Read a copy that nothing writes to");
    }

    private PcapException corrupt(long offset, String what) {
        return new PcapException("reading capture file '" + name + "'", PCAP_ERROR,
                "corrupt or truncated " + format + " file at byte " + offset + ": " + what,
                "Packets before this point were read; the rest of the file cannot be trusted");
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the capture file '" + name + "' is closed");
        }
    }

    /**
     * The read buffer, read-only; the current packet is {@link #capturedLength()} bytes at
     * {@link #dataOffset()}. It may be another segment after the next {@link #advance()}; this one
     * stays valid until then (or {@link #close()}).
     *
     * @return the read buffer
     */
    public MemorySegment segment() {
        return in.segment();
    }

    /** {@return where the current packet's bytes start in {@link #segment()}} */
    public long dataOffset() {
        return dataOffset;
    }

    /** {@return the current packet's captured length, in bytes} */
    public int capturedLength() {
        return capturedLength;
    }

    /** {@return the current packet's length on the wire, in bytes} */
    public int wireLength() {
        return wireLength;
    }

    /**
     * {@return the link type of the current packet (the pcap header's, or its pcapng interface's), as LINKTYPE_*
     * values}
     */
    public int linkType() {
        return linkType;
    }

    /**
     * {@return the current packet's time in nanoseconds since the epoch, or {@link #NO_TIMESTAMP} when the file
     * gives none}
     */
    public long timestampNanos() {
        return timestampNanos;
    }

    /**
     * Whether {@link #advance()} can go on without waiting for input: the next pcap record or
     * pcapng block is whole in the read buffer, or the input has ended, or what is buffered is
     * already enough to tell that it is corrupt.
     */
    boolean nextIsBuffered() {
        long available = in.available();
        if (in.ended()) {
            return true;
        }
        if (format == Format.PCAP) {
            int header = pcapRecordHeader;
            if (available < header) {
                return false;
            }
            long caplen = Integer.toUnsignedLong(u32(in.cursor() + 8));
            return caplen > MAX_CAPTURED_LENGTH || available >= header + caplen;
        }
        if (available < BLOCK_HEADER) {
            return false;
        }
        long total = Integer.toUnsignedLong(u32(in.cursor() + 4));
        return total > ReadBuffer.MAX_CAPACITY || available >= total;
    }

    /**
     * Waits for more input and reads it (for a pipe, whose writer may take its time), so that the
     * read in {@link #advance()} need not: the capture thread waits here without its lock.
     *
     * @throws PcapException when reading fails
     */
    void readMore() throws PcapException {
        in.readMore();
    }

    /** {@return true for a pipe, FIFO or device: reading may wait for a writer (only an interrupt ends that wait)} */
    public boolean mayBlock() {
        return in.sizeAtOpen() < 0;
    }

    /** {@return the file's format} */
    public Format format() {
        return format;
    }

    /**
     * {@return the link type of the file (pcap) or of its first interface (pcapng); -1 for a pcapng file without
     * one}
     */
    public int fileLinkType() {
        return format == Format.PCAP ? pcapLinkType : firstInterfaceLinkType;
    }

    /**
     * The pcap header's snapshot length, or {@value #MAX_CAPTURED_LENGTH} for pcapng and where the
     * header gives 0 or more than any packet may have: the header sizes nothing on its own.
     *
     * @return the snapshot length
     */
    public int snaplen() {
        return format == Format.PCAP && pcapSnaplen > 0 && pcapSnaplen <= MAX_CAPTURED_LENGTH
                ? pcapSnaplen : MAX_CAPTURED_LENGTH;
    }

    /** {@return the file's path, or the name a stream was given} */
    public String name() {
        return name;
    }

    /** The read buffer's size now: it grows only for a record larger than it. */
    long bufferBytes() {
        return in.capacity();
    }

    /** Frees the buffer and the filter and closes the file; idempotent. Views handed out before become unusable. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (filter != null) {
                filter.close();
            }
            in.close();
        }
    }

    /** A pcapng interface's timestamp unit (if_tsresol) and offset (if_tsoffset), as a conversion to nanoseconds. */
    private record Timescale(int resolution, long offsetSeconds) {
        long toNanos(long ticks) {
            long nanos;
            if ((resolution & 0x80) == 0) {
                // A power of ten: 10^-resolution seconds per tick.
                int exponent = resolution;
                nanos = exponent <= 9 ? ticks * POWERS_OF_TEN[9 - exponent]
                        : exponent - 9 < POWERS_OF_TEN.length ? Long.divideUnsigned(ticks, POWERS_OF_TEN[exponent - 9]) : 0;
            } else {
                // A power of two: 2^-shift seconds per tick.
                int shift = resolution & 0x7F;
                if (shift == 0) {
                    nanos = ticks * 1_000_000_000L;
                } else if (shift >= 64) {
                    nanos = 0;
                } else {
                    long seconds = ticks >>> shift;
                    long fraction = ticks << (64 - shift);
                    nanos = seconds * 1_000_000_000L + Math.unsignedMultiplyHigh(fraction, 1_000_000_000L);
                }
            }
            return nanos + offsetSeconds * 1_000_000_000L;
        }

        private static final long[] POWERS_OF_TEN = {
                1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
                10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
                1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L,
                1_000_000_000_000_000_000L};
    }
}
