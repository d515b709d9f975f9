package dev.netlistener.capture;

import static dev.netlistener.pcap.LibPcap.PCAP_ERROR;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads a pcap or pcapng capture file in place: the file is memory-mapped and every packet is a
 * bounds-checked view of the mapped bytes, never a copy.
 *
 * <p>Why not libpcap's reader: libpcap 1.10 refuses a pcapng file whose interfaces have different
 * link types ("an interface has a type 113 different from the type of the first interface"), and
 * such files are common (captures on {@code any} plus a tunnel, merged files). This reader gives
 * each packet the link type of its own interface. BPF filters still run through libpcap
 * ({@code pcap_offline_filter}), compiled once per link type.
 *
 * <p>Two ways to read: {@link #next(RawPacket)} fills a holder with a slice of the packet; the
 * cursor methods ({@link #advance()}, then {@link #dataOffset()}, {@link #capturedLength()} ... over
 * {@link #segment()}) read without any allocation. One thread reads at a time.
 *
 * <pre>
 * pcap:   file header (24 bytes: magic, version, thiszone, sigfigs, snaplen, linktype)
 *         then records: ts_sec(4) ts_frac(4) incl_len(4) orig_len(4) data(incl_len)
 * pcapng: blocks: type(4) total_length(4) body total_length(4); SHB sets the byte order and starts
 *         a section, IDB declares an interface (link type, snaplen, if_tsresol, if_tsoffset),
 *         EPB/SPB/PB carry packets; every other block is skipped.
 * </pre>
 */
public final class CaptureFile implements AutoCloseable {

    /** The container format of a capture file. */
    public enum Format { PCAP, PCAPNG }

    private static final int PCAP_MAGIC_MICRO = 0xA1B2C3D4;
    private static final int PCAP_MAGIC_NANO = 0xA1B23C4D;
    private static final int PCAP_HEADER = 24;
    private static final int PCAP_RECORD_HEADER = 16;
    /** libpcap's LT_LINKTYPE(): the upper bits of the pcap header's link type carry FCS information. */
    private static final int PCAP_LINKTYPE_MASK = 0x03FF_FFFF;

    private static final int BLOCK_SHB = 0x0A0D0D0A;
    private static final int BLOCK_IDB = 1;
    private static final int BLOCK_PB = 2;
    private static final int BLOCK_SPB = 3;
    private static final int BLOCK_EPB = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int OPTION_IF_TSRESOL = 9;
    private static final int OPTION_IF_TSOFFSET = 14;

    private final String name;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment file;
    private final Format format;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final PacketFilter filter;

    private ValueLayout.OfInt u32;
    private ValueLayout.OfShort u16;
    private long position;

    // pcap
    private int pcapLinkType;
    private int pcapNanosPerUnit;
    private int pcapSnaplen;
    private int firstInterfaceLinkType = -1;

    // pcapng: the interfaces of the current section
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

    private CaptureFile(Path path, String filterExpression) throws PcapException {
        this.name = path.toString();
        this.file = map(path);
        this.format = detect();
        try {
            this.filter = filterExpression == null ? null : new PacketFilter(filterExpression);
            if (format == Format.PCAP) {
                readPcapHeader();
            } else {
                position = 0;
                firstInterfaceLinkType = scanFirstInterface();
            }
        } catch (PcapException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** Opens a pcap or pcapng file. */
    public static CaptureFile open(Path path) throws PcapException {
        return new CaptureFile(path, null);
    }

    /**
     * Opens a pcap or pcapng file and passes only the packets that match a BPF filter
     * (pcap-filter(7) syntax).
     *
     * @throws PcapException for a missing, unreadable or corrupt file, or a filter that does not compile
     */
    public static CaptureFile open(Path path, Optional<String> filter) throws PcapException {
        return new CaptureFile(path, filter.orElse(null));
    }

    private MemorySegment map(Path path) throws PcapException {
        String operation = "opening capture file '" + name + "'";
        if (!Files.exists(path)) {
            arena.close();
            throw new PcapException(operation, PCAP_ERROR,
                    "No such file or directory", "No file at " + path.toAbsolutePath());
        }
        if (Files.isDirectory(path)) {
            arena.close();
            throw new PcapException(operation, PCAP_ERROR, "Is a directory",
                    "Name a .pcap or .pcapng file");
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena).asReadOnly();
        } catch (IOException | UnsupportedOperationException e) {
            arena.close();
            throw new PcapException(operation, PCAP_ERROR, String.valueOf(e.getMessage()),
                    Files.isReadable(path) ? "" : "The file is not readable by this user");
        }
    }

    private Format detect() throws PcapException {
        if (file.byteSize() >= 4) {
            int magic = file.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 0);
            int swapped = Integer.reverseBytes(magic);
            if (magic == PCAP_MAGIC_MICRO || magic == PCAP_MAGIC_NANO
                    || swapped == PCAP_MAGIC_MICRO || swapped == PCAP_MAGIC_NANO) {
                return Format.PCAP;
            }
            if (magic == BLOCK_SHB) {
                return Format.PCAPNG;
            }
        }
        arena.close();
        throw new PcapException("opening capture file '" + name + "'", PCAP_ERROR,
                "unknown file format", "Is it a pcap or pcapng capture? tcpdump, tshark and Wireshark write both");
    }

    private void readPcapHeader() throws PcapException {
        if (file.byteSize() < PCAP_HEADER) {
            throw corrupt(0, "the pcap file header is cut short (" + file.byteSize() + " of 24 bytes)");
        }
        int magic = file.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        ByteOrder order = magic == PCAP_MAGIC_MICRO || magic == PCAP_MAGIC_NANO
                ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        setOrder(order);
        int ordered = file.get(u32, 0);
        pcapNanosPerUnit = ordered == PCAP_MAGIC_NANO ? 1 : 1_000;
        pcapSnaplen = file.get(u32, 16);
        pcapLinkType = file.get(u32, 20) & PCAP_LINKTYPE_MASK;
        position = PCAP_HEADER;
    }

    private void setOrder(ByteOrder order) {
        u32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
        u16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
    }

    /**
     * Moves to the next packet (that passes the filter).
     *
     * @return false at the end of the file
     * @throws PcapException when the file is corrupt or cut short; packets before it were valid
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

    /** Reads the next packet into {@code packet} as a view of the mapped file; false at the end. */
    public boolean next(RawPacket packet) throws PcapException {
        if (!advance()) {
            return false;
        }
        packet.set(timestampNanos, capturedLength, wireLength, file.asSlice(dataOffset, capturedLength), linkType);
        return true;
    }

    private boolean nextPcapRecord() throws PcapException {
        long remaining = file.byteSize() - position;
        if (remaining == 0) {
            return false;
        }
        if (remaining < PCAP_RECORD_HEADER) {
            throw corrupt(position, "a record header is cut short (" + remaining + " of 16 bytes)");
        }
        long seconds = Integer.toUnsignedLong(file.get(u32, position));
        long fraction = Integer.toUnsignedLong(file.get(u32, position + 4));
        int caplen = file.get(u32, position + 8);
        int len = file.get(u32, position + 12);
        if (caplen < 0 || caplen > remaining - PCAP_RECORD_HEADER) {
            throw corrupt(position, "a record claims " + Integer.toUnsignedLong(caplen) + " captured bytes but only "
                    + (remaining - PCAP_RECORD_HEADER) + " remain");
        }
        dataOffset = position + PCAP_RECORD_HEADER;
        capturedLength = caplen;
        wireLength = len;
        linkType = pcapLinkType;
        timestampNanos = seconds * 1_000_000_000L + fraction * pcapNanosPerUnit;
        position = dataOffset + caplen;
        return true;
    }

    private boolean nextPcapngPacket() throws PcapException {
        while (position < file.byteSize()) {
            long remaining = file.byteSize() - position;
            if (remaining < 12) {
                throw corrupt(position, "a block header is cut short (" + remaining + " bytes left)");
            }
            int type = file.get(ValueLayout.JAVA_INT_UNALIGNED, position);
            if (type == BLOCK_SHB) {
                startSection(remaining);
            }
            type = file.get(u32, position);
            long total = Integer.toUnsignedLong(file.get(u32, position + 4));
            if (total < 12 || total > remaining || total % 4 != 0) {
                throw corrupt(position, "block type " + type + " has an impossible length " + total
                        + " (" + remaining + " bytes left)");
            }
            long body = position + 8;
            long bodyLength = total - 12;
            long block = position;
            position += total;
            switch (type) {
                case BLOCK_IDB -> addInterface(block, body, bodyLength);
                case BLOCK_EPB -> {
                    if (enhancedPacket(block, body, bodyLength, file.get(u32, body))) {
                        return true;
                    }
                }
                case BLOCK_PB -> {
                    if (enhancedPacket(block, body, bodyLength, Short.toUnsignedInt(file.get(u16, body)))) {
                        return true;
                    }
                }
                case BLOCK_SPB -> {
                    simplePacket(block, body, bodyLength);
                    return true;
                }
                default -> {
                    // Name resolution, statistics, custom and other blocks carry no packets.
                }
            }
        }
        return false;
    }

    private void startSection(long remaining) throws PcapException {
        if (remaining < 16) {
            throw corrupt(position, "a section header is cut short");
        }
        int magic = file.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), position + 8);
        if (magic == BYTE_ORDER_MAGIC) {
            setOrder(ByteOrder.LITTLE_ENDIAN);
        } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            setOrder(ByteOrder.BIG_ENDIAN);
        } else {
            throw corrupt(position, "a section header has no byte-order magic");
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
            int code = Short.toUnsignedInt(file.get(u16, option));
            int length = Short.toUnsignedInt(file.get(u16, option + 2));
            if (code == 0 || option + 4 + length > end) {
                break;
            }
            if (code == OPTION_IF_TSRESOL && length >= 1) {
                resolution = Byte.toUnsignedInt(file.get(ValueLayout.JAVA_BYTE, option + 4));
            } else if (code == OPTION_IF_TSOFFSET && length >= 8) {
                offsetSeconds = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(u32.order()), option + 4);
            }
            option += 4 + ((length + 3) & ~3);
        }
        interfaceLinkType[interfaceCount] = Short.toUnsignedInt(file.get(u16, body));
        interfaceSnaplen[interfaceCount] = file.get(u32, body + 4);
        interfaceTimescale[interfaceCount] = new Timescale(resolution, offsetSeconds);
        interfaceCount++;
    }

    /** EPB and the obsolete PB: interface, 64-bit timestamp, lengths, data. */
    private boolean enhancedPacket(long block, long body, long bodyLength, int interfaceId) throws PcapException {
        if (bodyLength < 20) {
            throw corrupt(block, "a packet block is cut short");
        }
        if (interfaceId < 0 || interfaceId >= interfaceCount) {
            throw corrupt(block, "a packet names interface " + Integer.toUnsignedLong(interfaceId)
                    + " but the section declares " + interfaceCount);
        }
        long ticks = Integer.toUnsignedLong(file.get(u32, body + 4)) << 32
                | Integer.toUnsignedLong(file.get(u32, body + 8));
        int caplen = file.get(u32, body + 12);
        if (caplen < 0 || caplen > bodyLength - 20) {
            throw corrupt(block, "a packet claims " + Integer.toUnsignedLong(caplen) + " captured bytes in a block of "
                    + bodyLength);
        }
        dataOffset = body + 20;
        capturedLength = caplen;
        wireLength = file.get(u32, body + 16);
        linkType = interfaceLinkType[interfaceId];
        timestampNanos = interfaceTimescale[interfaceId].toNanos(ticks);
        return true;
    }

    /** SPB: original length then data; the captured length is what fits, within interface 0's snaplen. */
    private void simplePacket(long block, long body, long bodyLength) throws PcapException {
        if (bodyLength < 4 || interfaceCount == 0) {
            throw corrupt(block, "a simple packet block is cut short or precedes every interface");
        }
        int len = file.get(u32, body);
        long room = bodyLength - 4;
        long caplen = Math.min(Integer.toUnsignedLong(len), room);
        if (interfaceSnaplen[0] > 0) {
            caplen = Math.min(caplen, interfaceSnaplen[0]);
        }
        dataOffset = body + 4;
        capturedLength = (int) caplen;
        wireLength = len;
        linkType = interfaceLinkType[0];
        timestampNanos = 0;
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

    /** The whole mapped file, read-only; the current packet is {@link #capturedLength()} bytes at {@link #dataOffset()}. */
    public MemorySegment segment() {
        return file;
    }

    public long dataOffset() {
        return dataOffset;
    }

    public int capturedLength() {
        return capturedLength;
    }

    public int wireLength() {
        return wireLength;
    }

    /** The link type of the current packet (the pcap header's, or its pcapng interface's), as LINKTYPE_* values. */
    public int linkType() {
        return linkType;
    }

    public long timestampNanos() {
        return timestampNanos;
    }

    public Format format() {
        return format;
    }

    /** The link type of the file (pcap) or of its first interface (pcapng); -1 for a pcapng file without one. */
    public int fileLinkType() {
        return format == Format.PCAP ? pcapLinkType : firstInterfaceLinkType;
    }

    /** Walks blocks, without reading packets, to the first interface description. */
    private int scanFirstInterface() {
        ValueLayout.OfInt order = ValueLayout.JAVA_INT_UNALIGNED;
        long at = 0;
        while (at + 16 <= file.byteSize()) {
            int type = file.get(order, at);
            if (type == BLOCK_SHB) {
                int magic = file.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), at + 8);
                order = ValueLayout.JAVA_INT_UNALIGNED.withOrder(
                        magic == BYTE_ORDER_MAGIC ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
            } else if (file.get(order, at) == BLOCK_IDB) {
                return Short.toUnsignedInt(file.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order.order()), at + 8));
            }
            long total = Integer.toUnsignedLong(file.get(order, at + 4));
            if (total < 12) {
                break;
            }
            at += total;
        }
        return -1;
    }

    /** The pcap header's snapshot length, or 262144 for pcapng. */
    public int snaplen() {
        return format == Format.PCAP && pcapSnaplen > 0 ? pcapSnaplen : CaptureConfig.DEFAULT_SNAPLEN;
    }

    public String name() {
        return name;
    }

    /** Unmaps the file; idempotent. Views handed out before become unusable. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (filter != null) {
                filter.close();
            }
            arena.close();
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
