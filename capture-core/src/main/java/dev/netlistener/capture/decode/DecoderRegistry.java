package dev.netlistener.capture.decode;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The tables from EtherType and from IP protocol number to decoders. Lookups are array indexes.
 *
 * <p>A registry holds decoder instances, which hold mutable views: give each
 * {@link PacketDecoder} (each thread) its own registry, e.g. a fresh {@link #standard()} plus the
 * same registrations. Registration is not for the per-packet path.
 */
public final class DecoderRegistry {
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;
    public static final int ETHERTYPE_IPV6 = 0x86DD;
    public static final int ETHERTYPE_VLAN = 0x8100;
    public static final int ETHERTYPE_QINQ = 0x88A8;
    /** The pre-standard QinQ TPID some switches still send. */
    public static final int ETHERTYPE_QINQ_LEGACY = 0x9100;

    public static final int PROTOCOL_ICMP = 1;
    public static final int PROTOCOL_TCP = 6;
    public static final int PROTOCOL_UDP = 17;
    public static final int PROTOCOL_ICMPV6 = 58;

    private final ProtocolDecoder[] byEtherType = new ProtocolDecoder[1 << 16];
    private final ProtocolDecoder[] byIpProtocol = new ProtocolDecoder[1 << 8];

    /** An empty registry: every EtherType and IP protocol ends decoding. */
    public DecoderRegistry() {
    }

    /** A fresh registry with the built-in decoders: IPv4, IPv6, ARP, VLAN tags, TCP, UDP, ICMP, ICMPv6. */
    public static DecoderRegistry standard() {
        VlanView vlan = new VlanView();
        return new DecoderRegistry()
                .registerEtherType(ETHERTYPE_IPV4, new Ipv4View())
                .registerEtherType(ETHERTYPE_IPV6, new Ipv6View())
                .registerEtherType(ETHERTYPE_ARP, new ArpView())
                .registerEtherType(ETHERTYPE_VLAN, vlan)
                .registerEtherType(ETHERTYPE_QINQ, vlan)
                .registerEtherType(ETHERTYPE_QINQ_LEGACY, vlan)
                .registerIpProtocol(PROTOCOL_TCP, new TcpView())
                .registerIpProtocol(PROTOCOL_UDP, new UdpView())
                .registerIpProtocol(PROTOCOL_ICMP, new IcmpView(Layer.ICMP))
                .registerIpProtocol(PROTOCOL_ICMPV6, new IcmpView(Layer.ICMPV6));
    }

    /** Sets (or replaces) the decoder for an EtherType, 0 to 0xFFFF. */
    public DecoderRegistry registerEtherType(int etherType, ProtocolDecoder decoder) {
        byEtherType[Objects.checkIndex(etherType, byEtherType.length)] = Objects.requireNonNull(decoder, "decoder");
        return this;
    }

    /**
     * Sets (or replaces) the decoder for an IP protocol number, 0 to 255. IPv6 extension headers
     * (0, 43, 44, 51, 60) are walked by the IPv6 decoder itself and never looked up here.
     */
    public DecoderRegistry registerIpProtocol(int protocol, ProtocolDecoder decoder) {
        byIpProtocol[Objects.checkIndex(protocol, byIpProtocol.length)] = Objects.requireNonNull(decoder, "decoder");
        return this;
    }

    /** The decoder for an EtherType; null when none is registered or the value is out of range. */
    public ProtocolDecoder etherType(int etherType) {
        return (etherType >>> 16) == 0 ? byEtherType[etherType] : null;
    }

    /** The decoder for an IP protocol number; null when none is registered or the value is out of range. */
    public ProtocolDecoder ipProtocol(int protocol) {
        return (protocol >>> 8) == 0 ? byIpProtocol[protocol] : null;
    }

    /** Decodes the header at {@code offset} with the decoder for {@code etherType}; an unknown type ends decoding. */
    public void decodeEtherType(int etherType, MemorySegment segment, long offset, long end, long limit,
                                DecodedPacket packet) {
        ProtocolDecoder decoder = etherType(etherType);
        if (decoder != null) {
            decoder.decode(segment, offset, end, limit, packet, this);
        }
    }

    /** Decodes the header at {@code offset} with the decoder for IP {@code protocol}; an unknown protocol ends decoding. */
    public void decodeIpProtocol(int protocol, MemorySegment segment, long offset, long end, long limit,
                                 DecodedPacket packet) {
        ProtocolDecoder decoder = ipProtocol(protocol);
        if (decoder != null) {
            decoder.decode(segment, offset, end, limit, packet, this);
        }
    }
}
