package dev.netlistener.capture;

import dev.netlistener.capture.decode.DecodedPacket;

/**
 * {@value #ROWS} decoded packets, column by column in primitive arrays. Allocated once per
 * {@value #ROWS} packets by whoever fills tables, never per packet; a row once written is never
 * written again, so tables share chunks without copying.
 */
final class RowChunk {
    static final int SHIFT = 14;
    static final int ROWS = 1 << SHIFT;
    static final int MASK = ROWS - 1;
    /** Heap bytes one row takes across the columns below (RowChunkTest checks the sum). */
    static final int BYTES_PER_ROW = 117;

    /** Address family of the IP columns: 0 none, 4 or 6 (ARP's IPv4 protocol addresses count as 4). */
    static final byte FAMILY_NONE = 0;
    static final byte SOURCE_MAC = 1;
    static final byte DESTINATION_MAC = 2;

    final long[] timestamp = new long[ROWS];
    final int[] wireLength = new int[ROWS];
    final int[] capturedLength = new int[ROWS];
    final int[] linkType = new int[ROWS];
    final int[] etherType = new int[ROWS];
    final int[] vlan = new int[ROWS];
    final long[] sourceMac = new long[ROWS];
    final long[] destinationMac = new long[ROWS];
    /** Which MACs the link layer had: {@link #SOURCE_MAC} and/or {@link #DESTINATION_MAC}. */
    final byte[] macs = new byte[ROWS];
    final byte[] ipVersion = new byte[ROWS];
    final byte[] addressFamily = new byte[ROWS];
    final long[] sourceHigh = new long[ROWS];
    final long[] sourceLow = new long[ROWS];
    final long[] destinationHigh = new long[ROWS];
    final long[] destinationLow = new long[ROWS];
    final int[] sourcePort = new int[ROWS];
    final int[] destinationPort = new int[ROWS];
    final int[] protocol = new int[ROWS];
    final int[] arpOperation = new int[ROWS];
    final int[] tcpFlags = new int[ROWS];
    final int[] icmpType = new int[ROWS];
    final int[] icmpCode = new int[ROWS];
    final byte[] direction = new byte[ROWS];
    final byte[] status = new byte[ROWS];
    final byte[] statusLayer = new byte[ROWS];
    final short[] malformation = new short[ROWS];

    /** Rows written so far; the writer's own count (tables carry their own sizes). */
    int size;
    /** The chunk appended after this one, set before any of its rows is published. */
    RowChunk next;

    boolean isFull() {
        return size == ROWS;
    }

    /** Appends one decoded packet; the caller checks {@link #isFull()} first. */
    void append(DecodedPacket packet, Direction packetDirection) {
        int i = size;
        timestamp[i] = packet.timestampNanos();
        wireLength[i] = packet.wireLength();
        capturedLength[i] = packet.capturedLength();
        linkType[i] = packet.linkType();
        etherType[i] = packet.etherType();
        vlan[i] = packet.vlanId();
        // Ethernet has both; Linux cooked captures carry only the sender's address.
        macs[i] = (byte) (packet.hasMacs() ? SOURCE_MAC | DESTINATION_MAC : packet.hasSourceMac() ? SOURCE_MAC : 0);
        sourceMac[i] = packet.sourceMac();
        destinationMac[i] = packet.destinationMac();
        ipVersion[i] = (byte) packet.ipVersion();
        if (packet.ipVersion() == 4) {
            setIpv4(i, packet.ipv4Source(), packet.ipv4Destination());
        } else if (packet.ipVersion() == 6) {
            addressFamily[i] = 6;
            sourceHigh[i] = packet.ipv6SourceHigh();
            sourceLow[i] = packet.ipv6SourceLow();
            destinationHigh[i] = packet.ipv6DestinationHigh();
            destinationLow[i] = packet.ipv6DestinationLow();
        } else if (packet.hasArpIpv4()) {
            setIpv4(i, packet.arpSenderProtocol(), packet.arpTargetProtocol());
        } else {
            addressFamily[i] = FAMILY_NONE;
        }
        sourcePort[i] = packet.sourcePort();
        destinationPort[i] = packet.destinationPort();
        protocol[i] = packet.ipProtocol();
        arpOperation[i] = packet.arpOperation();
        tcpFlags[i] = packet.tcpFlags();
        icmpType[i] = packet.icmpType();
        icmpCode[i] = packet.icmpCode();
        direction[i] = (byte) packetDirection.ordinal();
        status[i] = (byte) packet.status().ordinal();
        statusLayer[i] = (byte) packet.statusLayer().ordinal();
        malformation[i] = (short) packet.malformation().ordinal();
        size = i + 1;
    }

    private void setIpv4(int i, int source, int destination) {
        addressFamily[i] = 4;
        sourceHigh[i] = 0;
        sourceLow[i] = Integer.toUnsignedLong(source);
        destinationHigh[i] = 0;
        destinationLow[i] = Integer.toUnsignedLong(destination);
    }
}
