// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodeStatus;
import dev.netlistener.capture.decode.Layer;
import dev.netlistener.capture.decode.Malformation;
import dev.netlistener.capture.decode.NameKind;
import dev.netlistener.capture.decode.Tunnel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.StringJoiner;
import java.util.function.LongFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The packets decoded between two calls of {@link Capture#get()}: the seed's DataFrame, as typed
 * primitive columns. Row {@code i} of every column describes the same packet, in capture order.
 * Immutable once returned; safe to read from any thread.
 *
 * <p>Absent values: {@code -1} for ints that do not apply (ports without TCP/UDP, EtherType of an
 * 802.3 frame, VLAN of an untagged frame, ...); {@code 0} for {@link #ipVersion}; text accessors
 * return {@code ""}.
 */
public final class PacketTable implements Iterable<PacketRow> {
    /**
     * The CSV header, exactly: {@code timestamp,ethertype,direction,source_mac,destination_mac,source_ip,
     * source_port,destination_ip,destination_port,protocol,operation,size,captured,vlan,status}, the
     * columns written when none are asked for.
     */
    public static final List<String> CSV_HEADER = PacketColumns.SET.defaultNames();

    private static final DecodeStatus[] STATUSES = DecodeStatus.values();
    private static final Layer[] LAYERS = Layer.values();
    private static final Malformation[] MALFORMATIONS = Malformation.values();
    private static final Tunnel[] TUNNELS = Tunnel.values();
    private static final PacketTable EMPTY = new PacketTable(List.of(), 0, 0);

    private final RowChunk[] chunks;
    /** Where row 0 lies in the first chunk: tables share chunks with the tables taken before them. */
    private final int first;
    private final int size;

    PacketTable(List<RowChunk> chunks, int first, int size) {
        this.chunks = chunks.toArray(RowChunk[]::new);
        this.first = first;
        this.size = size;
    }

    /** {@return the table of no packets} */
    public static PacketTable empty() {
        return EMPTY;
    }

    /**
     * Made-up packets of the kinds most traffic has (Ethernet with IPv4 and IPv6, TCP, UDP, a VLAN
     * tag, ICMP, ARP; some hundred conversations), decoded as a capture decodes them: for warming
     * up code that reads tables (an encoder, an exporter) before real traffic arrives, and for
     * trying such code out.
     *
     * @param rows how many packets, 1 to 1,000,000
     * @return a table of that many rows
     */
    public static PacketTable example(int rows) {
        if (rows < 1 || rows > 1_000_000) {
            throw new IllegalArgumentException("rows must be between 1 and 1000000, got " + rows);
        }
        return Warmup.table(rows);
    }

    /** {@return the number of packets (rows)} */
    public int size() {
        return size;
    }

    /** {@return whether the table has no row} */
    public boolean isEmpty() {
        return size == 0;
    }

    private RowChunk chunk(int row) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " of a table of " + size);
        }
        return chunks[(row + first) >>> RowChunk.SHIFT];
    }

    private int at(int row) {
        return (row + first) & RowChunk.MASK;
    }

    /**
     * Capture time, nanoseconds since the epoch; {@link CaptureFile#NO_TIMESTAMP} when the capture
     * gave none (a pcapng simple packet block).
     *
     * @param row the row, from 0 to {@link #size()} - 1
     * @return the capture time in nanoseconds, or {@link CaptureFile#NO_TIMESTAMP}
     */
    public long timestampNanos(int row) {
        return chunk(row).timestamp(at(row));
    }

    /**
     * {@return the capture time, or null when the capture gave none}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public Instant timestamp(int row) {
        long nanos = timestampNanos(row);
        return nanos == CaptureFile.NO_TIMESTAMP ? null : instant(nanos);
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /**
     * {@return the EtherType after VLAN tags, -1 when the frame has none (802.3)}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int etherType(int row) {
        return chunk(row).etherType(at(row));
    }

    /**
     * {@return the direction relative to the capturing device's networks}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public Direction direction(int row) {
        return Direction.of(chunk(row).direction(at(row)));
    }

    /**
     * {@return whether the link layer gave a source MAC (Ethernet, and Linux cooked captures of Ethernet)}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public boolean hasSourceMac(int row) {
        return chunk(row).hasSourceMac(at(row));
    }

    /**
     * {@return whether the link layer gave a destination MAC (Ethernet)}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public boolean hasDestinationMac(int row) {
        return chunk(row).hasDestinationMac(at(row));
    }

    /**
     * {@return the source MAC as a 48-bit value; meaningful when {@link #hasSourceMac}}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public long sourceMac(int row) {
        return chunk(row).sourceMac(at(row));
    }

    /**
     * {@return the destination MAC as a 48-bit value; meaningful when {@link #hasDestinationMac}}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public long destinationMac(int row) {
        return chunk(row).destinationMac(at(row));
    }

    /**
     * {@return the source MAC as {@code aa:bb:cc:dd:ee:ff}, or "" when the link layer has none}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public String sourceMacText(int row) {
        return hasSourceMac(row) ? MacAddress.format(sourceMac(row)) : "";
    }

    /**
     * {@return the destination MAC as {@code aa:bb:cc:dd:ee:ff}, or "" when the link layer has none}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public String destinationMacText(int row) {
        return hasDestinationMac(row) ? MacAddress.format(destinationMac(row)) : "";
    }

    /**
     * {@return the IP version: 4 or 6 for IP packets, 0 otherwise (ARP included)}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int ipVersion(int row) {
        return chunk(row).ipVersion(at(row));
    }

    /**
     * {@return the source IPv4 address (big-endian int) of an IPv4 packet, or ARP's sender protocol address}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int sourceIpv4(int row) {
        return (int) chunk(row).sourceLow(at(row));
    }

    /**
     * {@return the destination IPv4 address (big-endian int) of an IPv4 packet, or ARP's target protocol address}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int destinationIpv4(int row) {
        return (int) chunk(row).destinationLow(at(row));
    }

    /**
     * {@return the first 64 bits of an IPv6 packet's source address}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public long sourceIpv6High(int row) {
        return chunk(row).sourceHigh(at(row));
    }

    /**
     * {@return the last 64 bits of an IPv6 packet's source address}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public long sourceIpv6Low(int row) {
        return chunk(row).sourceLow(at(row));
    }

    /**
     * {@return the first 64 bits of an IPv6 packet's destination address}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public long destinationIpv6High(int row) {
        return chunk(row).destinationHigh(at(row));
    }

    /**
     * {@return the last 64 bits of an IPv6 packet's destination address}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public long destinationIpv6Low(int row) {
        return chunk(row).destinationLow(at(row));
    }

    /**
     * {@return the source address text (IPv4 dotted, IPv6 RFC 5952; ARP's sender protocol address), or ""}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public String sourceIpText(int row) {
        RowChunk chunk = chunk(row);
        int i = at(row);
        return addressText(chunk.addressFamily(i), chunk.sourceHigh(i), chunk.sourceLow(i));
    }

    /**
     * {@return the destination address text (IPv4 dotted, IPv6 RFC 5952; ARP's target protocol address), or ""}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public String destinationIpText(int row) {
        RowChunk chunk = chunk(row);
        int i = at(row);
        return addressText(chunk.addressFamily(i), chunk.destinationHigh(i), chunk.destinationLow(i));
    }

    private static String addressText(int family, long high, long low) {
        return switch (family) {
            case 4 -> InetAddresses.formatIpv4((int) low);
            case 6 -> InetAddresses.formatIpv6(high, low);
            default -> "";
        };
    }

    /**
     * {@return the TCP/UDP source port, -1 without one}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int sourcePort(int row) {
        return chunk(row).sourcePort(at(row));
    }

    /**
     * {@return the TCP/UDP destination port, -1 without one}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int destinationPort(int row) {
        return chunk(row).destinationPort(at(row));
    }

    /**
     * {@return the IP protocol number after IPv6 extension headers, -1 for non-IP}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int protocol(int row) {
        return chunk(row).protocol(at(row));
    }

    /**
     * {@return the ARP opcode (1 request, 2 reply, ...), -1 for non-ARP}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int arpOperation(int row) {
        return chunk(row).arpOperation(at(row));
    }

    /**
     * {@return the length on the wire, in bytes (the {@code size} column)}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int wireLength(int row) {
        return chunk(row).wireLength(at(row));
    }

    /**
     * {@return the bytes captured (caplen; the {@code captured} column)}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int capturedLength(int row) {
        return chunk(row).capturedLength(at(row));
    }

    /**
     * {@return the outer VLAN id, -1 when untagged}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int vlan(int row) {
        return chunk(row).vlan(at(row));
    }

    /**
     * {@return the link type the packet was decoded as (DLT_* or LINKTYPE_*)}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int linkType(int row) {
        return chunk(row).linkType(at(row));
    }

    /**
     * {@return the TCP flags (FIN 0x01 to CWR 0x80, AE 0x100), -1 when not TCP}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int tcpFlags(int row) {
        return chunk(row).tcpFlags(at(row));
    }

    /**
     * {@return the ICMP or ICMPv6 type, -1 when neither}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int icmpType(int row) {
        return chunk(row).icmpType(at(row));
    }

    /**
     * {@return the ICMP or ICMPv6 code, -1 when neither}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int icmpCode(int row) {
        return chunk(row).icmpCode(at(row));
    }

    /**
     * {@return how far decoding got: OK, or TRUNCATED or MALFORMED at {@link #statusLayer}}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public DecodeStatus status(int row) {
        return STATUSES[chunk(row).status(at(row))];
    }

    /**
     * {@return the layer where decoding stopped early (for TRUNCATED and MALFORMED rows); {@link Layer#NONE} for OK rows}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public Layer statusLayer(int row) {
        return LAYERS[chunk(row).statusLayer(at(row))];
    }

    /**
     * {@return why a MALFORMED row is malformed; {@link Malformation#NONE} for the others}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public Malformation malformation(int row) {
        return MALFORMATIONS[chunk(row).malformation(at(row))];
    }

    /**
     * How many encapsulations the packet was found in: 0 for a packet in none (VLAN tags are no
     * tunnel), 2 for IP in GRE in IP. The other columns describe the packet inside the innermost,
     * unless the capture keeps the outermost layers ({@link CaptureConfig#keepOutermostLayers()}).
     *
     * @param row the row, from 0 to {@link #size()} - 1
     * @return the number of tunnels, 0 or more
     */
    public int tunnelDepth(int row) {
        return chunk(row).tunnelDepth(at(row));
    }

    /**
     * {@return the encapsulation at {@code level}, 0 the outermost, up to {@link #tunnelDepth} - 1; null past it}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     * @param level how deep, 0 the outermost
     */
    public Tunnel tunnel(int row, int level) {
        return level >= 0 && level < tunnelDepth(row) ? tunnelOf(chunk(row).tunnelCode(at(row), level)) : null;
    }

    /**
     * {@return the tunnels, outermost first, as {@code gre:erspan}; "" for a packet in none}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public String tunnelText(int row) {
        StringJoiner text = new StringJoiner(":");
        for (int level = 0; level < tunnelDepth(row); level++) {
            text.add(tunnel(row, level).text());
        }
        return text.toString();
    }

    /**
     * The identifier of the innermost tunnel that has one (a PPPoE session, the outermost MPLS
     * label of a stack, a GRE key or PPTP call id, a VXLAN or Geneve VNI, a GTP-U TEID, an ERSPAN
     * span id), unsigned; -1 when none has.
     *
     * @param row the row, from 0 to {@link #size()} - 1
     * @return the identifier, or -1
     */
    public long tunnelId(int row) {
        return chunk(row).tunnelId(at(row));
    }

    /**
     * {@return the kind of tunnel {@link #tunnelId} belongs to; null when there is none}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public Tunnel tunnelIdKind(int row) {
        return tunnelOf(chunk(row).tunnelIdCode(at(row)));
    }

    private static Tunnel tunnelOf(int code) {
        return code == 0 ? null : TUNNELS[code - 1];
    }

    /**
     * The version of the outermost IP header the packet was tunnelled in, 4 or 6; 0 for a packet
     * in no tunnel, or in tunnels outside any IP header (PPPoE or MPLS carrying IP).
     *
     * @param row the row, from 0 to {@link #size()} - 1
     * @return 4, 6 or 0
     */
    public int outerIpVersion(int row) {
        return chunk(row).outerIpVersion(at(row));
    }

    /**
     * {@return the outermost IP header's source address as text (IPv4 dotted, IPv6 RFC 5952); "" when {@link #outerIpVersion} is 0}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public String outerSourceIpText(int row) {
        RowChunk chunk = chunk(row);
        int i = at(row);
        return addressText(chunk.outerIpVersion(i), chunk.outerSourceHigh(i), chunk.outerSourceLow(i));
    }

    /**
     * {@return the outermost IP header's destination address as text; "" when {@link #outerIpVersion} is 0}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public String outerDestinationIpText(int row) {
        RowChunk chunk = chunk(row);
        int i = at(row);
        return addressText(chunk.outerIpVersion(i), chunk.outerDestinationHigh(i), chunk.outerDestinationLow(i));
    }

    /**
     * The name of the first question of the DNS message the packet carries (UDP 53, mDNS 5353,
     * LLMNR 5355), its labels joined by dots ({@code <Root>} for the root); "" when there is none or
     * it did not read whole within the packet.
     *
     * @param row the row, from 0 to {@link #size()} - 1
     * @return the query name, or ""
     */
    public String dnsQuery(int row) {
        return chunk(row).name(at(row), NameKind.DNS_QUERY);
    }

    /**
     * {@return the answer count of the DNS message the packet carries; -1 when it carries none}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public int dnsAnswers(int row) {
        return chunk(row).dnsAnswers(at(row));
    }

    /**
     * {@return the server name (SNI) of the TLS ClientHello the packet's TCP payload starts; "" when none}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public String tlsServerName(int row) {
        return chunk(row).name(at(row), NameKind.TLS_SNI);
    }

    /**
     * {@return the Host header of the HTTP/1.x request the packet's payload starts (TCP, or SSDP over UDP); "" when none}
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public String httpHost(int row) {
        return chunk(row).name(at(row), NameKind.HTTP_HOST);
    }

    /**
     * The first {@code rows} rows (all of them when the table is shorter); shares the columns, copies nothing.
     *
     * @param rows how many rows, 0 or more
     * @return a table of at most {@code rows} rows
     */
    public PacketTable head(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative, got " + rows);
        }
        return slice(0, Math.min(rows, size));
    }

    /**
     * Rows {@code from} (inclusive) to {@code to} (exclusive); shares the columns, copies nothing.
     *
     * @param from the first row, from 0 to {@code to}
     * @param to   the row after the last, up to {@link #size()}
     * @return a table of {@code to - from} rows
     * @throws IndexOutOfBoundsException when the range is not within the table
     */
    public PacketTable slice(int from, int to) {
        java.util.Objects.checkFromToIndex(from, to, size);
        if (from == 0 && to == size) {
            return this;
        }
        // Chunks before the slice's first row stay in the array: indexing skips them.
        return new PacketTable(java.util.Arrays.asList(chunks), first + from, to - from);
    }

    /**
     * {@return row {@code row} as a value object} It allocates; the column accessors do not.
     *
     * @param row the row, from 0 to {@link #size()} - 1
     */
    public PacketRow row(int row) {
        return new PacketRow(timestamp(row), present(etherType(row)), direction(row), orNull(sourceMacText(row)),
                orNull(destinationMacText(row)), orNull(sourceIpText(row)), present(sourcePort(row)),
                orNull(destinationIpText(row)), present(destinationPort(row)), present(protocol(row)),
                present(arpOperation(row)), wireLength(row), capturedLength(row), present(vlan(row)), status(row));
    }

    private static Integer present(int value) {
        return value < 0 ? null : value;
    }

    private static String orNull(String text) {
        return text.isEmpty() ? null : text;
    }

    /** {@return every row as a list view} */
    public List<PacketRow> rows() {
        return new AbstractList<>() {
            @Override
            public PacketRow get(int index) {
                return row(index);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Iterator<PacketRow> iterator() {
        return rows().iterator();
    }

    /** {@return the rows as value objects, in capture order; each is made as the stream reaches it} */
    public Stream<PacketRow> stream() {
        return IntStream.range(0, size).mapToObj(this::row);
    }

    /** {@return every column a packet table can write: the {@link #CSV_HEADER} ones, then those written only when asked for} */
    public static ColumnSet<PacketTable> columns() {
        return PacketColumns.SET;
    }

    /**
     * Writes the table as CSV with {@link #CSV_HEADER}, one row per packet in capture order, times
     * as epoch seconds with nine decimals ({@link TimeFormat#SECONDS}).
     *
     * @param out where the CSV goes
     */
    public void writeCsv(Appendable out) {
        writeCsv(out, true);
    }

    /**
     * Writes the rows as CSV, with or without the header line: successive tables from
     * {@link Capture#get()} append to one file by writing the header only with the first.
     *
     * @param out    where the CSV goes
     * @param header whether to write the header line first
     */
    public void writeCsv(Appendable out, boolean header) {
        writeCsv(out, header, TimeFormat.SECONDS);
    }

    /**
     * As {@link #writeCsv(Appendable, boolean)}, with the timestamp written as {@code time}.
     *
     * @param out    where the CSV goes
     * @param header whether to write the header line first
     * @param time   how timestamps are written
     */
    public void writeCsv(Appendable out, boolean header, TimeFormat time) {
        TextTable.writeCsv(out, this, size, PacketColumns.SET.defaults(), header, time);
    }

    /**
     * As {@link #writeCsv(Appendable, boolean, TimeFormat)}, in the columns named (any of
     * {@link #columns()}, each once), in that order, as tshark's {@code -T fields -e}.
     *
     * @param out     where the CSV goes
     * @param header  whether to write the header line first
     * @param time    how timestamps are written
     * @param columns the names of the columns to write
     * @throws IllegalArgumentException for a name that is no column, or a name given twice
     */
    public void writeCsv(Appendable out, boolean header, TimeFormat time, List<String> columns) {
        TextTable.writeCsv(out, this, size, PacketColumns.SET.select(columns), header, time);
    }

    /**
     * Writes the CSV to a file (UTF-8), replacing it.
     *
     * @param file the file to write
     */
    public void writeCsv(Path file) {
        TextTable.writeFile(file, this::writeCsv);
    }

    /** Aligned like a pandas DataFrame: the first and last five rows, then the shape. */
    @Override
    public String toString() {
        return TextTable.render(this, size, PacketColumns.SET.defaults(), PacketTable::instantText);
    }

    /**
     * As {@link #toString()}, in the columns named (any of {@link #columns()}, each once), in that order.
     *
     * @param columns the names of the columns to show
     * @return the aligned table as text
     * @throws IllegalArgumentException for a name that is no column, or a name given twice
     */
    public String render(List<String> columns) {
        return TextTable.render(this, size, PacketColumns.SET.select(columns), PacketTable::instantText);
    }

    /**
     * As {@link #render(List)}, narrower: times printed by {@code time} (nanoseconds since the epoch
     * to text, e.g. the time of day), and each cell longer than {@code maxCellWidth} characters
     * shortened in the middle to that width with {@code ...} (a long IPv6 address keeps its start
     * and its port).
     *
     * @param columns      the column names, any of {@link #columns()}, each once
     * @param time         how a timestamp prints, from nanoseconds since the epoch
     * @param maxCellWidth the widest a cell prints, at least 5
     * @return the table as text
     * @throws IllegalArgumentException for a name that is no column, or a name given twice, or a
     *                                  {@code maxCellWidth} under 5
     */
    public String render(List<String> columns, LongFunction<String> time, int maxCellWidth) {
        if (maxCellWidth < 5) {
            throw new IllegalArgumentException("maxCellWidth must be at least 5, got " + maxCellWidth);
        }
        return TextTable.render(this, size, PacketColumns.SET.select(columns), time, maxCellWidth);
    }

    /** A time as {@link Instant#toString()} prints it (ISO 8601, as few decimals as it needs). */
    private static String instantText(long nanos) {
        return instant(nanos).toString();
    }
}
