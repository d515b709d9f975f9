// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodedPacket;
import dev.netlistener.capture.decode.NameKind;
import dev.netlistener.capture.decode.Tunnel;
import java.lang.foreign.MemorySegment;

/**
 * {@value #ROWS} decoded packets, column by column in eleven {@code long[]}s. Allocated once per
 * {@value #ROWS} packets by whoever fills tables, never per packet; a row once written is never
 * written again, so tables share chunks without copying.
 *
 * <p>Small fields share a column (bit fields below, each stored as value + 1 so that the absent
 * -1 is 0): a row is eleven stores, not one per field, which halved what appending a row cost the
 * capture thread. The accessors here are the one place that knows the packing.
 *
 * <pre>
 * lengths:    wire length (bits 32-63) | captured length (0-31)
 * link:       link type (32-63) | EtherType + 1 (13-29) | outer VLAN id + 1 (0-12)
 * macs:       the 48-bit address | present (bit 48), one column per end
 * transport:  source port + 1 (47-63) | destination port + 1 (30-46) | IP protocol + 1 (21-29)
 *             | TCP flags + 1 (10-20) | ICMP type + 1 (0-9)
 * attributes: ARP operation + 1 (47-63) | ICMP code + 1 (38-46) | IP version (34-37)
 *             | address family (30-33) | direction (27-29) | status (24-26) | status layer (19-23)
 *             | malformation (11-18) | tunnel identifier's kind (4-7) | outer IP version (0-3)
 * addresses:  four longs, the high and low halves of both IP addresses (an IPv4 address, or
 *             ARP's IPv4 protocol addresses, in the low half)
 * tunnels:    {@value #TUNNEL_WORDS} longs a row, only in a chunk that has a tunnelled row:
 *             the chain (0-31: a {@link Tunnel} code, ordinal + 1, per 4 bits, the outermost in
 *             the lowest; 0 ends it) | the identifier (32-63, unsigned; present when its kind is);
 *             then the outermost IP header's addresses, as in addresses
 * </pre>
 *
 * <p>The tunnel words are allocated when a chunk's first tunnelled row arrives, so untunnelled
 * traffic costs no memory and no stores for them: one bit test per row. A reader of a row written
 * before that finds no array or zeros, both "no tunnel"; a tunnelled row's array was stored before
 * the row count that publishes the row.
 *
 * <p>The names (DNS query and answer count, TLS server name, HTTP Host) live in the same way in
 * {@link NameColumns}, made at the chunk's first row that has one: 128 KiB of words, then the
 * names' text in 64 KiB blocks as they fill.
 */
final class RowChunk {
    static final int SHIFT = 14;
    static final int ROWS = 1 << SHIFT;
    static final int MASK = ROWS - 1;
    /** Heap bytes one row takes: eleven longs (and {@value #TUNNEL_WORDS} more in a chunk that has a tunnelled row). */
    static final int BYTES_PER_ROW = 11 * Long.BYTES;

    /** Address family of the IP columns: 0 none, 4 or 6 (ARP's IPv4 protocol addresses count as 4). */
    static final int FAMILY_NONE = 0;
    private static final long PRESENT = 1L << 48;
    private static final long MAC = PRESENT - 1;
    /** Longs per row of the tunnel columns: chain and identifier, then the outer addresses. */
    static final int TUNNEL_WORDS = 5;
    private static final int OUTER_SOURCE_HIGH = 1;
    private static final int OUTER_SOURCE_LOW = 2;
    private static final int OUTER_DESTINATION_HIGH = 3;
    private static final int OUTER_DESTINATION_LOW = 4;

    private final long[] timestamp = new long[ROWS];
    private final long[] lengths = new long[ROWS];
    private final long[] link = new long[ROWS];
    private final long[] sourceMac = new long[ROWS];
    private final long[] destinationMac = new long[ROWS];
    private final long[] sourceHigh = new long[ROWS];
    private final long[] sourceLow = new long[ROWS];
    private final long[] destinationHigh = new long[ROWS];
    private final long[] destinationLow = new long[ROWS];
    private final long[] transport = new long[ROWS];
    private final long[] attributes = new long[ROWS];
    /** The tunnel columns, {@link #TUNNEL_WORDS} per row; null until the chunk's first tunnelled row. */
    private long[] tunnels;

    /** The name columns; null until the chunk's first row with a name or a DNS message. */
    private NameColumns names;

    /** Rows written so far; the writer's own count (tables carry their own sizes). */
    int size;
    /** The chunk appended after this one, set before any of its rows is published. */
    RowChunk next;

    /**
     * Fills the chunk again from its first row, keeping its memory: for a benchmark that stores
     * rows in the same memory over and over. Tables never see a rewound chunk: the engine's
     * chunks are filled once.
     */
    void rewind() {
        size = 0;
        if (names != null) {
            names.rewind();
        }
    }

    boolean isFull() {
        return size == ROWS;
    }

    /**
     * Appends one decoded packet; the caller checks {@link #isFull()} first. {@code bytes} is the
     * segment the packet was decoded from, still holding it: its name's text is copied from there.
     */
    void append(DecodedPacket packet, Direction direction, MemorySegment bytes) {
        int i = size;
        timestamp[i] = packet.timestampNanos();
        lengths[i] = (long) packet.wireLength() << 32 | packet.capturedLength() & 0xFFFF_FFFFL;
        link[i] = (long) packet.linkType() << 32 | field(packet.etherType(), 13, 17) | field(packet.vlanId(), 0, 13);
        // Ethernet has both MACs; Linux cooked captures carry only the sender's.
        sourceMac[i] = packet.hasSourceMac() ? packet.sourceMac() & MAC | PRESENT : 0;
        destinationMac[i] = packet.hasMacs() ? packet.destinationMac() & MAC | PRESENT : 0;
        int family;
        if (packet.ipVersion() == 4) {
            family = 4;
            setIpv4(i, packet.ipv4Source(), packet.ipv4Destination());
        } else if (packet.ipVersion() == 6) {
            family = 6;
            sourceHigh[i] = packet.ipv6SourceHigh();
            sourceLow[i] = packet.ipv6SourceLow();
            destinationHigh[i] = packet.ipv6DestinationHigh();
            destinationLow[i] = packet.ipv6DestinationLow();
        } else if (packet.hasArpIpv4()) {
            family = 4;
            setIpv4(i, packet.arpSenderProtocol(), packet.arpTargetProtocol());
        } else {
            family = FAMILY_NONE;
            setIpv4(i, 0, 0);
        }
        long tunnelAttributes = packet.tunnelDepth() == 0 ? 0 : appendTunnel(i, packet);
        if (packet.nameLength() >= 0 || packet.dnsAnswers() >= 0) {
            appendNames(i, packet, bytes);
        }
        transport[i] = field(packet.sourcePort(), 47, 17) | field(packet.destinationPort(), 30, 17)
                | field(packet.ipProtocol(), 21, 9) | field(packet.tcpFlags(), 10, 11) | field(packet.icmpType(), 0, 10);
        attributes[i] = field(packet.arpOperation(), 47, 17) | field(packet.icmpCode(), 38, 9)
                | (long) packet.ipVersion() << 34 | (long) family << 30 | (long) direction.ordinal() << 27
                | (long) packet.status().ordinal() << 24 | (long) packet.statusLayer().ordinal() << 19
                | (long) packet.malformation().ordinal() << 11 | tunnelAttributes;
        size = i + 1;
    }

    /** Writes row {@code i}'s tunnel words, allocating them at the chunk's first; returns its attribute bits. */
    private long appendTunnel(int i, DecodedPacket packet) {
        long[] words = tunnels;
        if (words == null) {
            words = new long[ROWS * TUNNEL_WORDS];
            tunnels = words;
        }
        long chain = 0;
        for (int level = 0; level < packet.tunnelDepth(); level++) {
            chain |= (long) (packet.tunnel(level).ordinal() + 1) << 4 * level;
        }
        Tunnel idKind = packet.tunnelIdKind();
        int at = i * TUNNEL_WORDS;
        words[at] = chain | (idKind == null ? 0 : packet.tunnelId() << 32);
        words[at + OUTER_SOURCE_HIGH] = packet.outerSourceHigh();
        words[at + OUTER_SOURCE_LOW] = packet.outerSourceLow();
        words[at + OUTER_DESTINATION_HIGH] = packet.outerDestinationHigh();
        words[at + OUTER_DESTINATION_LOW] = packet.outerDestinationLow();
        return (long) (idKind == null ? 0 : idKind.ordinal() + 1) << 4 | packet.outerIpVersion();
    }

    /** Writes row {@code i}'s names, making the name columns at the chunk's first row that has one. */
    private void appendNames(int i, DecodedPacket packet, MemorySegment bytes) {
        NameColumns columns = names;
        if (columns == null) {
            columns = new NameColumns();
            names = columns;
        }
        columns.append(i, packet, bytes);
    }

    private void setIpv4(int i, int source, int destination) {
        sourceHigh[i] = 0;
        sourceLow[i] = Integer.toUnsignedLong(source);
        destinationHigh[i] = 0;
        destinationLow[i] = Integer.toUnsignedLong(destination);
    }

    /**
     * A field that may be absent (-1), stored as value + 1 in {@code bits} bits at {@code shift}
     * (a value too wide, which only a registered decoder could set, is cut rather than spill over).
     */
    private static long field(int value, int shift, int bits) {
        return ((value + 1L) & ((1L << bits) - 1)) << shift;
    }

    /** The field at {@code shift} of {@code bits} bits, stored as value + 1: -1 when absent. */
    private static int field(long word, int shift, int bits) {
        return (int) ((word >>> shift) & ((1L << bits) - 1)) - 1;
    }

    private static int bits(long word, int shift, int bits) {
        return (int) ((word >>> shift) & ((1L << bits) - 1));
    }

    long timestamp(int i) {
        return timestamp[i];
    }

    int wireLength(int i) {
        return (int) (lengths[i] >>> 32);
    }

    int capturedLength(int i) {
        return (int) lengths[i];
    }

    int linkType(int i) {
        return (int) (link[i] >>> 32);
    }

    int etherType(int i) {
        return field(link[i], 13, 17);
    }

    int vlan(int i) {
        return field(link[i], 0, 13);
    }

    boolean hasSourceMac(int i) {
        return (sourceMac[i] & PRESENT) != 0;
    }

    boolean hasDestinationMac(int i) {
        return (destinationMac[i] & PRESENT) != 0;
    }

    long sourceMac(int i) {
        return sourceMac[i] & MAC;
    }

    long destinationMac(int i) {
        return destinationMac[i] & MAC;
    }

    long sourceHigh(int i) {
        return sourceHigh[i];
    }

    long sourceLow(int i) {
        return sourceLow[i];
    }

    long destinationHigh(int i) {
        return destinationHigh[i];
    }

    long destinationLow(int i) {
        return destinationLow[i];
    }

    int sourcePort(int i) {
        return field(transport[i], 47, 17);
    }

    int destinationPort(int i) {
        return field(transport[i], 30, 17);
    }

    int protocol(int i) {
        return field(transport[i], 21, 9);
    }

    int tcpFlags(int i) {
        return field(transport[i], 10, 11);
    }

    int icmpType(int i) {
        return field(transport[i], 0, 10);
    }

    int arpOperation(int i) {
        return field(attributes[i], 47, 17);
    }

    int icmpCode(int i) {
        return field(attributes[i], 38, 9);
    }

    int ipVersion(int i) {
        return bits(attributes[i], 34, 4);
    }

    int addressFamily(int i) {
        return bits(attributes[i], 30, 4);
    }

    int direction(int i) {
        return bits(attributes[i], 27, 3);
    }

    int status(int i) {
        return bits(attributes[i], 24, 3);
    }

    int statusLayer(int i) {
        return bits(attributes[i], 19, 5);
    }

    int malformation(int i) {
        return bits(attributes[i], 11, 8);
    }

    /** Row {@code i}'s tunnel word {@code word}: 0 when the chunk has no tunnelled row. */
    private long tunnelWord(int i, int word) {
        long[] words = tunnels;
        return words == null ? 0 : words[i * TUNNEL_WORDS + word];
    }

    /** How many tunnels the packet was in: the codes in the chain, which has no 0 before its end. */
    int tunnelDepth(int i) {
        int chain = (int) tunnelWord(i, 0);
        return (Integer.SIZE - Integer.numberOfLeadingZeros(chain) + 3) >>> 2;
    }

    /** The {@link Tunnel} code (ordinal + 1) at {@code level}, 0 the outermost; 0 past the chain's end. */
    int tunnelCode(int i, int level) {
        return (int) (tunnelWord(i, 0) >>> 4 * level) & 0xF;
    }

    /** The {@link Tunnel} code of the tunnel whose identifier the row holds; 0 when none. */
    int tunnelIdCode(int i) {
        return bits(attributes[i], 4, 4);
    }

    /** The tunnel identifier, unsigned; -1 when none. */
    long tunnelId(int i) {
        return tunnelIdCode(i) == 0 ? -1 : tunnelWord(i, 0) >>> 32;
    }

    /** The outermost IP header's version (and address family), 0 when not tunnelled in IP. */
    int outerIpVersion(int i) {
        return bits(attributes[i], 0, 4);
    }

    long outerSourceHigh(int i) {
        return tunnelWord(i, OUTER_SOURCE_HIGH);
    }

    long outerSourceLow(int i) {
        return tunnelWord(i, OUTER_SOURCE_LOW);
    }

    long outerDestinationHigh(int i) {
        return tunnelWord(i, OUTER_DESTINATION_HIGH);
    }

    long outerDestinationLow(int i) {
        return tunnelWord(i, OUTER_DESTINATION_LOW);
    }

    /** Row {@code i}'s name of {@code kind} (DNS query, TLS server name, HTTP Host); "" when it has none. */
    String name(int i, NameKind kind) {
        NameColumns columns = names;
        return columns == null ? "" : columns.text(i, kind);
    }

    /** Row {@code i}'s DNS answer count; -1 when it holds no DNS message. */
    int dnsAnswers(int i) {
        NameColumns columns = names;
        return columns == null ? -1 : columns.dnsAnswers(i);
    }
}
