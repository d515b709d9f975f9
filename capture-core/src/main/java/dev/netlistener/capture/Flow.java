// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture;

import dev.netlistener.capture.decode.Tunnel;

/**
 * One conversation: both directions between two endpoints (IP version, addresses, ports, IP
 * protocol), or all non-IP traffic of one EtherType ({@code ipVersion} 0, no addresses or ports),
 * in one tunnel (the same conversation in two GTP-U tunnels is two flows). A is the endpoint that
 * sent the first packet seen; bytes are wire lengths.
 *
 * @param ipVersion      4 or 6; 0 for a non-IP flow
 * @param protocol       IP protocol number after IPv6 extension headers, -1 for non-IP
 * @param etherType      the EtherType the packets carried
 * @param addressAHigh   the first 64 bits of A's IPv6 address; 0 for IPv4 and non-IP
 * @param addressALow    the last 64 bits of A's IPv6 address, or its IPv4 address (big-endian) in the
 *                       low 32 bits; 0 for non-IP
 * @param portA          A's TCP/UDP port, -1 without one
 * @param addressBHigh   the first 64 bits of B's IPv6 address, as {@code addressAHigh}
 * @param addressBLow    B's address as {@code addressALow}
 * @param portB          B's TCP/UDP port, -1 without one
 * @param packetsAToB    packets A sent to B
 * @param bytesAToB      bytes (wire lengths) A sent to B
 * @param packetsBToA    packets B sent to A
 * @param bytesBToA      bytes (wire lengths) B sent to A
 * @param firstSeenNanos the first packet's time, nanoseconds since the epoch
 * @param lastSeenNanos  the latest packet's time, nanoseconds since the epoch
 * @param tcpFlags       every TCP flag seen in either direction, OR-ed (0 for non-TCP)
 * @param direction      relative to the device, from A's and B's addresses as for packets
 * @param end            why the flow left the table, or {@link FlowEnd#ACTIVE}
 * @param tunnelKind     the kind of tunnel whose identifier is part of the flow's key (the packets'
 *                       {@code DecodedPacket.tunnelIdKind()}); null for packets in no tunnel with one
 * @param tunnelId       that identifier (a GTP-U TEID, a VXLAN VNI, ...), unsigned; -1 when none
 */
public record Flow(int ipVersion, int protocol, int etherType,
                   long addressAHigh, long addressALow, int portA,
                   long addressBHigh, long addressBLow, int portB,
                   long packetsAToB, long bytesAToB, long packetsBToA, long bytesBToA,
                   long firstSeenNanos, long lastSeenNanos, int tcpFlags, Direction direction, FlowEnd end,
                   Tunnel tunnelKind, long tunnelId) {

    private static final int TCP_FIN = 0x01;
    private static final int TCP_SYN = 0x02;
    private static final int TCP_RST = 0x04;

    /** {@return A's address: IPv4 dotted, IPv6 RFC 5952, "" for non-IP} */
    public String addressAText() {
        return text(addressAHigh, addressALow);
    }

    /** {@return B's address: IPv4 dotted, IPv6 RFC 5952, "" for non-IP} */
    public String addressBText() {
        return text(addressBHigh, addressBLow);
    }

    private String text(long high, long low) {
        return switch (ipVersion) {
            case 4 -> InetAddresses.formatIpv4((int) low);
            case 6 -> InetAddresses.formatIpv6(high, low);
            default -> "";
        };
    }

    /** {@return the packets in both directions} */
    public long packets() {
        return packetsAToB + packetsBToA;
    }

    /** {@return the bytes (wire lengths) in both directions} */
    public long bytes() {
        return bytesAToB + bytesBToA;
    }

    /** {@return whether a TCP SYN was seen in either direction} */
    public boolean sawSyn() {
        return (tcpFlags & TCP_SYN) != 0;
    }

    /** {@return whether a TCP FIN was seen in either direction} */
    public boolean sawFin() {
        return (tcpFlags & TCP_FIN) != 0;
    }

    /** {@return whether a TCP RST was seen in either direction} */
    public boolean sawRst() {
        return (tcpFlags & TCP_RST) != 0;
    }
}
