// SPDX-License-Identifier: Apache-2.0
package dev.netlistener.capture.decode;

/**
 * The write side of a {@link DecodedPacket}: what decoders record into it, layer by layer. A
 * {@link PacketDecoder} owns one recorder and the packet it fills; decoders are handed the
 * recorder, everyone else (a capture's handlers among them) only the packet, which they cannot
 * change. The public methods are those a decoder registered from outside this package needs.
 */
public final class PacketRecorder {
    /** The most tunnels entered one inside another; deeper ones are MALFORMED and not entered. */
    public static final int MAX_TUNNEL_DEPTH = 8;
    /** The end {@link #enterTunnel} gives a packet carried in an IP fragment: it goes on in later fragments. */
    public static final long UNKNOWN_END = Long.MAX_VALUE;
    private static final int OK = DecodeStatus.OK.ordinal();

    private final DecodedPacket packet;
    /** The outermost layers' fields, kept while tunnels are entered and put back at the end; null unless asked for. */
    private final DecodedPacket outermost;

    /** @param keepOutermost whether {@link #finish()} puts the outermost layers' fields back over the innermost */
    PacketRecorder(DecodedPacket packet, boolean keepOutermost) {
        this.packet = packet;
        this.outermost = keepOutermost ? new DecodedPacket() : null;
    }

    /** {@return the packet being filled, to read what the layers before this one recorded} */
    public DecodedPacket packet() {
        return packet;
    }

    /** Starts a packet: every group absent, status OK. */
    void reset(long start, long timestampNanos, int wireLength, int capturedLength, int linkType) {
        packet.present = 0;
        packet.problem = OK;
        packet.payloadOffset = 0;
        packet.start = start;
        packet.timestamp = timestampNanos;
        packet.wireLength = wireLength;
        packet.capturedLength = capturedLength;
        packet.linkType = linkType;
    }

    // ---- reporting, open to decoders registered from outside this package

    /**
     * Records that the captured bytes ran out inside {@code layer}'s header; the first problem reported is kept.
     *
     * @param layer the layer whose header was cut
     */
    public void truncated(Layer layer) {
        problem(DecodeStatus.TRUNCATED, layer, Malformation.NONE);
    }

    /**
     * Records that {@code layer}'s header contradicts itself or its enclosing layer; the first problem reported is kept.
     *
     * @param layer  the layer whose header is wrong
     * @param reason what is wrong with it
     */
    public void malformed(Layer layer, Malformation reason) {
        problem(DecodeStatus.MALFORMED, layer, reason);
    }

    private void problem(DecodeStatus status, Layer layer, Malformation reason) {
        if (packet.problem == OK) {
            packet.problem = status.ordinal() | layer.ordinal() << 8 | reason.ordinal() << 16;
        }
    }

    /** A decoder threw: this replaces whatever was reported before, since the packet's decoding stopped mid-way. */
    void decoderFailed() {
        packet.problem = OK;
        malformed(Layer.OTHER, Malformation.DECODER_FAILED);
    }

    /**
     * Records that every header up to {@code offset} (absolute, in the decoded segment) was decoded.
     *
     * @param offset where the payload of the last header decoded whole starts
     */
    public void headersEndAt(long offset) {
        packet.payloadOffset = (int) (offset - packet.start);
    }

    /**
     * Sets the ports of a transport protocol that has them (TCP, UDP, SCTP, ...).
     *
     * @param source      the source port
     * @param destination the destination port
     */
    public void ports(int source, int destination) {
        packet.sourcePort = source;
        packet.destinationPort = destination;
        packet.present |= DecodedPacket.PORTS;
    }

    /**
     * Records that the headers decoded so far carried a tunnel of {@code kind}, and clears the
     * per-packet fields for the packet inside it: the IP, ARP and transport fields, and with
     * {@code ethernetInside} also the Ethernet header's (MACs, VLAN tags, EtherType), which the
     * inner frame then fills. The outermost IP header's addresses are kept as the outer
     * addresses. Call it once the tunnel header is known to be whole and to carry a packet the
     * registry decodes, before decoding that packet ({@link DecoderRegistry#decodeInTunnel} does).
     *
     * @param kind           the tunnel entered
     * @param identifier     what identifies this tunnel (unsigned, see {@link Tunnel}), or -1
     * @param ethernetInside whether the tunnel carries an Ethernet frame rather than a network-layer packet
     * @param end            where the packet inside ends as the tunnel's own lengths declare it
     * @return where the packet inside ends for its decoders: {@code end}, or {@link #UNKNOWN_END}
     *         when an enclosing IP datagram is a fragment (the packet inside goes on in later
     *         ones); -1 when tunnels nest deeper than {@link #MAX_TUNNEL_DEPTH}, after recording
     *         it as MALFORMED: then do not decode what the tunnel carries
     */
    public long enterTunnel(Tunnel kind, long identifier, boolean ethernetInside, long end) {
        int depth = packet.tunnelDepth();
        if (!recordTunnel(kind, identifier)) {
            return -1;
        }
        if (depth == 0 && outermost != null) {
            FieldHandles.copy(packet, outermost);
        }
        long innerEnd = packet.isFragment() ? UNKNOWN_END : end;
        packet.present &= ~(DecodedPacket.INNER_GROUPS | (ethernetInside ? DecodedPacket.LINK_GROUPS : 0));
        return innerEnd;
    }

    /**
     * Records a tunnel header whose payload is no packet the decoders know (a PPP control
     * protocol, a GRE keepalive, a GTP-U signalling message): the fields decoded so far stay the
     * packet's, and the tunnel columns say what carried them.
     *
     * @param kind       the tunnel
     * @param identifier what identifies this tunnel (unsigned, see {@link Tunnel}), or -1
     */
    public void tunnelWithoutPacket(Tunnel kind, long identifier) {
        recordTunnel(kind, identifier);
    }

    /** Adds {@code kind} to the chain; false, after recording MALFORMED, when tunnels nest too deep. */
    private boolean recordTunnel(Tunnel kind, long identifier) {
        int depth = packet.tunnelDepth();
        if (depth == MAX_TUNNEL_DEPTH) {
            malformed(kind.layer(), Malformation.TUNNELS_NESTED_TOO_DEEP);
            return false;
        }
        if (depth == 0) {
            packet.tunnelChain = 0;
            packet.tunnelId = -1;
            packet.tunnelIdKind = 0;
            packet.present |= DecodedPacket.TUNNEL;
        }
        if ((packet.present & DecodedPacket.OUTER_IP) == 0 && (packet.present & DecodedPacket.IP) != 0) {
            keepOuterAddresses();
        }
        packet.tunnelChain |= (long) kind.code() << 4 * depth;
        packet.tunnelDepth = depth + 1;
        if (identifier >= 0) {
            packet.tunnelId = identifier;
            packet.tunnelIdKind = kind.code();
        }
        return true;
    }

    /** The IP header decoded so far becomes the outer one (the first tunnel under IP). */
    private void keepOuterAddresses() {
        int version = packet.ipVersion();
        packet.outerIpVersion = version;
        packet.present |= DecodedPacket.OUTER_IP;
        if (version == 4) {
            packet.outerSourceHigh = 0;
            packet.outerDestinationHigh = 0;
            packet.outerSourceLow = Integer.toUnsignedLong(packet.ipv4Source);
            packet.outerDestinationLow = Integer.toUnsignedLong(packet.ipv4Destination);
        } else if (version == 6) {
            packet.outerSourceHigh = packet.ipv6SourceHigh;
            packet.outerSourceLow = packet.ipv6SourceLow;
            packet.outerDestinationHigh = packet.ipv6DestinationHigh;
            packet.outerDestinationLow = packet.ipv6DestinationLow;
        }
    }

    /** Ends a packet: when the outermost layers are kept, a tunnelled packet gets their fields back. */
    void finish() {
        if (outermost != null && packet.tunnelDepth() != 0) {
            FieldHandles.copyLinkAndInner(outermost, packet);
            int replaced = DecodedPacket.LINK_GROUPS | DecodedPacket.INNER_GROUPS;
            packet.present = packet.present & ~replaced | outermost.present & replaced;
        }
    }

    // ---- filled in by the built-in decoders

    void ethernet(long source, long destination) {
        packet.sourceMac = source;
        packet.destinationMac = destination;
        packet.present |= DecodedPacket.MACS | DecodedPacket.SOURCE_MAC;
    }

    void linuxCooked(int packetType, boolean sixByteAddress, long address) {
        packet.linuxPacketType = packetType;
        packet.sourceMac = address;
        packet.present |= DecodedPacket.COOKED | (sixByteAddress ? DecodedPacket.SOURCE_MAC : 0);
    }

    void etherType(int value) {
        packet.etherType = value;
        packet.present |= DecodedPacket.ETHER_TYPE;
    }

    void vlanTag(int tpid, int id) {
        if ((packet.present & DecodedPacket.VLAN) == 0) {
            packet.vlanTpid = tpid;
            packet.vlanId = id;
            packet.vlanCount = 0;
            packet.present |= DecodedPacket.VLAN;
        }
        packet.innerVlanId = id;
        packet.vlanCount++;
    }

    void ipv4(int source, int destination, int protocol, int headerLength, int timeToLive, int fragmentOffsetBytes,
              boolean isFragment) {
        packet.ipv4Source = source;
        packet.ipv4Destination = destination;
        packet.ipProtocol = protocol;
        packet.ipHeaderLength = headerLength;
        packet.ttl = timeToLive;
        packet.fragmentOffset = fragmentOffsetBytes;
        packet.fragment = isFragment;
        packet.present = packet.present & ~DecodedPacket.IPV6 | DecodedPacket.IPV4;
    }

    /** The fixed header; the upper-layer protocol stays unknown (-1) until {@link #ipv6UpperLayer}. */
    void ipv6(long sourceHigh, long sourceLow, long destinationHigh, long destinationLow, int nextHeader, int hopLimit) {
        packet.ipv6SourceHigh = sourceHigh;
        packet.ipv6SourceLow = sourceLow;
        packet.ipv6DestinationHigh = destinationHigh;
        packet.ipv6DestinationLow = destinationLow;
        packet.ipv6NextHeader = nextHeader;
        packet.ipHeaderLength = Ipv6View.HEADER_LENGTH;
        packet.ttl = hopLimit;
        packet.ipProtocol = -1;
        packet.fragment = false;
        packet.fragmentOffset = 0;
        packet.present = packet.present & ~DecodedPacket.IPV4 | DecodedPacket.IPV6;
    }

    /** The IPv6 extension chain ended at an upper-layer protocol after {@code headerLength} bytes of IPv6 headers. */
    void ipv6UpperLayer(int protocol, int headerLength) {
        packet.ipProtocol = protocol;
        packet.ipHeaderLength = headerLength;
    }

    /** A fragment header; one with offset 0 and no more fragments (an atomic fragment, RFC 6946) is a whole datagram. */
    void ipv6Fragment(int fragmentOffsetBytes, boolean moreFragments, int identification, int length) {
        packet.fragment = moreFragments || fragmentOffsetBytes != 0;
        packet.fragmentOffset = fragmentOffsetBytes;
        fragmentIdentity(identification, moreFragments, length);
    }

    /** What finds a fragment's datagram, beside {@link #ipv4} or {@link #ipv6Fragment}: called for fragments only. */
    void fragmentIdentity(int identification, boolean moreFragments, int length) {
        packet.fragmentId = identification;
        packet.moreFragments = moreFragments;
        packet.fragmentLength = length;
    }

    /**
     * Gives a fragment other than the first its datagram's ports, which the first fragment
     * carried ({@link DecodedPacket#portsFromFirstFragment()}): for the capture's fragment table,
     * after decoding.
     *
     * @param source      the datagram's source port
     * @param destination the datagram's destination port
     */
    public void portsFromFirstFragment(int source, int destination) {
        ports(source, destination);
        packet.present |= DecodedPacket.FRAGMENT_PORTS;
    }

    void arp(int operation, int hardwareType, int protocolType, int hardwareLength, int protocolLength) {
        packet.arpOperation = operation;
        packet.arpHardwareType = hardwareType;
        packet.arpProtocolType = protocolType;
        packet.arpHardwareLength = hardwareLength;
        packet.arpProtocolLength = protocolLength;
        packet.present |= DecodedPacket.ARP;
    }

    void arpAddresses(long senderHardware, long targetHardware, boolean ipv4, int senderProtocol, int targetProtocol) {
        packet.arpSenderHardware = senderHardware;
        packet.arpTargetHardware = targetHardware;
        packet.arpIpv4 = ipv4;
        packet.arpSenderProtocol = senderProtocol;
        packet.arpTargetProtocol = targetProtocol;
        packet.present |= DecodedPacket.ARP_ADDRESSES;
    }

    void tcp(long sequence, long acknowledgement, int flags, int headerLength) {
        packet.tcpSequence = sequence;
        packet.tcpAcknowledgement = acknowledgement;
        packet.tcpFlags = flags;
        packet.tcpHeaderLength = headerLength;
        packet.present |= DecodedPacket.TCP;
    }

    void udp(int length) {
        packet.udpLength = length;
        packet.present |= DecodedPacket.UDP;
    }

    void icmp(int type, int code) {
        packet.icmpType = type;
        packet.icmpCode = code;
        packet.present |= DecodedPacket.ICMP;
    }

    // ---- the names (only ever found after the last tunnel, so they are the innermost packet's)

    /** A name of {@code length} bytes of text at absolute {@code offset} (for DNS: the message's start). */
    void name(NameKind kind, long offset, int length) {
        packet.nameKind = kind.code();
        packet.nameOffset = offset;
        packet.nameLength = length;
        packet.present |= DecodedPacket.NAME;
    }

    void dnsAnswers(int count) {
        packet.dnsAnswers = count;
        packet.present |= DecodedPacket.DNS;
    }
}
