// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * The tables from EtherType and from IP protocol number to decoders. Lookups are array indexes.
 *
 * <p>A registry holds decoder instances, which hold mutable views: give each
 * {@link PacketDecoder} (each thread) its own registry, e.g. a fresh {@link #standard()} plus the
 * same registrations. Registration is not for the per-packet path.
 */
public final class DecoderRegistry {
    /** EtherType of IPv4. */
    public static final int ETHERTYPE_IPV4 = 0x0800;
    /** EtherType of ARP. */
    public static final int ETHERTYPE_ARP = 0x0806;
    /** EtherType of IPv6. */
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    /** EtherType (TPID) of an IEEE 802.1Q VLAN tag. */
    public static final int ETHERTYPE_VLAN = 0x8100;
    /** EtherType (TPID) of an IEEE 802.1ad service tag, the outer tag of QinQ. */
    public static final int ETHERTYPE_QINQ = 0x88A8;
    /** The pre-standard QinQ TPID some switches still send. */
    public static final int ETHERTYPE_QINQ_LEGACY = 0x9100;

    /** EtherType of PPPoE's discovery stage (RFC 2516). */
    public static final int ETHERTYPE_PPPOE_DISCOVERY = 0x8863;
    /** EtherType of PPPoE's session stage, which carries PPP (RFC 2516). */
    public static final int ETHERTYPE_PPPOE_SESSION = 0x8864;
    /** EtherType of an MPLS unicast label stack (RFC 3032). */
    public static final int ETHERTYPE_MPLS_UNICAST = 0x8847;
    /** EtherType of an MPLS multicast label stack (RFC 5332). */
    public static final int ETHERTYPE_MPLS_MULTICAST = 0x8848;
    /** An Ethernet frame inside a tunnel (GRE's "transparent Ethernet bridging", RFC 1701). */
    public static final int ETHERTYPE_TRANSPARENT_ETHERNET = 0x6558;

    /** IP protocol number of ICMP. */
    public static final int PROTOCOL_ICMP = 1;
    /** IP protocol number of TCP. */
    public static final int PROTOCOL_TCP = 6;
    /** IP protocol number of UDP. */
    public static final int PROTOCOL_UDP = 17;
    /** IP protocol number (IPv6 next header) of ICMPv6. */
    public static final int PROTOCOL_ICMPV6 = 58;

    /** IP protocol number of an IPv4 packet inside IP (RFC 2003). */
    public static final int PROTOCOL_IPV4_IN_IP = 4;
    /** IP protocol number of an IPv6 packet inside IP (RFC 4213). */
    public static final int PROTOCOL_IPV6_IN_IP = 41;
    /** IP protocol number of GRE (RFC 2784). */
    public static final int PROTOCOL_GRE = 47;
    /** MPLS in UDP (RFC 7510). */
    public static final int UDP_PORT_MPLS = 6635;

    private final ProtocolDecoder[] byEtherType = new ProtocolDecoder[1 << 16];
    private final ProtocolDecoder[] byIpProtocol = new ProtocolDecoder[1 << 8];
    /**
     * UDP ports with a decoder for their payload: a 1024-bit filter on the port's low bits, then
     * the few ports themselves. Every UDP datagram asks for both its ports, so the common answer,
     * none, costs two reads of 128 bytes that stay in the cache rather than of a 65536-entry table.
     */
    private final long[] udpPortFilter = new long[16];
    private int[] udpPorts = new int[0];
    private ProtocolDecoder[] byUdpPort = new ProtocolDecoder[0];
    private ProtocolDecoder tcpPayload;

    /** An empty registry: every EtherType and IP protocol ends decoding. */
    public DecoderRegistry() {
    }

    /**
     * A fresh registry with the built-in decoders: IPv4, IPv6, ARP, VLAN tags, TCP, UDP, ICMP,
     * ICMPv6, and the tunnels: PPPoE, MPLS (also over UDP), GRE (with PPP and ERSPAN), VXLAN,
     * Geneve, GTP-U, IP in IP, and Ethernet frames inside them; and the names: DNS queries, TLS
     * server names, HTTP Hosts.
     *
     * @return a new registry, for one {@link PacketDecoder}
     */
    public static DecoderRegistry standard() {
        VlanView vlan = new VlanView();
        MplsView mpls = new MplsView();
        return new DecoderRegistry()
                .registerEtherType(ETHERTYPE_PPPOE_DISCOVERY, new PppoeView(false))
                .registerEtherType(ETHERTYPE_PPPOE_SESSION, new PppoeView(true))
                .registerEtherType(ETHERTYPE_MPLS_UNICAST, mpls)
                .registerEtherType(ETHERTYPE_MPLS_MULTICAST, mpls)
                .registerEtherType(ETHERTYPE_TRANSPARENT_ETHERNET, new EthernetView())
                .registerIpProtocol(PROTOCOL_IPV4_IN_IP, new IpInIpDecoder(ETHERTYPE_IPV4))
                .registerIpProtocol(PROTOCOL_IPV6_IN_IP, new IpInIpDecoder(ETHERTYPE_IPV6))
                .registerIpProtocol(PROTOCOL_GRE, new GreView())
                .registerUdpPort(VxlanView.UDP_PORT, new VxlanView())
                .registerUdpPort(GeneveView.UDP_PORT, new GeneveView())
                .registerUdpPort(GtpuView.UDP_PORT, new GtpuView())
                .registerUdpPort(UDP_PORT_MPLS, mpls)
                .registerEtherType(ETHERTYPE_IPV4, new Ipv4View())
                .registerEtherType(ETHERTYPE_IPV6, new Ipv6View())
                .registerEtherType(ETHERTYPE_ARP, new ArpView())
                .registerEtherType(ETHERTYPE_VLAN, vlan)
                .registerEtherType(ETHERTYPE_QINQ, vlan)
                .registerEtherType(ETHERTYPE_QINQ_LEGACY, vlan)
                .registerIpProtocol(PROTOCOL_TCP, new TcpView())
                .registerIpProtocol(PROTOCOL_UDP, new UdpView())
                .registerIpProtocol(PROTOCOL_ICMP, new IcmpView(Layer.ICMP))
                .registerIpProtocol(PROTOCOL_ICMPV6, new IcmpView(Layer.ICMPV6))
                .registerNames();
    }

    /** The names: DNS (and mDNS, LLMNR) queries, SSDP's Host header, and TCP's TLS server names and HTTP Hosts. */
    private DecoderRegistry registerNames() {
        DnsView dns = new DnsView();
        return registerUdpPort(DnsView.UDP_PORT, dns)
                .registerUdpPort(DnsView.UDP_PORT_MDNS, dns)
                .registerUdpPort(DnsView.UDP_PORT_LLMNR, dns)
                .registerUdpPort(HttpRequestView.UDP_PORT_SSDP, new HttpRequestView())
                .registerTcpPayload(new TcpPayloadNames());
    }

    /**
     * Sets (or replaces) the decoder of every TCP payload that follows a whole header, whatever its
     * ports (the standard one finds TLS server names and HTTP Hosts, {@link TcpPayloadNames}).
     *
     * @param decoder decodes the payload that follows a whole TCP header
     * @return this registry
     */
    public DecoderRegistry registerTcpPayload(ProtocolDecoder decoder) {
        tcpPayload = Objects.requireNonNull(decoder, "decoder");
        return this;
    }

    /** {@return the decoder of TCP payloads; null when none is registered} */
    public ProtocolDecoder tcpPayload() {
        return tcpPayload;
    }

    /**
     * Sets (or replaces) the decoder for an EtherType.
     *
     * @param etherType the EtherType, 0 to 0xFFFF
     * @param decoder   decodes the header of that type
     * @return this registry
     */
    public DecoderRegistry registerEtherType(int etherType, ProtocolDecoder decoder) {
        byEtherType[Objects.checkIndex(etherType, byEtherType.length)] = Objects.requireNonNull(decoder, "decoder");
        return this;
    }

    /**
     * Sets (or replaces) the decoder for an IP protocol number, 0 to 255. IPv6 extension headers
     * (0, 43, 44, 51, 60) are walked by the IPv6 decoder itself and never looked up here.
     *
     * @param protocol the IP protocol number (IPv6 next header), 0 to 255
     * @param decoder  decodes the header of that protocol
     * @return this registry
     */
    public DecoderRegistry registerIpProtocol(int protocol, ProtocolDecoder decoder) {
        byIpProtocol[Objects.checkIndex(protocol, byIpProtocol.length)] = Objects.requireNonNull(decoder, "decoder");
        return this;
    }

    /**
     * Sets (or replaces) the decoder for what UDP datagrams to or from {@code port} (0 to 65535)
     * carry; the destination port is looked up first.
     *
     * @param port    the UDP port, 0 to 65535
     * @param decoder decodes the UDP payload
     * @return this registry
     */
    public DecoderRegistry registerUdpPort(int port, ProtocolDecoder decoder) {
        Objects.checkIndex(port, 1 << 16);
        Objects.requireNonNull(decoder, "decoder");
        int at = 0;
        while (at < udpPorts.length && udpPorts[at] != port) {
            at++;
        }
        if (at == udpPorts.length) {
            udpPorts = Arrays.copyOf(udpPorts, at + 1);
            byUdpPort = Arrays.copyOf(byUdpPort, at + 1);
            udpPorts[at] = port;
            udpPortFilter[(port & 1023) >>> 6] |= 1L << port;
        }
        byUdpPort[at] = decoder;
        return this;
    }

    /**
     * The decoder for what a UDP port carries.
     *
     * @param port the UDP port
     * @return the decoder; null when none is registered
     */
    public ProtocolDecoder udpPort(int port) {
        if ((udpPortFilter[(port & 1023) >>> 6] & 1L << port) == 0) {
            return null;
        }
        for (int i = 0; i < udpPorts.length; i++) {
            if (udpPorts[i] == port) {
                return byUdpPort[i];
            }
        }
        return null;
    }

    /**
     * The decoder for an EtherType.
     *
     * @param etherType the EtherType
     * @return the decoder; null when none is registered or the value is out of range
     */
    public ProtocolDecoder etherType(int etherType) {
        return (etherType >>> 16) == 0 ? byEtherType[etherType] : null;
    }

    /**
     * The decoder for an IP protocol number.
     *
     * @param protocol the IP protocol number
     * @return the decoder; null when none is registered or the value is out of range
     */
    public ProtocolDecoder ipProtocol(int protocol) {
        return (protocol >>> 8) == 0 ? byIpProtocol[protocol] : null;
    }

    /**
     * Decodes the header at {@code offset} with the decoder for {@code etherType}; an unknown type ends decoding.
     *
     * @param etherType the EtherType of the header
     * @param segment memory holding the packet
     * @param offset  where the header starts
     * @param end     where its bytes end as the enclosing header declares them; may lie beyond {@code limit}
     * @param limit   where the captured bytes end: nothing at or past it is read
     * @param packet  the result, filled in layer by layer
     */
    public void decodeEtherType(int etherType, MemorySegment segment, long offset, long end, long limit,
                                PacketRecorder packet) {
        ProtocolDecoder decoder = etherType(etherType);
        if (decoder != null) {
            decoder.decode(segment, offset, end, limit, packet, this);
        }
    }

    /**
     * Decodes the packet of EtherType {@code etherType} (an Ethernet frame for
     * {@link #ETHERTYPE_TRANSPARENT_ETHERNET}) that a tunnel of {@code kind} carries at
     * {@code offset}, after entering the tunnel ({@link PacketRecorder#enterTunnel}); when no
     * decoder is registered for it, records the tunnel alone
     * ({@link PacketRecorder#tunnelWithoutPacket}).
     *
     * @param kind       the tunnel
     * @param identifier the tunnel's identifier (VNI, key, TEID, label ...), as
     *                   {@link PacketRecorder#enterTunnel} takes it
     * @param etherType  the EtherType of the carried packet
     * @param segment    memory holding the packet
     * @param offset    where the carried packet starts
     * @param end        where its bytes end as the enclosing header declares them; may lie beyond {@code limit}
     * @param limit      where the captured bytes end: nothing at or past it is read
     * @param packet     the result, filled in layer by layer
     */
    public void decodeInTunnel(Tunnel kind, long identifier, int etherType, MemorySegment segment, long offset,
                               long end, long limit, PacketRecorder packet) {
        ProtocolDecoder decoder = etherType(etherType);
        if (decoder == null) {
            packet.tunnelWithoutPacket(kind, identifier);
            return;
        }
        long innerEnd = packet.enterTunnel(kind, identifier, etherType == ETHERTYPE_TRANSPARENT_ETHERNET, end);
        if (innerEnd >= 0) {
            decoder.decode(segment, offset, innerEnd, limit, packet, this);
        }
    }

    /**
     * Decodes the header at {@code offset} with the decoder for IP {@code protocol}; an unknown protocol ends decoding.
     *
     * @param protocol the IP protocol number of the header
     * @param segment  memory holding the packet
     * @param offset   where the header starts
     * @param end      where its bytes end as the enclosing header declares them; may lie beyond {@code limit}
     * @param limit    where the captured bytes end: nothing at or past it is read
     * @param packet   the result, filled in layer by layer
     */
    public void decodeIpProtocol(int protocol, MemorySegment segment, long offset, long end, long limit,
                                 PacketRecorder packet) {
        ProtocolDecoder decoder = ipProtocol(protocol);
        if (decoder != null) {
            decoder.decode(segment, offset, end, limit, packet, this);
        }
    }
}
