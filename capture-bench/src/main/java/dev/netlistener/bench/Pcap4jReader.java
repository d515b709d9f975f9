// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.bench;

import java.io.EOFException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.ArpPacket;
import org.pcap4j.packet.Dot1qVlanTagPacket;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6ExtFragmentPacket;
import org.pcap4j.packet.IpV6ExtOptionsPacket;
import org.pcap4j.packet.IpV6ExtRoutingPacket;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;

/**
 * pcap4j 1.8.2, the usual way: {@code getNextPacketEx} builds each packet's object tree (static
 * packet factory), and the fields are read through its packet and header classes.
 */
final class Pcap4jReader implements OfflineReader {

    @Override
    public FieldChecksum read(Path file) throws Exception {
        FieldChecksum checksum = new FieldChecksum();
        try (PcapHandle handle = Pcaps.openOffline(file.toString())) {
            while (true) {
                Packet packet;
                try {
                    packet = handle.getNextPacketEx();
                } catch (EOFException end) {
                    break;
                }
                add(checksum, packet, handle.getOriginalLength());
            }
        }
        return checksum;
    }

    private static void add(FieldChecksum checksum, Packet packet, int wireLength) {
        EthernetPacket ethernet = packet.get(EthernetPacket.class);
        Dot1qVlanTagPacket vlan = packet.get(Dot1qVlanTagPacket.class);
        IpV4Packet ipv4 = packet.get(IpV4Packet.class);
        IpV6Packet ipv6 = packet.get(IpV6Packet.class);
        ArpPacket arp = packet.get(ArpPacket.class);
        TcpPacket tcp = packet.get(TcpPacket.class);
        UdpPacket udp = packet.get(UdpPacket.class);
        int etherType = Short.toUnsignedInt(vlan != null ? vlan.getHeader().getType().value()
                : ethernet.getHeader().getType().value());
        int version = 0;
        long[] source = {0, 0};
        long[] destination = {0, 0};
        int protocol = -1;
        if (ipv4 != null) {
            version = 4;
            source = words(ipv4.getHeader().getSrcAddr());
            destination = words(ipv4.getHeader().getDstAddr());
            protocol = Byte.toUnsignedInt(ipv4.getHeader().getProtocol().value());
        } else if (ipv6 != null) {
            version = 6;
            source = words(ipv6.getHeader().getSrcAddr());
            destination = words(ipv6.getHeader().getDstAddr());
            protocol = protocolAfterExtensions(ipv6);
        }
        int sourcePort = -1;
        int destinationPort = -1;
        int tcpFlags = -1;
        if (tcp != null) {
            TcpPacket.TcpHeader header = tcp.getHeader();
            sourcePort = header.getSrcPort().valueAsInt();
            destinationPort = header.getDstPort().valueAsInt();
            // pcap4j follows RFC 793: six "reserved" bits before URG; the low three are AE, CWR and ECE.
            tcpFlags = (header.getReserved() & 0x7) << 6 | bit(header.getUrg(), 5) | bit(header.getAck(), 4)
                    | bit(header.getPsh(), 3) | bit(header.getRst(), 2) | bit(header.getSyn(), 1)
                    | bit(header.getFin(), 0);
        } else if (udp != null) {
            sourcePort = udp.getHeader().getSrcPort().valueAsInt();
            destinationPort = udp.getHeader().getDstPort().valueAsInt();
        }
        checksum.packet(packet.length(), wireLength, mac(ethernet.getHeader().getSrcAddr().getAddress()),
                mac(ethernet.getHeader().getDstAddr().getAddress()), etherType,
                vlan != null ? vlan.getHeader().getVidAsInt() : -1, version, source[0], source[1], destination[0],
                destination[1], protocol, sourcePort, destinationPort,
                arp != null ? Short.toUnsignedInt(arp.getHeader().getOperation().value()) : -1, tcpFlags);
    }

    private static int protocolAfterExtensions(IpV6Packet ipv6) {
        int protocol = Byte.toUnsignedInt(ipv6.getHeader().getNextHeader().value());
        for (Packet next = ipv6.getPayload(); next != null; next = next.getPayload()) {
            if (next instanceof IpV6ExtOptionsPacket options) {
                protocol = Byte.toUnsignedInt(options.getHeader().getNextHeader().value());
            } else if (next instanceof IpV6ExtRoutingPacket routing) {
                protocol = Byte.toUnsignedInt(routing.getHeader().getNextHeader().value());
            } else if (next instanceof IpV6ExtFragmentPacket fragment) {
                protocol = Byte.toUnsignedInt(fragment.getHeader().getNextHeader().value());
            } else {
                break;
            }
        }
        return protocol;
    }

    private static int bit(boolean set, int position) {
        return set ? 1 << position : 0;
    }

    private static long mac(byte[] address) {
        return ByteBuffer.allocate(8).put(2, address).getLong(0);
    }

    /** An address as the checksum wants it: IPv4 in the low word; IPv6 as two big-endian words. */
    private static long[] words(InetAddress address) {
        byte[] bytes = address.getAddress();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return bytes.length == 4 ? new long[]{0, Integer.toUnsignedLong(buffer.getInt())}
                : new long[]{buffer.getLong(), buffer.getLong()};
    }
}
